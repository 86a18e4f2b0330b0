// AWS SDK failures translated into the gateway's error vocabulary (errors.ts), so that no raw
// upstream message, stack or credential detail reaches a client unless the client can act on
// it; and what the server log needs to tell such failures apart.
import {
  GatewayError,
  type ErrorCode,
  type UpstreamCall,
  type UpstreamCallExtension,
} from './errors.js';

const SERVICE_NAMES: Readonly<Record<UpstreamCall['service'], string>> = {
  'cognito-sync': 'Amazon Cognito Sync',
  personalize: 'Amazon Personalize',
  'cognito-identity': 'Amazon Cognito Identity',
};

const THROTTLING_NAMES = new Set([
  'TooManyRequestsException',
  'LambdaThrottledException',
  // The gateway only reads, so a limit here is a request-rate limit (the SDK retries it as such).
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
]);

const SERVER_FAULT_NAMES = new Set([
  'InternalErrorException',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

// Failures of the gateway's own AWS credentials: the client cannot fix them, operators must.
const CREDENTIAL_NAMES = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'AccessDeniedException',
]);

// AWS refusing a set of credentials themselves (expired, unknown, badly signed), as opposed to
// refusing what they may do (AccessDeniedException, NotAuthorizedException).
const REFUSED_CREDENTIAL_NAMES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

/** True when AWS refused the credentials a call was signed with. */
export function isCredentialRefusal(error: unknown): boolean {
  const name = factsOf(error instanceof GatewayError ? error.cause : error).name;
  return name !== undefined && REFUSED_CREDENTIAL_NAMES.has(name);
}

const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// TLS that cannot work: an https endpoint that speaks plain HTTP, a certificate not trusted or
// not for this host. Retrying changes nothing; the endpoint setting or the trust store must.
const TLS_CODES = new Set([
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const VALIDATION_NAMES = new Set(['InvalidParameterException', 'InvalidInputException']);

interface ErrorFacts {
  readonly name: string | undefined;
  readonly message: string;
  readonly status: number | undefined;
  readonly fault: string | undefined;
  readonly requestId: string | undefined;
  /** Node system error codes found on the error or its causes (ECONNREFUSED…). */
  readonly systemCodes: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringField(record: Record<string, unknown>, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' ? value : undefined;
}

/** Network failures arrive wrapped (SDK errors, AggregateError from happy-eyeballs connects). */
function collectSystemCodes(error: unknown, depth = 0): string[] {
  if (!isRecord(error) || depth > 3) return [];
  const own = stringField(error, 'code');
  const nested = [
    ...collectSystemCodes(error['cause'], depth + 1),
    ...(Array.isArray(error['errors'])
      ? error['errors'].flatMap((inner: unknown) => collectSystemCodes(inner, depth + 1))
      : []),
  ];
  return own === undefined ? nested : [own, ...nested];
}

function factsOf(error: unknown): ErrorFacts {
  if (!isRecord(error)) {
    return {
      name: undefined,
      message: '',
      status: undefined,
      fault: undefined,
      requestId: undefined,
      systemCodes: [],
    };
  }
  const metadata = isRecord(error['$metadata']) ? error['$metadata'] : {};
  const status = metadata['httpStatusCode'];
  return {
    name: stringField(error, 'name'),
    message: stringField(error, 'message') ?? '',
    status: typeof status === 'number' ? status : undefined,
    fault: stringField(error, '$fault'),
    requestId: stringField(metadata, 'requestId'),
    systemCodes: collectSystemCodes(error),
  };
}

const SERVICES: ReadonlySet<string> = new Set(Object.keys(SERVICE_NAMES));

/** The upstream call a GatewayError came from (its `extensions.upstream`), if any. */
export function upstreamCallOf(error: unknown): UpstreamCallExtension | undefined {
  if (!(error instanceof GatewayError)) return undefined;
  const { upstream } = error.extensions;
  if (!isRecord(upstream)) return undefined;
  const { service, operation, requestId } = upstream;
  if (typeof service !== 'string' || !SERVICES.has(service) || typeof operation !== 'string') {
    return undefined;
  }
  return {
    service,
    operation,
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

/**
 * What the log needs to tell failures apart (a closed port, TLS to a plain-HTTP endpoint, an
 * unknown host): the AWS error's name and message, and the system error under it. Never sent
 * to clients.
 */
export interface UpstreamFailureFacts {
  readonly awsError?: string;
  readonly awsMessage?: string;
  readonly httpStatus?: number;
  readonly awsRequestId?: string;
  readonly systemCode?: string;
}

export function upstreamFailureFacts(error: unknown): UpstreamFailureFacts {
  const facts = factsOf(error instanceof GatewayError ? error.cause : error);
  const message = sanitizeValidationMessage(facts.message);
  return {
    ...(facts.name === undefined ? {} : { awsError: facts.name }),
    ...(message === '' ? {} : { awsMessage: message }),
    ...(facts.status === undefined ? {} : { httpStatus: facts.status }),
    ...(facts.requestId === undefined ? {} : { awsRequestId: facts.requestId }),
    ...(facts.systemCodes[0] === undefined ? {} : { systemCode: facts.systemCodes[0] }),
  };
}

const TOKEN_MENTION = /token/i;

/**
 * True when the upstream refused a pagination token (expired, malformed, from another listing).
 * Looks through a GatewayError to the SDK error it was made from.
 */
export function isTokenRejection(error: unknown): boolean {
  if (error instanceof GatewayError) return isTokenRejection(error.cause);
  const { name, message } = factsOf(error);
  if (name === 'InvalidNextTokenException') return true;
  return name === 'InvalidParameterException' && TOKEN_MENTION.test(message);
}

const MAX_ECHOED_MESSAGE = 300;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g;

/**
 * Validation messages from these APIs name the offending parameter and the pattern it must
 * match, which is what a client developer needs. They are echoed after removing control
 * characters and anything shaped like an AWS access key id, and truncated.
 */
function sanitizeValidationMessage(message: string): string {
  const cleaned = message
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(ACCESS_KEY_ID, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_ECHOED_MESSAGE
    ? `${cleaned.slice(0, MAX_ECHOED_MESSAGE - 1)}…`
    : cleaned;
}

export interface UpstreamErrorOptions {
  /**
   * The call was signed with the caller's own credentials (identity mode): AWS refusing access
   * then refuses the caller, who gets FORBIDDEN, not the gateway's credentials.
   */
  readonly callerCredentials?: boolean;
}

/** Translates any failure of an upstream call into the error a client sees. */
export function toGatewayError(
  error: unknown,
  call: UpstreamCall,
  options: UpstreamErrorOptions = {},
): GatewayError {
  if (error instanceof GatewayError) return error;

  const facts = factsOf(error);
  const where = `${SERVICE_NAMES[call.service]} ${call.operation}`;
  const upstream = {
    service: call.service,
    operation: call.operation,
    ...(facts.requestId === undefined ? {} : { requestId: facts.requestId }),
  };
  const make = (code: ErrorCode, message: string): GatewayError =>
    new GatewayError(code, message, { cause: error, extensions: { upstream } });
  const name = facts.name ?? '';

  if (isTokenRejection(error)) {
    return make(
      'STALE_CURSOR',
      `${where} no longer accepts the pagination position this cursor refers to (it expired or the listing changed); restart from the first page by omitting the cursor.`,
    );
  }
  if (VALIDATION_NAMES.has(name)) {
    const detail = sanitizeValidationMessage(facts.message);
    return make(
      'BAD_USER_INPUT',
      `${where} rejected the request arguments${detail === '' ? '' : `: ${detail}`}`,
    );
  }
  if (name === 'NotAuthorizedException') {
    return make('FORBIDDEN', `${where} refused access to the requested resource.`);
  }
  if (name === 'ResourceNotFoundException') {
    return make('NOT_FOUND', `${where}: the requested resource does not exist.`);
  }
  if (options.callerCredentials === true && name === 'AccessDeniedException') {
    return make('FORBIDDEN', `${where} refused access: the caller's identity may not read this.`);
  }
  if (options.callerCredentials === true && CREDENTIAL_NAMES.has(name)) {
    return make(
      'UPSTREAM_UNAVAILABLE',
      `${where} failed: the temporary AWS credentials of the caller's identity were refused; retry later.`,
    );
  }
  if (name === 'CredentialsProviderError') {
    return make(
      'GATEWAY_MISCONFIGURED',
      `${where} was not called: the gateway found no AWS credentials. This is a configuration problem operators must fix; retrying will not help.`,
    );
  }
  if (CREDENTIAL_NAMES.has(name)) {
    return make(
      'GATEWAY_MISCONFIGURED',
      `${where} failed: the gateway's AWS credentials were refused. This is a configuration problem operators must fix; retrying will not help.`,
    );
  }
  if (THROTTLING_NAMES.has(name) || facts.status === 429) {
    return make(
      'RATE_LIMITED',
      `${where} is throttling requests (still throttled after the gateway's retries); retry after a short backoff.`,
    );
  }
  if (TIMEOUT_NAMES.has(name) || facts.systemCodes.some((code) => TIMEOUT_CODES.has(code))) {
    return make('UPSTREAM_TIMEOUT', `${where} did not answer in time; retry later.`);
  }
  if (
    SERVER_FAULT_NAMES.has(name) ||
    facts.fault === 'server' ||
    (facts.status !== undefined && facts.status >= 500)
  ) {
    return make('UPSTREAM_UNAVAILABLE', `${where} is unavailable (upstream error); retry later.`);
  }
  if (facts.systemCodes.some((code) => TLS_CODES.has(code))) {
    return make(
      'GATEWAY_MISCONFIGURED',
      `${where} could not be reached over TLS (the endpoint does not speak it, or its certificate is not trusted). This is a configuration problem operators must fix; retrying will not help.`,
    );
  }
  if (facts.systemCodes.some((code) => NETWORK_CODES.has(code))) {
    return make(
      'UPSTREAM_UNAVAILABLE',
      `${where} could not be reached (network error); retry later.`,
    );
  }
  return new GatewayError('INTERNAL_SERVER_ERROR', 'Unexpected error', {
    cause: error,
    extensions: { upstream },
  });
}
