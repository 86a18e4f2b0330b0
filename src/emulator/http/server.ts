// The emulator's HTTP front: one node:http server for every service. It sends the admin API
// (admin.ts) and the user pool's JWKS (jwks.ts) their own way; every other request is an AWS call
// (aws-call.ts), whose result or error it serializes per the service's protocol and logs.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { UserPool } from '../cognito-identity/user-pool.js';
import type { ServiceName } from '../contract.js';
import type { FaultInjector } from '../faults.js';
import { headerValue } from '../protocol/headers.js';
import type { ServiceModule } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { SigV4Verifier } from '../protocol/sigv4.js';
import {
  errorResponse,
  internalError,
  PROTOCOL_OF,
  type WireProtocol,
  type WireResponse,
} from '../protocol/wire-errors.js';
import type { RecordingRequestLog } from '../request-log.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { serveAwsCall, type PendingEntry } from './aws-call.js';
import { ClientGone } from './body.js';
import { serveJwks } from './jwks.js';
import { serviceOf } from './route.js';
import { send } from './send.js';
import { splitOnce } from './url.js';

export interface HttpFrontOptions {
  readonly services: Readonly<Record<ServiceName, ServiceModule>>;
  readonly verifier: SigV4Verifier;
  readonly faults: FaultInjector;
  readonly log: RecordingRequestLog;
  readonly now: () => Date;
  /** The user pool whose JWKS is served and whose tokens `POST /_emulator/tokens` issues. */
  readonly userPool: Pick<UserPool, 'jwksPath' | 'jwks' | 'issueToken'>;
  /**
   * Whether identity-bound credentials of this identity pool may call Personalize's List* and
   * Describe* operations (the pool's authenticated role); otherwise they get AccessDeniedException.
   */
  readonly personalizeReadAllowed: (identityPoolId: string) => boolean;
  /** Serve `/_emulator/...` to non-loopback clients. Default false. */
  readonly allowRemoteAdmin?: boolean;
  /** Default 2 MB: room for a 1 MB Cognito Sync record value in its JSON envelope. */
  readonly maxBodyBytes?: number;
  /** Told about handler bugs, which clients see only as a generic 500. */
  readonly onUnexpectedError?: (error: unknown) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Longer `x-request-id` values are cut: the log keeps what identifies a request, not a payload. */
const MAX_CLIENT_REQUEST_ID = 256;

export function createHttpFront(options: HttpFrontOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onUnexpectedError = options.onUnexpectedError ?? (() => undefined);
  const admin = {
    log: options.log,
    faults: options.faults,
    userPool: options.userPool,
    allowRemoteAdmin: options.allowRemoteAdmin === true,
    maxBodyBytes,
  };
  const awsCall = {
    services: options.services,
    verifier: options.verifier,
    faults: options.faults,
    now: options.now,
    maxBodyBytes,
    personalizeReadAllowed: options.personalizeReadAllowed,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const started = performance.now();
    res.setHeader('x-amzn-RequestId', requestId);
    const method = req.method ?? 'GET';
    const [rawPath, rawQuery] = splitOnce(req.url ?? '/', '?');

    if (rawPath.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(admin, req, res, method, rawPath);
      return;
    }
    if (serveJwks(options.userPool, req, res, method, rawPath)) return;

    // Aborting the controller stops a latency fault's timer and tells the call not to answer.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });

    const target = headerValue(req.headers, 'x-amz-target');
    const pending: PendingEntry = {
      service: serviceOf(target, rawPath),
      operation: 'Unknown',
      accessKeyId: undefined,
      input: {},
      errorCode: undefined,
      fault: undefined,
      served: false,
    };
    const protocol: WireProtocol =
      pending.service === 'unknown' ? 'restJson1' : PROTOCOL_OF[pending.service];
    const clientRequestId = headerValue(req.headers, 'x-request-id')?.slice(
      0,
      MAX_CLIENT_REQUEST_ID,
    );
    const ended = options.log.begin({
      get service() {
        return pending.service;
      },
      get operation() {
        return pending.operation;
      },
      clientRequestId,
      startedAt,
    });

    let response: WireResponse | undefined;
    try {
      response = await serveAwsCall(awsCall, {
        req,
        method,
        rawPath,
        rawQuery,
        target,
        pending,
        requestId,
        signal: gone.signal,
      });
    } catch (error) {
      if (!(error instanceof ClientGone) && !gone.signal.aborted) {
        let serviceError: ServiceError;
        if (error instanceof ServiceError) {
          serviceError = error;
        } else {
          onUnexpectedError(error);
          serviceError = internalError(pending.service);
        }
        pending.errorCode = serviceError.code;
        response = errorResponse(protocol, serviceError);
      }
    }

    const aborted = response === undefined || gone.signal.aborted || res.destroyed;
    ended();
    options.log.record({
      id: requestId,
      ...pending,
      clientRequestId,
      status: response?.status ?? 0,
      startedAt,
      durationMs: performance.now() - started,
      aborted,
    });
    if (response !== undefined && !aborted) send(res, response);
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onUnexpectedError(error);
      if (!res.headersSent && !res.destroyed)
        send(res, errorResponse('restJson1', internalError('unknown')));
    });
  });
}
