// Structured logs: the lines written for a request carry its request id (each writer adds it from
// what it is handed: the access line here, error logging from the errors noted below, upstream
// and authentication lines from their request's context); one access line per GraphQL request;
// and redaction of credential-shaped fields as a safety net behind the rule that no
// token, secret or variable value is ever logged.
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

import { errorCodesOf, operationFacts, type OperationFacts } from './operations.js';
import { noteErrorRequest, requestIdOf } from './request-id.js';

/** The log field naming the request a line belongs to. */
export const REQUEST_ID_FIELD = 'requestId';
export const ACCESS_LOG_MESSAGE = 'graphql request';
export const REDACTED = '[Redacted]';

// Request headers that carry credentials, at the top level, one level down (`{ headers: {...} }`)
// or in a logged request (`{ req: { headers: {...} } }`).
const HEADER_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-amz-security-token',
];
// Keys whose values are credentials or client data, at the top level or one level down
// (`{ err: { token } }`, `{ input: { Logins } }`).
const SECRET_KEYS = [
  'Authorization',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'sessionToken',
  'SessionToken',
  'secretAccessKey',
  'SecretAccessKey',
  'SecretKey',
  'password',
  'secret',
  'credentials',
  'Credentials',
  'Logins',
  'variables',
];

function member(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

export const REDACT_PATHS: readonly string[] = [
  ...HEADER_KEYS.map((key) => `*.headers${member(key)}`),
  ...[...HEADER_KEYS, ...SECRET_KEYS].flatMap((key) => {
    const path = member(key);
    return [path.startsWith('.') ? key : path, `*${path}`];
  }),
];

/** What the access line of one request reports, gathered while it is handled. */
interface RequestFacts {
  readonly startedAt: number;
  readonly operations: OperationFacts[];
  readonly errorCodes: string[];
}

const facts = new WeakMap<Request, RequestFacts>();

/** The gateway's logger: a child of `base` that redacts credential-shaped fields. */
export function gatewayLogger(base: Logger): Logger {
  return base.child({}, { redact: { paths: [...REDACT_PATHS], censor: REDACTED } });
}

export interface RequestLoggingOptions {
  /** Should be a gatewayLogger. */
  readonly logger: Logger;
  /** Requests to it get an info access line; others (health, metrics) a debug one. */
  readonly graphqlEndpoint: string;
}

function operationFields(operations: readonly OperationFacts[]): Record<string, unknown> {
  const [only] = operations;
  if (operations.length === 1 && only !== undefined) {
    return { operationName: only.name, operationType: only.type };
  }
  return operations.length === 0
    ? {}
    : { operations: operations.map((op) => ({ operationName: op.name, operationType: op.type })) };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Runs a stage of handling `request`: what it throws (or rejects with) is noted with its id. */
function noting<T>(request: Request, stage: () => T): T {
  const note = (error: unknown): never => {
    noteErrorRequest(error, requestIdOf(request));
    throw error;
  };
  try {
    const result = stage();
    // Yoga's stages may return its own synchronous thenables, not Promises: any thenable will do.
    return isThenable(result) ? (result.then(undefined, note) as T) : result;
  } catch (error) {
    return note(error);
  }
}

/**
 * Must come first among the plugins: it starts the request's clock, and notes the errors of each
 * execution with their request before yoga masks (and logs) them without it. The access line names the operation(s), the HTTP status, the duration
 * and the error codes; never the query string, variables or headers.
 */
export function useRequestLogging(options: RequestLoggingOptions): Plugin {
  const { logger, graphqlEndpoint } = options;
  return {
    instrumentation: {
      // Before any plugin's onRequest (yoga's health check ends requests there).
      request: ({ request }, wrapped) => {
        facts.set(request, { startedAt: performance.now(), operations: [], errorCodes: [] });
        return wrapped();
      },
      // The stages whose failures (a limit's refusal, say) yoga masks away from the request.
      requestParse: ({ request }, wrapped) => noting(request, wrapped),
      operation: ({ request }, wrapped) => noting(request, wrapped),
      parse: ({ context }, wrapped) => {
        noting(context.request, wrapped);
      },
      execute: ({ context }, wrapped) => noting(context.request, wrapped),
    },
    onExecute({ args }) {
      const { request } = args.contextValue;
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result }) => {
            if (result.errors === undefined) return;
            const requestId = requestIdOf(request);
            for (const error of result.errors) noteErrorRequest(error, requestId);
          }),
      };
    },
    onParse({ context }) {
      return ({ result }) => {
        facts
          .get(context.request)
          ?.operations.push(operationFacts(result, context.params.operationName));
      };
    },
    onResultProcess({ request, result }) {
      facts.get(request)?.errorCodes.push(...errorCodesOf(result));
    },
    onResponse({ request, response }) {
      const scope = facts.get(request);
      if (scope === undefined) return;
      const path = new URL(request.url).pathname;
      const fields = {
        [REQUEST_ID_FIELD]: requestIdOf(request),
        method: request.method,
        path,
        status: response.status,
        durationMs: Math.round((performance.now() - scope.startedAt) * 10) / 10,
      };
      if (path !== graphqlEndpoint) {
        logger.debug(fields, 'http request');
        return;
      }
      logger.info(
        {
          ...fields,
          ...operationFields(scope.operations),
          errorCodes: [...new Set(scope.errorCodes)],
        },
        ACCESS_LOG_MESSAGE,
      );
    },
  };
}
