// Identity mode's first line: a login token is checked here, without any AWS call, before it may
// cost a Cognito Identity GetId. Junk tokens (random strings, expired or forged JWTs) would
// otherwise each cost one call, slow real logins and use up the account's GetId quota.
//
// - Tokens of a Cognito user pool (or of any OIDC provider whose JWKS is configured) are
//   verified like AWS will: signature against the pool's JWKS (fetched and cached by jose),
//   issuer, expiry. AWS still verifies them too; this only refuses early what it would refuse.
// - Other providers' tokens are checked for what can be seen without keys: an expired JWT.
// - Tokens refused, here or by AWS, are remembered (by digest) for a short time.
import {
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { LRUCache } from 'lru-cache';

import { tokenCacheKey } from './identity-cache.js';

/** `cognito-idp.<region>.amazonaws.com/<region>_<id>`: the Logins key of a Cognito user pool. */
const COGNITO_USER_POOL = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9-]+_[A-Za-z0-9]+)$/;

/** The JWKS URL of a Cognito user pool login provider, or undefined for other providers. */
export function cognitoUserPoolJwksUrl(loginProvider: string): string | undefined {
  return COGNITO_USER_POOL.test(loginProvider)
    ? `https://${loginProvider}/.well-known/jwks.json`
    : undefined;
}

export interface LoginTokenCheckOptions {
  /** The Logins key tokens are sent under; a Cognito user pool's is also its issuer. */
  readonly loginProvider: string;
  /** Where the provider's signing keys are; undefined: no signature check. */
  readonly jwksUrl: string | undefined;
  /** How long a refused token stays refused without being checked again. */
  readonly refusedTtlMs: number;
  /** Most refused tokens remembered. */
  readonly maxRefused: number;
  /** Wall clock in epoch milliseconds. */
  readonly now?: () => number;
  /** Told when the keys could not be had, so the check was skipped (AWS will still check). */
  readonly onKeysUnavailable?: (error: unknown, requestId: string | undefined) => void;
  /**
   * Told when a refused token names another issuer (unverified): many of them mean the login
   * provider setting does not match the tokens callers have.
   */
  readonly onForeignIssuer?: (issuer: string, requestId: string | undefined) => void;
}

export interface LoginTokenCheck {
  /**
   * Why this token is refused (safe to show), or undefined when it may be exchanged. `requestId`
   * (the request asking) is handed to the callbacks, for their log lines.
   */
  refusal(token: string, requestId?: string): Promise<string | undefined>;
  /** Remembers that AWS refused this token. */
  refused(token: string): void;
}

const JWKS_TIMEOUT_MS = 5_000;
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;
const CLOCK_TOLERANCE_S = 30;
/** After the keys could not be had, how long tokens go to AWS unchecked before trying again. */
const KEYS_RETRY_AFTER_MS = 30_000;

/** Failures of the key set itself (unreachable, slow, not a key set): not the token's fault. */
function isKeySetFailure(error: unknown): boolean {
  return (
    !(error instanceof errors.JOSEError) ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof errors.JWKInvalid ||
    error.code === errors.JOSEError.code
  );
}

/** The `iss` a token claims, not verified: for diagnosis only. */
function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

export function createLoginTokenCheck(options: LoginTokenCheckOptions): LoginTokenCheck {
  const now = options.now ?? Date.now;
  const refusedTokens = new LRUCache<string, string>({
    max: options.maxRefused,
    ttl: options.refusedTtlMs,
    perf: { now },
    ttlResolution: 0,
  });
  const keys: JWTVerifyGetKey | undefined =
    options.jwksUrl === undefined
      ? undefined
      : createRemoteJWKSet(new URL(options.jwksUrl), {
          timeoutDuration: JWKS_TIMEOUT_MS,
          cooldownDuration: JWKS_COOLDOWN_MS,
          cacheMaxAge: JWKS_MAX_AGE_MS,
        });
  const cognito = COGNITO_USER_POOL.test(options.loginProvider);
  // A Cognito user pool is its own issuer; other OIDC providers name theirs in either form.
  const issuers = cognito
    ? [`https://${options.loginProvider}`]
    : [`https://${options.loginProvider}`, options.loginProvider];
  const verifyOptions: JWTVerifyOptions = {
    issuer: issuers,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_S,
  };
  const key = (token: string): string => tokenCacheKey(options.loginProvider, token);
  // While the key set is unreachable every fetch would make the request wait for its timeout.
  let keysUnavailableUntil = 0;
  const refuse = (token: string, reason: string): string => {
    refusedTokens.set(key(token), reason);
    return reason;
  };

  return {
    async refusal(token, requestId) {
      const known = refusedTokens.get(key(token));
      if (known !== undefined) return known;
      if (keys === undefined) {
        let exp: unknown;
        try {
          exp = decodeJwt(token).exp;
        } catch {
          return undefined; // An opaque token (e.g. an OAuth access token): only AWS can tell.
        }
        return typeof exp === 'number' && exp * 1000 + CLOCK_TOLERANCE_S * 1000 < now()
          ? refuse(token, 'the login token has expired.')
          : undefined;
      }
      if (now() < keysUnavailableUntil) return undefined;
      try {
        await jwtVerify(token, keys, { ...verifyOptions, currentDate: new Date(now()) });
        return undefined;
      } catch (error) {
        if (isKeySetFailure(error)) {
          keysUnavailableUntil = now() + KEYS_RETRY_AFTER_MS;
          options.onKeysUnavailable?.(error, requestId);
          return undefined;
        }
        const issuer = unverifiedIssuer(token);
        if (issuer !== undefined && !issuers.includes(issuer))
          options.onForeignIssuer?.(issuer, requestId);
        return refuse(
          token,
          error instanceof errors.JWTExpired
            ? 'the login token has expired.'
            : 'the login token is not a valid token of the identity provider.',
        );
      }
    },
    refused(token) {
      refusedTokens.set(key(token), 'the login token was not accepted by the identity pool.');
    },
  };
}
