// One AWS call, from the request's bytes to the operation's wire response: read the body, route,
// authenticate, pass the gate, apply fault rules, call the handler. Throws a ServiceError for
// the client, or ClientGone when the client left during an injected latency.
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectedFault, ServiceName } from '../contract.js';
import type { FaultInjector } from '../faults.js';
import type { OperationContext, ServiceModule } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { SigV4Verifier } from '../protocol/sigv4.js';
import {
  internalError,
  PROTOCOL_OF,
  successResponse,
  throttlingError,
  type WireResponse,
} from '../protocol/wire-errors.js';
import { ClientGone, readBody } from './body.js';
import { authenticate, authorize, claimedAccessKeyId } from './gate.js';
import { noServiceError, routeOperation } from './route.js';
import { parseQuery } from './url.js';

export interface AwsCallOptions {
  readonly services: Readonly<Record<ServiceName, ServiceModule>>;
  readonly verifier: SigV4Verifier;
  readonly faults: FaultInjector;
  readonly now: () => Date;
  readonly maxBodyBytes: number;
  /** See HttpFrontOptions.personalizeReadAllowed. */
  readonly personalizeReadAllowed: (identityPoolId: string) => boolean;
}

/** The log entry under construction: filled in as the call learns about itself. */
export interface PendingEntry {
  service: ServiceName | 'unknown';
  operation: string;
  accessKeyId: string | undefined;
  input: Record<string, unknown>;
  errorCode: string | undefined;
  fault: InjectedFault | undefined;
  served: boolean;
}

export interface AwsCallRequest {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly target: string | undefined;
  readonly pending: PendingEntry;
  readonly requestId: string;
  /** Aborted when the client leaves: stops a latency fault's timer. */
  readonly signal: AbortSignal;
}

export async function serveAwsCall(
  options: AwsCallOptions,
  { req, method, rawPath, rawQuery, target, pending, requestId, signal }: AwsCallRequest,
): Promise<WireResponse> {
  const body = await readBody(req, options.maxBodyBytes);
  if (body === undefined) {
    throw new ServiceError(
      'RequestEntityTooLargeException',
      413,
      `The request body exceeds the emulator's limit of ${options.maxBodyBytes} bytes.`,
    );
  }
  const { service } = pending;
  if (service === 'unknown') throw noServiceError(method, rawPath);
  const query = parseQuery(rawQuery);

  const routed = routeOperation(
    service,
    options.services[service].operations,
    { method, rawPath, query, headers: req.headers, target, body },
    pending,
  );
  pending.accessKeyId = claimedAccessKeyId(req.headers);
  const principal = await authenticate(options.verifier, service, pending.operation, {
    method,
    rawPath,
    query,
    headers: req.headers,
    body,
  });
  if (routed instanceof ServiceError) throw routed;
  const handler = routed;
  authorize(principal, service, pending.operation, options.personalizeReadAllowed);

  const emptyPage = await applyFaults(options.faults, service, pending, signal);
  pending.served = true;
  const context: OperationContext = {
    principal,
    requestId,
    now: options.now(),
    ...(emptyPage
      ? {
          emptyPage: {
            applied: () => {
              pending.fault = 'empty-page';
            },
          },
        }
      : {}),
  };
  const output = await handler(pending.input, context);
  return successResponse(PROTOCOL_OF[service], output);
}

/**
 * Waits out an injected latency and raises an injected throttle or internal error; resolves to
 * whether the call, if it lists, answers an empty page.
 */
async function applyFaults(
  faults: FaultInjector,
  service: ServiceName,
  pending: PendingEntry,
  signal: AbortSignal,
): Promise<boolean> {
  const decision = faults.decide(service, pending.operation);
  if (decision.latencyMs > 0) {
    try {
      await sleep(decision.latencyMs, undefined, { signal });
    } catch {
      throw new ClientGone();
    }
  }
  if (decision.outcome === 'throttle') {
    pending.fault = 'throttle';
    throw throttlingError(service);
  }
  if (decision.outcome === 'error') {
    pending.fault = 'error';
    throw internalError(service);
  }
  return decision.emptyPage;
}
