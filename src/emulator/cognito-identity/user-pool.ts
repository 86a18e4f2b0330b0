// The emulator's built-in identity provider, a stand-in for one Amazon Cognito user pool: it signs
// ID tokens with an ES256 key generated at start and publishes the public half as a JWKS, so that
// Cognito Identity here, and any relying party (the gateway), verify its tokens as they would a
// real pool's. Real user pools sign with RS256; ES256 keeps the key small and fast to generate,
// and nothing that verifies through a JWKS depends on the algorithm.
import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  calculateJwkThumbprint,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { z } from 'zod';
import type { IssueTokenOptions } from '../contract.js';

export const DEFAULT_CLIENT_ID = 'emulator-client';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const ALGORITHM = 'ES256';
/** Cognito user pool ids: `<region>_<letters and digits>`. */
const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;
const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;
/** Claims that have their own option, so `claims` may not set them. */
const RESERVED_CLAIMS: Readonly<Record<string, string>> = {
  sub: 'subject',
  aud: 'audience',
  exp: 'expiresInSeconds',
};

export function defaultUserPoolId(region: string): string {
  return `${region}_EmuPool01`;
}

export function issuerOf(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The `Logins` key of a provider: its issuer without the scheme, as Cognito Identity names it. */
export function loginProviderOf(issuer: string): string {
  return issuer.replace(/^https:\/\//, '');
}

/** Where the emulator serves the JWKS, as a real pool serves it under its issuer. */
export function jwksPathOf(userPoolId: string): string {
  return `/${userPoolId}/.well-known/jwks.json`;
}

export const issueTokenOptionsSchema = z.strictObject({
  subject: z.string().min(1).max(1024),
  expiresInSeconds: z.int().min(-TEN_YEARS_SECONDS).max(TEN_YEARS_SECONDS).optional(),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  claims: z
    .record(z.string(), z.unknown())
    .refine(
      (claims) => Object.keys(claims).every((name) => !Object.hasOwn(RESERVED_CLAIMS, name)),
      {
        message: `claims may not set ${Object.entries(RESERVED_CLAIMS)
          .map(([claim, option]) => `'${claim}' (use ${option})`)
          .join(', ')}`,
      },
    )
    .optional(),
});

/** Validates issueToken options from an untrusted source; throws an error naming the problem. */
export function parseIssueTokenOptions(value: unknown): IssueTokenOptions {
  const result = issueTokenOptionsSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid token request: ${z.prettifyError(result.error)}`);
  }
  // zod types optional members `T | undefined`; the parsed copy has only the keys that were present.
  return result.data as IssueTokenOptions;
}

/** A login token that does not verify; `reason` is what Cognito Identity tells the client. */
export class InvalidLoginTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidLoginTokenError';
  }
}

export interface UserPoolOptions {
  readonly region: string;
  readonly userPoolId?: string;
  readonly clientId?: string;
  readonly now: () => Date;
}

export interface UserPool {
  readonly userPoolId: string;
  readonly issuer: string;
  readonly loginProvider: string;
  readonly clientId: string;
  readonly jwksPath: string;
  jwks(): JSONWebKeySet;
  /** @throws Error for invalid options (see parseIssueTokenOptions). */
  issueToken(options: IssueTokenOptions): Promise<string>;
  /**
   * The subject of a token this pool signed for its client, unexpired by the emulator's clock.
   * @throws InvalidLoginTokenError
   */
  verifyToken(token: string): Promise<{ readonly subject: string; readonly claims: JWTPayload }>;
}

export async function createUserPool(options: UserPoolOptions): Promise<UserPool> {
  const userPoolId = options.userPoolId ?? defaultUserPoolId(options.region);
  if (!USER_POOL_ID_PATTERN.test(userPoolId) || userPoolId.length > 55) {
    throw new Error(
      `Invalid user pool id '${userPoolId}': expected <region>_<letters and digits>, at most 55 characters`,
    );
  }
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  if (clientId === '' || clientId.length > 128) {
    throw new Error('Invalid user pool client id: expected 1 to 128 characters');
  }
  const { now } = options;
  const issuer = issuerOf(options.region, userPoolId);
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: ALGORITHM, use: 'sig' }] };

  return {
    userPoolId,
    issuer,
    loginProvider: loginProviderOf(issuer),
    clientId,
    jwksPath: jwksPathOf(userPoolId),
    jwks: () => structuredClone(jwks),
    // Async so that invalid options reject the promise rather than throw.
    issueToken: async (raw) => {
      const request = parseIssueTokenOptions(raw);
      return await sign(privateKey, kid, {
        issuer,
        audience: request.audience ?? clientId,
        subject: request.subject,
        nowSeconds: Math.floor(now().getTime() / 1000),
        expiresInSeconds: request.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
        claims: request.claims ?? {},
      });
    },
    verifyToken: (token) => verify(publicKey, token, { issuer, clientId, now: now() }),
  };
}

interface TokenContent {
  readonly issuer: string;
  readonly audience: string | readonly string[];
  readonly subject: string;
  readonly nowSeconds: number;
  readonly expiresInSeconds: number;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** An ID token shaped like a Cognito user pool's, with the caller's claims over the defaults. */
function sign(key: CryptoKey, kid: string, content: TokenContent): Promise<string> {
  const payload: JWTPayload = {
    iss: content.issuer,
    iat: content.nowSeconds,
    auth_time: content.nowSeconds,
    token_use: 'id',
    'cognito:username': content.subject,
    jti: randomUUID(),
    ...content.claims,
    sub: content.subject,
    aud: typeof content.audience === 'string' ? content.audience : [...content.audience],
    exp: content.nowSeconds + content.expiresInSeconds,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' }).sign(key);
}

async function verify(
  key: CryptoKey,
  token: string,
  expected: { readonly issuer: string; readonly clientId: string; readonly now: Date },
): Promise<{ subject: string; claims: JWTPayload }> {
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: expected.issuer,
      audience: expected.clientId,
      requiredClaims: ['sub', 'exp'],
      currentDate: expected.now,
    }));
  } catch (error) {
    throw new InvalidLoginTokenError(rejectionReason(error, expected.now));
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new InvalidLoginTokenError('Invalid sub claim.');
  }
  return { subject: claims.sub, claims };
}

/** The reasons Cognito Identity gives after "Invalid login token." for each kind of failure. */
export function rejectionReason(error: unknown, now: Date): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp ?? 0;
    return `Token expired: ${Math.floor(now.getTime() / 1000)} >= ${exp}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'Incorrect token audience.';
    if (error.claim === 'iss') return "Issuer doesn't match providerName";
    return error.reason === 'missing'
      ? `Missing required ${error.claim} claim.`
      : `Invalid ${error.claim} claim.`;
  }
  return "Couldn't verify signed token.";
}
