// Structured logs: every line written while a request is handled carries its request id,
// whichever module writes it (yoga, authentication, error logging); one access line per GraphQL
// request; and redaction of credential-shaped fields as a safety net behind the rule that no
// token, secret or variable value is ever logged.
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

import { errorCodesOf, operationFacts, type OperationFacts } from './operations.js';
import { currentRequestId, requestIdOf, runWithRequestId } from './request-id.js';

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

/**
 * The gateway's logger: a child of `base` that redacts credential-shaped fields and adds the
 * request id to every line logged while a request is handled (see useRequestLogging). Note that
 * its `formatters.log` replaces one `base` may have.
 */
export function gatewayLogger(base: Logger): Logger {
  return base.child(
    {},
    {
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      formatters: {
        log: (object) => {
          const requestId = currentRequestId();
          return requestId === undefined || REQUEST_ID_FIELD in object
            ? object
            : { [REQUEST_ID_FIELD]: requestId, ...object };
        },
      },
    },
  );
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

/**
 * Must come first among the plugins that log: it opens the request's scope around the whole
 * handling of the request. The access line names the operation(s), the HTTP status, the duration
 * and the error codes; never the query string, variables or headers.
 */
export function useRequestLogging(options: RequestLoggingOptions): Plugin {
  const { logger, graphqlEndpoint } = options;
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        facts.set(request, { startedAt: performance.now(), operations: [], errorCodes: [] });
        return runWithRequestId(requestIdOf(request), wrapped);
      },
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
