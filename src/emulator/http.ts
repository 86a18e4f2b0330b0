// The emulator's HTTP front: one node:http server for every service. It identifies the service
// and operation, verifies the SigV4 signature, applies fault rules, calls the operation handler
// and serializes the result or the error per the service's protocol. Every AWS request is logged.
// It also serves the user pool's JWKS (public, as AWS serves it) and the loopback admin endpoints.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { UNSIGNED_OPERATIONS } from './cognito-identity.js';
import {
  decodeCognitoSyncInput,
  isCognitoSyncPath,
  matchCognitoSyncRoute,
} from './cognito-sync-routes.js';
import type { FaultInjector } from './faults.js';
import { headerValue } from './headers.js';
import type { RecordingRequestLog } from './request-log.js';
import type { ReceivedRequest, SigV4Verifier } from './sigv4.js';
import {
  ServiceError,
  type InjectedFault,
  type OperationContext,
  type Principal,
  type ServiceName,
} from './types.js';
import { parseIssueTokenOptions, type UserPool } from './user-pool.js';
import {
  PROTOCOL_OF,
  errorResponse,
  internalError,
  successResponse,
  throttlingError,
  type WireProtocol,
  type WireResponse,
} from './wire-errors.js';

export type OperationHandler = (input: Record<string, unknown>, ctx: OperationContext) => unknown;

export interface ServiceModule {
  readonly operations: Readonly<Record<string, OperationHandler>>;
}

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

/** The awsJson services, by the prefix of their `X-Amz-Target` header. */
const TARGET_PREFIX = {
  personalize: 'AmazonPersonalize.',
  'cognito-identity': 'AWSCognitoIdentityService.',
} as const;
type JsonService = keyof typeof TARGET_PREFIX;
const ADMIN_PREFIX = '/_emulator/';
/** Longer `x-request-id` values are cut: the log keeps what identifies a request, not a payload. */
const MAX_CLIENT_REQUEST_ID = 256;
/**
 * Who an unsigned call to an operation AWS serves without authentication comes from. It reaches
 * only those operations' handlers, which take no decision on the principal.
 */
const ANONYMOUS: Principal = { accessKeyId: 'anonymous' };

type Query = Record<string, string | string[]>;

/** The log entry under construction. */
interface Pending {
  service: ServiceName | 'unknown';
  operation: string;
  accessKeyId: string | undefined;
  input: Record<string, unknown>;
  errorCode: string | undefined;
  fault: InjectedFault | undefined;
  served: boolean;
}

interface PipelineArgs {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly target: string | undefined;
  readonly pending: Pending;
  readonly requestId: string;
  readonly signal: AbortSignal;
}

/** The client closed the connection; nothing more to send. */
class ClientGone extends Error {}

export function createHttpFront(options: HttpFrontOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onUnexpectedError = options.onUnexpectedError ?? (() => undefined);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const started = performance.now();
    res.setHeader('x-amzn-RequestId', requestId);
    const method = req.method ?? 'GET';
    const [rawPath, rawQuery] = splitOnce(req.url ?? '/', '?');

    if (rawPath.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(req, res, method, rawPath);
      return;
    }
    if (method === 'GET' && rawPath === options.userPool.jwksPath) {
      req.resume();
      send(res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(options.userPool.jwks()),
      });
      return;
    }

    // Aborting the controller stops a latency fault's timer and tells the pipeline not to answer.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });

    const target = headerValue(req.headers, 'x-amz-target');
    const pending: Pending = {
      service: jsonServiceOf(target) ?? (isCognitoSyncPath(rawPath) ? 'cognito-sync' : 'unknown'),
      operation: 'Unknown',
      accessKeyId: undefined,
      input: {},
      errorCode: undefined,
      fault: undefined,
      served: false,
    };
    const protocol: WireProtocol =
      pending.service === 'unknown' ? 'restJson1' : PROTOCOL_OF[pending.service];

    let response: WireResponse | undefined;
    try {
      response = await pipeline({
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
    options.log.record({
      id: requestId,
      ...pending,
      clientRequestId: headerValue(req.headers, 'x-request-id')?.slice(0, MAX_CLIENT_REQUEST_ID),
      status: response?.status ?? 0,
      startedAt,
      durationMs: performance.now() - started,
      aborted,
    });
    if (response !== undefined && !aborted) send(res, response);
  }

  async function pipeline({
    req,
    method,
    rawPath,
    rawQuery,
    target,
    pending,
    requestId,
    signal,
  }: PipelineArgs): Promise<WireResponse> {
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      throw new ServiceError(
        'RequestEntityTooLargeException',
        413,
        `The request body exceeds the emulator's limit of ${maxBodyBytes} bytes.`,
      );
    }
    const { service } = pending;
    if (service === 'unknown') {
      throw new ServiceError(
        'UnknownOperationException',
        404,
        `No emulated AWS service handles ${method} ${rawPath}. Amazon Personalize calls carry ` +
          `'X-Amz-Target: ${TARGET_PREFIX.personalize}<Operation>', Amazon Cognito Identity calls ` +
          `'X-Amz-Target: ${TARGET_PREFIX['cognito-identity']}<Operation>'; Amazon Cognito Sync paths start with /identitypools.`,
      );
    }
    const query = parseQuery(rawQuery);

    // Work out the operation and its input before authenticating, so that even rejected calls are
    // logged by name; the error found on the way is raised only after authentication, as AWS does.
    let routed: OperationHandler | ServiceError;
    const operations = options.services[service].operations;
    if (service !== 'cognito-sync') {
      pending.operation = (target ?? '').slice(TARGET_PREFIX[service].length);
      routed =
        handlerOf(operations, pending.operation) ??
        new ServiceError(
          'UnknownOperationException',
          400,
          `Operation ${pending.operation} is not supported by this emulator.`,
        );
      try {
        pending.input = parseJsonObject(body);
      } catch (error) {
        if (!(routed instanceof ServiceError)) routed = error as ServiceError;
      }
    } else {
      try {
        const matched = matchCognitoSyncRoute(method, rawPath);
        routed =
          (matched && handlerOf(operations, matched.operation)) ??
          new ServiceError(
            'UnknownOperationException',
            404,
            `No Amazon Cognito Sync operation matches ${method} ${rawPath}.`,
          );
        if (matched !== undefined) {
          pending.operation = matched.operation;
          pending.input = decodeCognitoSyncInput(
            matched,
            query,
            req.headers,
            body.toString('utf8'),
          );
        }
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        routed = error;
      }
    }

    pending.accessKeyId = /Credential=([^/,\s]+)\//.exec(
      headerValue(req.headers, 'authorization') ?? '',
    )?.[1];
    const received: ReceivedRequest = { method, rawPath, query, headers: req.headers, body };
    // AWS serves GetId and GetCredentialsForIdentity unsigned (SDK v3 sends them so); a signed
    // call is verified like any other.
    const unsigned =
      service === 'cognito-identity' &&
      UNSIGNED_OPERATIONS.has(pending.operation) &&
      headerValue(req.headers, 'authorization') === undefined;
    const principal: Principal = unsigned
      ? ANONYMOUS
      : await options.verifier.verify(received, service);
    if (routed instanceof ServiceError) throw routed;
    const handler = routed;

    // Identity-bound credentials stand for one Cognito identity. Beyond Cognito Sync, which confines
    // them to that identity, they reach only what their pool's authenticated role allows.
    if (
      service === 'personalize' &&
      principal.identityId !== undefined &&
      !(
        /^(List|Describe)/.test(pending.operation) &&
        options.personalizeReadAllowed(principal.identityPoolId ?? '')
      )
    ) {
      throw new ServiceError(
        'AccessDeniedException',
        400,
        `User: ${principal.accessKeyId} is not authorized to perform: personalize:${pending.operation} ` +
          '(these credentials are bound to a Cognito identity, and its pool does not grant it).',
      );
    }

    const decision = options.faults.decide(service, pending.operation);
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

    pending.served = true;
    const context: OperationContext = {
      principal,
      requestId,
      now: options.now(),
      ...(decision.emptyPage
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

  async function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    rawPath: string,
  ): Promise<void> {
    const reply = (status: number, value: unknown): void => {
      send(res, {
        status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(value),
      });
    };
    const fail = (status: number, code: string, message: string): void => {
      send(res, errorResponse('restJson1', new ServiceError(code, status, message)));
    };
    if (options.allowRemoteAdmin !== true && !isLoopback(req.socket.remoteAddress)) {
      fail(
        403,
        'AccessDeniedException',
        'The emulator admin endpoints answer loopback clients only.',
      );
      return;
    }
    const body = await readBody(req, maxBodyBytes).catch(() => undefined);
    const route = `${method} ${rawPath}`;
    if (route === 'GET /_emulator/requests') {
      reply(200, options.log.summary());
    } else if (route === 'POST /_emulator/reset-log') {
      options.log.clear();
      reply(200, { cleared: true });
    } else if (route === 'GET /_emulator/faults') {
      reply(200, options.faults.rules());
    } else if (route === 'PUT /_emulator/faults') {
      try {
        options.faults.set(JSON.parse(body?.toString('utf8') ?? '') as never);
        reply(200, options.faults.rules());
      } catch (error) {
        fail(400, 'InvalidParameterException', (error as Error).message);
      }
    } else if (route === 'POST /_emulator/tokens') {
      let request;
      try {
        request = parseIssueTokenOptions(JSON.parse(body?.toString('utf8') ?? ''));
      } catch (error) {
        fail(400, 'InvalidParameterException', (error as Error).message);
        return;
      }
      reply(200, { token: await options.userPool.issueToken(request) });
    } else {
      fail(404, 'UnknownOperationException', `No admin endpoint ${route}.`);
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onUnexpectedError(error);
      if (!res.headersSent && !res.destroyed)
        send(res, errorResponse('restJson1', internalError('unknown')));
    });
  });
}

function jsonServiceOf(target: string | undefined): JsonService | undefined {
  if (target === undefined) return undefined;
  return (Object.keys(TARGET_PREFIX) as JsonService[]).find((service) =>
    target.startsWith(TARGET_PREFIX[service]),
  );
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(response.body));
  res.end(response.body);
}

/** The body, or undefined when it exceeds `limit` (the rest is then discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.once('error', () => {
      if (!done) {
        done = true;
        reject(new ClientGone());
      }
    });
    req.once('close', () => {
      if (!done) {
        done = true;
        reject(new ClientGone());
      }
    });
  });
}

function handlerOf(
  operations: Readonly<Record<string, OperationHandler>>,
  name: string,
): OperationHandler | undefined {
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}

/** awsJson bodies: a JSON object; an empty body means no input members. */
function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 400, 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError(
      'SerializationException',
      400,
      'The request body must be a JSON object.',
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Query parameters, percent-decoded; a malformed escape is kept as sent (its validation fails).
 * The names are the client's: the object has no prototype, so `constructor` or `__proto__` are
 * parameters like any other.
 */
function parseQuery(rawQuery: string): Query {
  const query = Object.create(null) as Query;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const [rawKey, rawValue] = splitOnce(pair, '=');
    const key = lenientDecode(rawKey);
    const value = lenientDecode(rawValue);
    const existing = query[key];
    query[key] =
      existing === undefined
        ? value
        : [...(typeof existing === 'string' ? [existing] : existing), value];
  }
  return query;
}

function lenientDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}
