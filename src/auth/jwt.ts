// Gateway mode: callers send a JWT, verified here against the issuer's JWKS (jose); the gateway
// then calls AWS with its own credentials, so the Caller built from the token is all that confines
// a request to the caller's own identities (resolvers/access.ts, schema/auth-scopes.ts).
import type { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { Logger } from 'pino';

import { ANONYMOUS_CALLER } from '../../resolvers/access.js';
import { GatewayError } from '../../resolvers/errors.js';
import {
  ConfigError,
  JWT_ALGORITHMS,
  JWT_SETTINGS,
  type GatewayModeAuth,
} from '../config/index.js';
import { requestIdOf } from '../observability/request-id.js';
import { callerFromClaims } from './jwt-claims.js';
import { authenticationFailed, bearerToken } from './bearer.js';
import type { Authenticator, AuthenticatorDeps } from './types.js';
import { createVerifiedTokenCache } from './verified-tokens.js';

/** How long one JWKS fetch may take. */
const JWKS_TIMEOUT_MS = 5_000;
/** A token naming an unknown key refetches the JWKS at most this often (key rotation). */
const JWKS_COOLDOWN_MS = 30_000;
/** The JWKS is refetched when older than this, so a removed (revoked) key stops verifying. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** Most verified tokens remembered at once (each until its `exp`, at most JWKS_MAX_AGE_MS). */
const VERIFIED_TOKENS_MAX = 10_000;

const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set(JWT_ALGORITHMS);

/** @throws ConfigError when an algorithm is not a public-key signature algorithm. */
export function checkAlgorithms(algorithms: readonly string[]): void {
  const refused = algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.has(alg));
  if (refused.length === 0) return;
  const setting = JWT_SETTINGS.algorithms.env;
  throw new ConfigError(
    [setting],
    `Invalid configuration:\n  ${setting}: ${refused.join(', ')} not accepted; use public-key algorithms (${[...ASYMMETRIC_ALGORITHMS].join(', ')})`,
  );
}

/** Why a token was refused, in words safe to show (no token content). */
function refusalReason(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The token lacks the required "${error.claim}" claim.`;
    switch (error.claim) {
      case 'iss':
        return 'The token was not issued by the trusted issuer.';
      case 'aud':
        return 'The token is not meant for this API (audience).';
      case 'nbf':
        return 'The token is not valid yet.';
      default:
        return `The token's "${error.claim}" claim is invalid.`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature is not valid.';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'The token is signed with an algorithm this gateway does not accept.';
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The token is signed with a key the issuer does not publish.';
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'The token does not name its signing key (kid).';
  }
  return 'The token is malformed.';
}

/** Failures of the JWKS itself (unreachable, slow, not a key set): not the caller's fault. */
function isKeySetFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof errors.JWKInvalid ||
    error.code === errors.JOSEError.code
  );
}

/**
 * The error for a failed verification: HTTP 401 UNAUTHENTICATED for a bad token, HTTP 503
 * UPSTREAM_UNAVAILABLE when the keys to check it could not be had (the token may be fine).
 */
export function verificationError(error: unknown, logger: Logger, requestId: string): GraphQLError {
  if (isKeySetFailure(error)) {
    logger.warn({ requestId, err: error }, 'cannot verify tokens: the JWKS could not be fetched');
    return new GatewayError(
      'UPSTREAM_UNAVAILABLE',
      "The token cannot be verified now: the token issuer's keys are unavailable; retry later.",
      { cause: error, extensions: { http: { status: 503 } } },
    );
  }
  // Only the code: jose errors carry the token's claims, which stay out of logs.
  const joseError = error as errors.JOSEError;
  const reason = refusalReason(joseError);
  logger.debug({ requestId, code: joseError.code }, `token refused: ${reason}`);
  return authenticationFailed(reason);
}

export function createJwtAuthenticator(
  deps: AuthenticatorDeps,
  auth: GatewayModeAuth,
): Authenticator {
  const settings = auth.jwt;
  checkAlgorithms(settings.algorithms);
  const identityPoolId = auth.identityPoolId;
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
  });
  const options: JWTVerifyOptions = {
    issuer: settings.issuer,
    audience: [...settings.audience],
    algorithms: [...settings.algorithms],
    clockTolerance: settings.clockToleranceSeconds,
    requiredClaims: ['exp'],
  };
  const verified = createVerifiedTokenCache({
    maxEntries: VERIFIED_TOKENS_MAX,
    maxAgeMs: JWKS_MAX_AGE_MS,
    now: deps.now,
  });
  return {
    authenticate: async (request) => {
      const token = bearerToken(request);
      if (token === undefined) return { caller: ANONYMOUS_CALLER };
      const known = verified.get(token);
      if (known !== undefined) return { caller: known };
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(token, keys, {
          ...options,
          currentDate: new Date(deps.now()),
        }));
      } catch (error) {
        throw verificationError(error, deps.logger, requestIdOf(request));
      }
      const caller = callerFromClaims(claims, settings, identityPoolId);
      // requiredClaims makes `exp` present; jose has checked it is a number in the future.
      if (typeof claims.exp === 'number') verified.remember(token, claims.exp, caller);
      return { caller };
    },
    close: () => undefined,
  };
}
