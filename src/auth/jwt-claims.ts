// What a verified gateway-mode JWT grants: the Cognito identities it names (a configurable claim)
// and its scopes. Claims come from the token issuer, so their shapes are checked, not assumed: a
// value of the wrong type grants nothing, and the work per token is bounded.
import { ANONYMOUS_CALLER, type Caller } from '../../resolvers/access.js';
import { isCognitoId } from '../../resolvers/cognito-sync.js';
import type { JwtAuthSettings } from '../config/index.js';

/** Most entries of the identity claim that are read; the rest are ignored. */
export const MAX_TOKEN_IDENTITIES = 100;
/** Most scopes of the scope claim that are read; the rest are ignored. */
export const MAX_TOKEN_SCOPES = 100;

export type TokenClaims = Readonly<Record<string, unknown>>;

function ownClaim(claims: TokenClaims, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

/**
 * The Cognito identity ids a claim names: one id, or an array of ids. Entries that are not
 * strings shaped like identity ids are ignored (they could never match an identity); only the
 * first MAX_TOKEN_IDENTITIES entries are read. Duplicates collapse, order is kept.
 */
export function identitiesFromClaim(value: unknown): string[] {
  const entries: readonly unknown[] = Array.isArray(value)
    ? value.slice(0, MAX_TOKEN_IDENTITIES)
    : [value];
  const ids = entries.filter(
    (entry): entry is string => typeof entry === 'string' && isCognitoId(entry),
  );
  return [...new Set(ids)];
}

/**
 * The scopes a claim grants: an OAuth space-separated string (`scope`) or an array of strings
 * (`scp` as some issuers send it). Anything else grants no scope.
 */
export function scopesFromClaim(value: unknown): ReadonlySet<string> {
  const scopes =
    typeof value === 'string'
      ? value.split(/\s+/, MAX_TOKEN_SCOPES + 1)
      : Array.isArray(value)
        ? value.slice(0, MAX_TOKEN_SCOPES).filter((entry) => typeof entry === 'string')
        : [];
  return new Set(scopes.filter((scope) => scope !== '').slice(0, MAX_TOKEN_SCOPES));
}

/**
 * The caller a verified token proves. Admins (the admin scope) may read any identity of any
 * pool and Personalize; everyone else only the identities the token names, in the configured
 * pool, and Personalize only with the Personalize scope.
 */
export function callerFromClaims(
  claims: TokenClaims,
  settings: Pick<
    JwtAuthSettings,
    'identityClaim' | 'scopeClaim' | 'adminScope' | 'personalizeScope'
  >,
  identityPoolId: string | undefined,
): Caller {
  const scopes = scopesFromClaim(ownClaim(claims, settings.scopeClaim));
  const admin = scopes.has(settings.adminScope);
  const owned = identitiesFromClaim(ownClaim(claims, settings.identityClaim));
  const sub = ownClaim(claims, 'sub');
  const [only] = owned;
  return Object.freeze({
    ...ANONYMOUS_CALLER,
    authenticated: true,
    subject: typeof sub === 'string' ? sub : undefined,
    identities: admin ? 'any' : new Set(owned),
    identityPoolId: admin ? undefined : identityPoolId,
    defaultIdentity:
      owned.length === 1 && only !== undefined ? { identityPoolId, identityId: only } : undefined,
    personalize: admin || scopes.has(settings.personalizeScope),
  });
}
