// Identity mode: the caller's login token is exchanged through Cognito Identity (GetId, then
// GetCredentialsForIdentity, the enhanced authflow) for temporary credentials of the caller's
// own identity, and every Cognito Sync and Personalize call of the request signs with them, so
// AWS itself confines the caller to its identity. The exchange is done here with plain commands:
// SDK helpers such as fromCognitoIdentityPool cache identities under one shared key, which on a
// server would hand every user the first user's identity.
import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

import { ANONYMOUS_CALLER, type Caller } from '../../resolvers/access.js';
import { GatewayError, type ErrorCode } from '../../resolvers/errors.js';
import { upstreamCallOf, upstreamFailureFacts } from '../../resolvers/upstream-errors.js';
import type { UpstreamClients, UpstreamRunner } from '../../resolvers/upstream.js';
import { endpointOf } from '../aws.js';
import type { IdentityModeAuth } from '../config/index.js';
import { rateLimited } from '../observability/rate-limit.js';
import { requestIdOf } from '../observability/request-id.js';
import { createUpstreamRunner } from '../upstream.js';
import { createIdentityCache, type IdentitySession } from './identity-cache.js';
import { cognitoUserPoolJwksUrl, createLoginTokenCheck } from './login-token-check.js';
import { authenticationFailed, bearerToken } from './bearer.js';
import type { Authenticator, AuthenticatorDeps } from './types.js';

/** The upstream calls one token exchange may make. */
const EXCHANGE_MAX_CALLS = 4;
const PROVIDER_WARNING_INTERVAL_MS = 60_000;
/** Cognito Identity's words for a token from a provider the pool does not trust. */
const PROVIDER_REFUSAL = /provider/i;

interface Session extends IdentitySession {
  readonly caller: Caller;
  /** Clients signing with this identity's temporary credentials. */
  readonly clients: UpstreamClients;
}

/** What one exchange needs besides the token: the request it serves. */
interface ExchangeContext {
  readonly requestId: string;
}

const GET_ID = { service: 'cognito-identity', operation: 'GetId' } as const;
const GET_CREDENTIALS = {
  service: 'cognito-identity',
  operation: 'GetCredentialsForIdentity',
} as const;

/** AWS refusing the login itself: the token is invalid, expired, or not for this pool. */
const REFUSED_LOGIN = new Set(['NotAuthorizedException', 'InvalidParameterException']);
/** How long a refused login token is refused again without asking AWS. */
const REFUSED_TOKEN_TTL_MS = 60_000;

export function createIdentityAuthenticator(
  deps: AuthenticatorDeps,
  auth: IdentityModeAuth,
): Authenticator {
  const { config, clients, logger } = deps;
  const { identity: settings, identityPoolId } = auth;
  const { loginProvider, accountId } = settings;
  const { serviceLimits, monitor, now } = deps;
  const exchangeTimeoutMs = config.resilience.requestTimeoutMs;

  // One exchange may serve several requests (same token, concurrently), so it runs under its own
  // deadline rather than the signal of whichever request started it.
  const runnerFor = (context: ExchangeContext): UpstreamRunner =>
    createUpstreamRunner({
      requestConcurrency: 1,
      serviceLimits,
      signal: AbortSignal.timeout(exchangeTimeoutMs),
      requestId: context.requestId,
      monitor,
      // Cognito Identity's calls go through the gateway's own client, unsigned.
      credentials: { clients },
      // GetId then GetCredentialsForIdentity, and one more pair after a refusal.
      maxCalls: EXCHANGE_MAX_CALLS,
    });

  // Every caller refused is what a wrong login provider looks like: say so, at warn, once a minute.
  const warnProviderMismatch = rateLimited<{
    fields: Readonly<Record<string, unknown>>;
    message: string;
  }>({ intervalMs: PROVIDER_WARNING_INTERVAL_MS }, ({ fields, message }, suppressed) => {
    logger.warn(suppressed === 0 ? fields : { ...fields, suppressed }, message);
  });
  const failure = (error: unknown, requestId: string): GraphQLError =>
    clientError(error, {
      logger,
      requestId,
      endpoint: endpointOf(config, 'cognito-identity'),
      onProviderRefused: (facts) => {
        warnProviderMismatch({
          fields: { ...facts, loginProvider },
          message:
            'Cognito Identity refused a login token as not from a provider of the identity pool: check GATEWAY_IDENTITY_LOGIN_PROVIDER',
        });
      },
    });
  const tokenCheck = createLoginTokenCheck({
    loginProvider,
    jwksUrl:
      settings.jwksUrl === 'none'
        ? undefined
        : (settings.jwksUrl ?? cognitoUserPoolJwksUrl(loginProvider)),
    refusedTtlMs: REFUSED_TOKEN_TTL_MS,
    maxRefused: settings.cacheSize,
    now,
    onKeysUnavailable: (error, requestId) => {
      logger.warn(
        { ...(requestId === undefined ? {} : { requestId }), err: error },
        "cannot check login tokens locally: the login provider's JWKS could not be fetched; leaving the check to Cognito Identity for now",
      );
    },
    onForeignIssuer: (tokenIssuer, requestId) => {
      warnProviderMismatch({
        fields: { ...(requestId === undefined ? {} : { requestId }), loginProvider, tokenIssuer },
        message:
          'login tokens refused: they come from another issuer than GATEWAY_IDENTITY_LOGIN_PROVIDER. If every caller is refused, check that setting',
      });
    },
  });

  const cache = createIdentityCache<Session, ExchangeContext>({
    loginProvider,
    maxEntries: settings.cacheSize,
    now,
    exchange: {
      async getId(token, context) {
        const output = await runnerFor(context).run(GET_ID, (abortSignal) =>
          clients.cognitoIdentity.send(
            new GetIdCommand({
              IdentityPoolId: identityPoolId,
              ...(accountId === undefined ? {} : { AccountId: accountId }),
              Logins: { [loginProvider]: token },
            }),
            { abortSignal },
          ),
        );
        if (output.IdentityId === undefined) throw incompleteAnswer(GET_ID.operation);
        return output.IdentityId;
      },
      async getSession(identityId, token, context) {
        const output = await runnerFor(context).run(GET_CREDENTIALS, (abortSignal) =>
          clients.cognitoIdentity.send(
            new GetCredentialsForIdentityCommand({
              IdentityId: identityId,
              Logins: { [loginProvider]: token },
            }),
            { abortSignal },
          ),
        );
        const { AccessKeyId, SecretKey, SessionToken, Expiration } = output.Credentials ?? {};
        if (
          output.IdentityId !== identityId ||
          AccessKeyId === undefined ||
          SecretKey === undefined
        ) {
          throw incompleteAnswer(GET_CREDENTIALS.operation);
        }
        const callerClients = clients.withCredentials({
          accessKeyId: AccessKeyId,
          secretAccessKey: SecretKey,
          ...(SessionToken === undefined ? {} : { sessionToken: SessionToken }),
          ...(Expiration === undefined ? {} : { expiration: Expiration }),
        });
        const caller: Caller = Object.freeze({
          authenticated: true,
          subject: identityId,
          identities: new Set([identityId]),
          identityPoolId,
          defaultIdentity: Object.freeze({ identityPoolId, identityId }),
          // AWS decides, with the permissions of the pool's authenticated role.
          personalize: true,
        });
        return { identityId, expiresAt: Expiration?.getTime(), caller, clients: callerClients };
      },
      isIdentityGone: (error) =>
        awsErrorName(error) === 'ResourceNotFoundException' &&
        operationOf(error) === GET_CREDENTIALS.operation,
    },
  });

  return {
    async authenticate(request) {
      const token = bearerToken(request);
      if (token === undefined) return { caller: ANONYMOUS_CALLER };
      const requestId = requestIdOf(request);
      let session: Session;
      const reason =
        cache.cached(token) === undefined ? await tokenCheck.refusal(token, requestId) : undefined;
      if (reason !== undefined) {
        logger.debug({ requestId }, `login token refused before any AWS call: ${reason}`);
        throw authenticationFailed(reason);
      }
      try {
        session = await cache.sessionFor(token, { requestId });
      } catch (error) {
        if (isRefusedLogin(error)) tokenCheck.refused(token);
        throw failure(error, requestId);
      }
      logger.debug(
        { requestId, identityId: session.identityId },
        'caller authenticated (identity mode)',
      );
      return {
        caller: session.caller,
        credentials: {
          clients: session.clients,
          // The shared cache keeps what these credentials read apart from every other identity.
          scope: `identity:${session.identityId}`,
          // AWS refused these credentials (they expired early, or the upstream forgot them):
          // forget the session and exchange the token again, once for the request.
          refresh: async () => {
            logger.warn(
              { requestId, identityId: session.identityId },
              'AWS refused the cached credentials of an identity; exchanging its login token again',
            );
            cache.invalidate(session);
            try {
              return (await cache.sessionFor(token, { requestId })).clients;
            } catch (error) {
              throw fieldError(failure(error, requestId));
            }
          },
        },
      };
    },
    close() {
      // The identities' clients share the gateway's connection pools, which the gateway closes.
      cache.clear();
    },
  };
}

/** A request-level exchange error as the error of the field whose call needed the credentials. */
function fieldError(error: GraphQLError): GatewayError {
  if (error instanceof GatewayError) return error;
  const code =
    error.extensions.code === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : 'UPSTREAM_UNAVAILABLE';
  return new GatewayError(code, error.message);
}

function incompleteAnswer(operation: string): GatewayError {
  return new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    `Amazon Cognito Identity ${operation} answered without the expected members.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The SDK error behind a GatewayError made by the upstream runner. */
function awsErrorName(error: unknown): string | undefined {
  const cause = error instanceof GatewayError ? error.cause : error;
  return isRecord(cause) && typeof cause['name'] === 'string' ? cause['name'] : undefined;
}

function operationOf(error: unknown): string | undefined {
  return upstreamCallOf(error)?.operation;
}

/** Whether Cognito Identity refused the login token itself (not failed to answer). */
function isRefusedLogin(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    (name !== undefined && REFUSED_LOGIN.has(name)) ||
    (name === 'ResourceNotFoundException' && operationOf(error) === GET_CREDENTIALS.operation)
  );
}

interface ClientErrorOptions {
  readonly logger: Logger;
  readonly requestId: string;
  /** Where Cognito Identity calls go, for the log. */
  readonly endpoint: string;
  /** Cognito Identity refused a token as not from a trusted provider. */
  readonly onProviderRefused: (facts: Readonly<Record<string, unknown>>) => void;
}

/**
 * What the client sees of a failed exchange: 401 when AWS refused the token; 500
 * GATEWAY_MISCONFIGURED when the gateway's own setup is wrong (no such identity pool, the
 * gateway's credentials refused); else 503 with a stable code. Never the AWS message to the
 * client (it may describe the token) and never the token. The log gets what tells failures apart:
 * the AWS error's name and message, the system error under it, and the endpoint.
 */
function clientError(error: unknown, options: ClientErrorOptions): GraphQLError {
  const { logger, requestId, endpoint } = options;
  const name = awsErrorName(error);
  const operation = operationOf(error);
  const base = {
    requestId,
    awsError: name,
    operation,
    awsRequestId: upstreamCallOf(error)?.requestId,
  };
  if (isRefusedLogin(error)) {
    logger.debug(base, 'login token refused by Cognito Identity');
    if (
      name === 'NotAuthorizedException' &&
      PROVIDER_REFUSAL.test(upstreamFailureFacts(error).awsMessage ?? '')
    ) {
      options.onProviderRefused({ ...base, endpoint });
    }
    return authenticationFailed(
      'the login token was not accepted (invalid, expired, or not valid for this identity pool).',
    );
  }
  const facts = {
    ...base,
    endpoint,
    ...upstreamFailureFacts(error),
    code: error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR',
  };
  if (isMisconfiguration(error)) {
    logger.error(facts, 'login token exchange failed: the gateway is misconfigured');
    return new GatewayError(
      'GATEWAY_MISCONFIGURED',
      name === 'ResourceNotFoundException'
        ? "The gateway's identity pool does not exist (GATEWAY_IDENTITY_POOL_ID): a configuration problem operators must fix; retrying will not help."
        : 'The login token could not be exchanged: the gateway is misconfigured, and operators must fix it; retrying will not help.',
      { extensions: { http: { status: 500 } } },
    );
  }
  const code: ErrorCode =
    error instanceof GatewayError && error.code === 'RATE_LIMITED'
      ? 'RATE_LIMITED'
      : 'UPSTREAM_UNAVAILABLE';
  logger.warn(facts, 'login token exchange failed');
  return new GatewayError(
    code,
    code === 'RATE_LIMITED'
      ? 'Amazon Cognito Identity is throttling login token exchanges; retry after a short backoff.'
      : 'The login token could not be exchanged for credentials right now (Amazon Cognito Identity is unavailable); retry later.',
    { extensions: { http: { status: 503, headers: { 'Retry-After': '1' } } } },
  );
}

/** GetId of a pool that does not exist, or the gateway's own setup refused: retrying cannot help. */
function isMisconfiguration(error: unknown): boolean {
  if (error instanceof GatewayError && error.code === 'GATEWAY_MISCONFIGURED') return true;
  return (
    awsErrorName(error) === 'ResourceNotFoundException' && operationOf(error) === GET_ID.operation
  );
}
