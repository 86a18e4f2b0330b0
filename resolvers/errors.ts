// The gateway's error vocabulary: every failure a client sees carries one stable
// `extensions.code`, and GatewayError is the one way to make such an error. (AWS SDK failures
// are translated into it by upstream-errors.ts.)
import { GraphQLError, type ASTNode } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'STALE_CURSOR'
  | 'PAGINATION_LIMIT_EXCEEDED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'SHUTTING_DOWN'
  // The gateway's own setup is wrong (credentials, permissions, a missing pool): not retryable.
  | 'GATEWAY_MISCONFIGURED'
  | 'COST_LIMIT_EXCEEDED'
  | 'UPSTREAM_CALL_LIMIT_EXCEEDED'
  // Operation limits (src/limits/): refused before any upstream call.
  | 'DEPTH_LIMIT_EXCEEDED'
  | 'ALIAS_LIMIT_EXCEEDED'
  | 'TOKEN_LIMIT_EXCEEDED'
  | 'DIRECTIVE_LIMIT_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'BATCH_LIMIT_EXCEEDED'
  | 'INTROSPECTION_DISABLED'
  | 'CSRF_PREVENTED'
  // Persisted documents (src/persisted-documents.ts).
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_ID_REQUIRED'
  // Malformed requests (graphql-yoga's and graphql-js's own codes, kept as they are).
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_ACCEPTABLE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'INTERNAL_SERVER_ERROR';

const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'DEADLINE_EXCEEDED',
  'SHUTTING_DOWN',
]);

/** The upstream call a failure came from, as `extensions.upstream` names it. */
export interface UpstreamCallExtension extends UpstreamCall {
  /** The AWS request id, when AWS answered. */
  readonly requestId?: string;
}

// The extensions the gateway sets, typed wherever a GraphQLError is read. (`http`, which
// graphql-yoga reads for a request error's response, is typed by graphql-yoga itself.)
declare module 'graphql' {
  interface GraphQLErrorExtensions {
    /** On every error a client gets (src/error-codes.ts gives one to those without). */
    code?: ErrorCode;
    /** True on the codes a client may retry the request as it is after. */
    retryable?: boolean;
    /** The argument a BAD_USER_INPUT error is about. */
    argumentName?: string;
    upstream?: UpstreamCallExtension;
  }
}

/** How the response of an error refusing the whole request is sent (`extensions.http`). */
export interface ErrorHttp {
  /** HTTP status of the response. */
  readonly status: number;
  /**
   * True for errors the GraphQL over HTTP spec answers with 200 under `application/json`
   * (and `status` under `application/graphql-response+json`), like validation errors.
   */
  readonly spec?: boolean;
  /** Response headers to send with it. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GatewayErrorOptions {
  /** Kept for server logs; never serialized to clients. */
  readonly cause?: unknown;
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** For an error that refuses the whole request: how its response is sent. */
  readonly http?: ErrorHttp;
  /** The parts of the document the error is about. */
  readonly nodes?: readonly ASTNode[];
}

function httpExtension(http: ErrorHttp): ErrorHttp {
  return {
    status: http.status,
    ...(http.spec === true ? { spec: true } : {}),
    ...(http.headers === undefined ? {} : { headers: http.headers }),
  };
}

/** The one way the gateway makes an error with a code: resolvers, limits and auth alike. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    // `cause` is deliberately not passed as `originalError`: yoga masks GraphQLErrors whose
    // originalError is not itself a GraphQLError, and that would hide the code from clients.
    super(message, {
      ...(options.nodes === undefined ? {} : { nodes: options.nodes }),
      extensions: {
        ...options.extensions,
        ...(options.http === undefined ? {} : { http: httpExtension(options.http) }),
        ...(RETRYABLE_CODES.has(code) ? { retryable: true } : {}),
        code,
      },
    });
    this.name = 'GatewayError';
    this.code = code;
    if ('cause' in options) this.cause = options.cause;
  }
}

/** A BAD_USER_INPUT error that names the offending argument in `extensions.argumentName`. */
export function invalidArgument(
  argumentName: string,
  message: string,
  cause?: unknown,
): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, {
    ...(cause === undefined ? {} : { cause }),
    extensions: { argumentName },
  });
}

export interface UpstreamCall {
  readonly service: 'cognito-sync' | 'personalize' | 'cognito-identity';
  readonly operation: string;
}
