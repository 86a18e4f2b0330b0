// Caller authentication: the mode, and the settings of identity mode (tokens exchanged through
// Cognito Identity) and of gateway mode (JWTs verified against a JWKS). What each mode requires
// is marked `requiredIn`; demo mode fills what is left blank from the built-in emulator.
import { z } from 'zod';

import { isCognitoId } from '../../../resolvers/cognito-sync.js';
import {
  byMode,
  commaList,
  decided,
  endpointUrl,
  fixed,
  nonNegativeInt,
  positiveInt,
  setting,
  unset,
} from '../table.js';

/**
 * Public-key signature algorithms only: with a JWKS of public keys, an HMAC algorithm would let
 * anyone holding the public key sign tokens, and `none` is no signature at all.
 */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const DEFAULT_JWT_ALGORITHMS: readonly (typeof JWT_ALGORITHMS)[number][] = ['RS256', 'ES256'];

/** A value demo mode fills from the emulator (withLocalUpstream); elsewhere it is required. */
const blank = (text: string) => decided(text, () => '');

export const AUTH = {
  mode: setting({
    env: 'GATEWAY_AUTH_MODE',
    schema: z.enum(['identity', 'gateway', 'none']),
    default: byMode('none', 'identity'),
    description:
      'identity: callers send a login token (Authorization: Bearer), exchanged through Cognito Identity for their own AWS credentials. gateway: callers send a JWT verified against GATEWAY_JWT_JWKS_URL; the gateway uses its own AWS credentials and allows each caller only its own identities. none: no caller authentication; outside demo mode it must be set explicitly.',
  }),
  /** The identity pool of the callers' identities (the default of `identityPoolId` arguments). */
  identityPoolId: setting({
    env: 'GATEWAY_IDENTITY_POOL_ID',
    // The rule the resolvers check identityPoolId arguments with (hex in either case).
    schema: z
      .string()
      .refine(isCognitoId, 'must be an identity pool id like us-east-1:0f1e2d3c-...'),
    default: unset('(none; required in identity mode)'),
    description:
      'The Cognito identity pool of the callers (identity mode: the pool tokens are exchanged in; both modes: the default identityPoolId of cognitoDatasets).',
    requiredIn: 'identity',
  }),
};

export const IDENTITY = {
  /** The `Logins` map key the identity pool trusts, e.g. cognito-idp.<region>.amazonaws.com/<pool>. */
  loginProvider: setting({
    env: 'GATEWAY_IDENTITY_LOGIN_PROVIDER',
    schema: z.string().max(128),
    default: blank('(none; required in identity mode)'),
    description:
      "Identity mode: the Logins key the identity pool trusts for callers' tokens, e.g. cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI or accounts.google.com.",
    requiredIn: 'identity',
  }),
  accountId: setting({
    env: 'GATEWAY_IDENTITY_ACCOUNT_ID',
    schema: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
    default: unset('(none)'),
    description: 'Identity mode: the AWS account id sent with Cognito Identity GetId.',
  }),
  /** Most identities whose credentials are cached at once. */
  cacheSize: setting({
    env: 'GATEWAY_IDENTITY_CACHE_SIZE',
    schema: positiveInt(1_000_000),
    default: fixed(10_000),
    description:
      'Identity mode: most identities whose temporary credentials are cached (each until shortly before it expires).',
  }),
  /**
   * Where the login provider's signing keys are, to refuse bad tokens before any AWS call:
   * a URL, 'none', or undefined for the default (a Cognito user pool's own JWKS).
   */
  jwksUrl: setting({
    env: 'GATEWAY_IDENTITY_JWKS_URL',
    schema: z.union([z.literal('none'), endpointUrl]),
    default: unset(
      "the user pool's own JWKS for a Cognito user pool login provider; none otherwise",
    ),
    description:
      "Identity mode: the login provider's JSON Web Key Set. Login tokens are verified against it (signature, issuer, expiry) before any Cognito Identity call, so junk tokens cost no AWS call; refused tokens are remembered for a minute. Set it for an OIDC provider, or none to leave every check to AWS.",
  }),
};

export const JWT = {
  jwksUrl: setting({
    env: 'GATEWAY_JWT_JWKS_URL',
    schema: endpointUrl,
    default: blank('(none; required in gateway mode)'),
    description: "Gateway mode: URL of the JSON Web Key Set that signs callers' tokens.",
    requiredIn: 'gateway',
  }),
  issuer: setting({
    env: 'GATEWAY_JWT_ISSUER',
    schema: z.string(),
    default: blank('(none; required in gateway mode)'),
    description: "Gateway mode: the `iss` callers' tokens must carry.",
    requiredIn: 'gateway',
  }),
  audience: setting({
    env: 'GATEWAY_JWT_AUDIENCE',
    schema: commaList(z.string(), { min: 1 }),
    default: decided('(none; required in gateway mode)', (): readonly string[] => []),
    description: 'Gateway mode: comma-separated accepted `aud` values.',
    requiredIn: 'gateway',
  }),
  algorithms: setting({
    env: 'GATEWAY_JWT_ALGORITHMS',
    schema: commaList(
      z.enum(JWT_ALGORITHMS, {
        error: `only public-key algorithms are accepted (${JWT_ALGORITHMS.join(', ')})`,
      }),
      { min: 1 },
    ),
    default: fixed(DEFAULT_JWT_ALGORITHMS, DEFAULT_JWT_ALGORITHMS.join(',')),
    description:
      'Gateway mode: comma-separated accepted signing algorithms; public-key ones only (RS*, PS*, ES*, EdDSA).',
  }),
  clockToleranceSeconds: setting({
    env: 'GATEWAY_JWT_CLOCK_TOLERANCE_S',
    schema: nonNegativeInt(300),
    default: fixed(30),
    description: 'Gateway mode: clock skew allowed when checking exp and nbf, in seconds.',
  }),
  /** Claim listing the Cognito identity ids the caller owns (a string or an array of strings). */
  identityClaim: setting({
    env: 'GATEWAY_JWT_IDENTITY_CLAIM',
    schema: z.string(),
    default: fixed('identity_ids'),
    description:
      'Gateway mode: claim listing the Cognito identity ids the caller owns (a string or an array).',
  }),
  /** Claim holding the caller's scopes (space-separated string or array). */
  scopeClaim: setting({
    env: 'GATEWAY_JWT_SCOPE_CLAIM',
    schema: z.string(),
    default: fixed('scope'),
    description: "Gateway mode: claim holding the caller's scopes (space-separated or an array).",
  }),
  /** Scope that may read any identity's datasets, and Personalize. */
  adminScope: setting({
    env: 'GATEWAY_ADMIN_SCOPE',
    schema: z.string(),
    default: fixed('datasets:admin'),
    description: "Gateway mode: scope that may read every identity's datasets and Personalize.",
  }),
  /** Scope that may read Personalize datasets and dataset groups. */
  personalizeScope: setting({
    env: 'GATEWAY_PERSONALIZE_SCOPE',
    schema: z.string(),
    default: fixed('personalize:read'),
    description: 'Gateway mode: scope that may read Personalize datasets and dataset groups.',
  }),
};
