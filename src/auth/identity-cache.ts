// Identity mode's caches: login token → identity id, and identity id → that identity's session
// (temporary credentials and the clients signing with them), so that a caller's requests cost
// no Cognito Identity call until its token or its credentials are about to expire. Concurrent
// requests with the same token share one exchange. The AWS calls themselves are a parameter, so
// this logic is tested without them.
//
// Why no caller can reach another caller's credentials: sessions are keyed by identity id, and
// the only way from a request to an identity id is the token map. Its keys are SHA-256 digests of
// (login provider, token), so a request hits an entry only by presenting that very token, and an
// entry is written only after AWS accepted that token for that identity (GetId mapped the token
// to it; GetCredentialsForIdentity, when called, verified it again). Nothing a client sends other
// than the token takes part in any key, and a token's entry expires no later than the token.
import { createHash } from 'node:crypto';

import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';

export interface IdentitySession {
  readonly identityId: string;
  /** When the session's credentials expire (epoch ms); undefined when AWS did not say. */
  readonly expiresAt: number | undefined;
}

/** The Cognito Identity calls of the enhanced authflow; `context` is passed through. */
export interface IdentityExchange<Session extends IdentitySession, Context> {
  /** GetId: the identity AWS maps this (verified) login token to. */
  getId(token: string, context: Context): Promise<string>;
  /** GetCredentialsForIdentity with the same token, and what the gateway builds on them. */
  getSession(identityId: string, token: string, context: Context): Promise<Session>;
  /**
   * True when `getSession` failed because the (cached) identity id no longer exists: the cache
   * then asks GetId again, once. Default: never.
   */
  isIdentityGone?(error: unknown): boolean;
}

export interface IdentityCacheOptions<Session extends IdentitySession, Context> {
  /** The `Logins` key the tokens are sent under; part of the token cache key. */
  readonly loginProvider: string;
  /** Most tokens, and most identities, cached at once (least recently used go first). */
  readonly maxEntries: number;
  readonly exchange: IdentityExchange<Session, Context>;
  /** Wall clock in epoch milliseconds (credentials' Expiration and JWT `exp` are wall-clock). */
  readonly now?: () => number;
  /** A session is refreshed this long before its credentials expire. Default 5 minutes. */
  readonly refreshBeforeExpiryMs?: number;
  /** How long a token that is not a JWT with `exp` stays mapped. Default 5 minutes. */
  readonly opaqueTokenTtlMs?: number;
  /** The longest a token stays mapped, whatever its `exp`. Default 1 hour. */
  readonly maxTokenTtlMs?: number;
}

export interface IdentityCache<Session extends IdentitySession, Context> {
  /**
   * The session of the identity this token logs in to: from the cache, from an exchange of the
   * same token already in flight, or from a new exchange. Rejects with the exchange's error.
   */
  sessionFor(token: string, context: Context): Promise<Session>;
  /** The live session this token maps to, without any exchange; undefined when there is none. */
  cached(token: string): Session | undefined;
  /**
   * Forgets this session (AWS refused its credentials), so the next `sessionFor` of its tokens
   * asks GetCredentialsForIdentity again (and GetId, if the identity is gone). A newer session of
   * the same identity is kept.
   */
  invalidate(session: Session): void;
  /** Entries held now (stale ones included until they are evicted or read). */
  stats(): { readonly tokens: number; readonly sessions: number; readonly inFlight: number };
  clear(): void;
}

export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
export const OPAQUE_TOKEN_TTL_MS = 5 * 60_000;
export const MAX_TOKEN_TTL_MS = 60 * 60_000;

/** The token cache key: never the token itself, so a heap dump or a log of keys reveals none. */
export function tokenCacheKey(loginProvider: string, token: string): string {
  return createHash('sha256')
    .update(JSON.stringify([loginProvider, token]))
    .digest('base64url');
}

/**
 * How long a token may stay mapped to its identity: until its `exp` when it is a JWT (decoded
 * only for this; AWS verifies it), else `opaqueTtlMs`; never more than `maxTtlMs`. Zero or less
 * means: do not cache.
 */
export function tokenTtlMs(
  token: string,
  nowMs: number,
  limits: { readonly opaqueTtlMs: number; readonly maxTtlMs: number },
): number {
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    // Not a JWT (e.g. an opaque OAuth access token): only the bounded TTL applies.
  }
  const ttl =
    typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 - nowMs : limits.opaqueTtlMs;
  return Math.min(ttl, limits.maxTtlMs);
}

/** How long a session may be served: until `refreshBeforeMs` before it expires. */
export function sessionTtlMs(
  expiresAt: number | undefined,
  nowMs: number,
  refreshBeforeMs: number,
): number {
  return expiresAt === undefined ? 0 : expiresAt - refreshBeforeMs - nowMs;
}

/**
 * The lru-cache `ttl` for an entry that must be gone `ms` from now (lru-cache serves an entry
 * while its age is at most its ttl), or undefined when it must not be cached at all (lru-cache
 * would read a ttl of 0 as "never expires").
 */
function lruTtl(ms: number): number | undefined {
  return ms > 1 ? ms - 1 : undefined;
}

export function createIdentityCache<Session extends IdentitySession, Context>(
  options: IdentityCacheOptions<Session, Context>,
): IdentityCache<Session, Context> {
  const { exchange, loginProvider } = options;
  const now = options.now ?? Date.now;
  const refreshBefore = options.refreshBeforeExpiryMs ?? REFRESH_BEFORE_EXPIRY_MS;
  const tokenLimits = {
    opaqueTtlMs: options.opaqueTokenTtlMs ?? OPAQUE_TOKEN_TTL_MS,
    maxTtlMs: options.maxTokenTtlMs ?? MAX_TOKEN_TTL_MS,
  };
  // Both caches read the same clock as the TTLs computed here; ttlResolution 0 so that no
  // reading of it is reused.
  const lruOptions = { max: options.maxEntries, perf: { now }, ttlResolution: 0 };
  const identityOfToken = new LRUCache<string, string>(lruOptions);
  const sessions = new LRUCache<string, Session>(lruOptions);
  const inFlight = new Map<string, Promise<Session>>();

  function remember(key: string, token: string, identityId: string): void {
    const ttl = lruTtl(tokenTtlMs(token, now(), tokenLimits));
    if (ttl !== undefined) identityOfToken.set(key, identityId, { ttl });
  }

  async function freshSession(
    key: string,
    token: string,
    identityId: string,
    context: Context,
  ): Promise<Session> {
    const session = await exchange.getSession(identityId, token, context);
    if (session.identityId !== identityId) {
      throw new Error('GetCredentialsForIdentity answered for another identity');
    }
    const ttl = lruTtl(sessionTtlMs(session.expiresAt, now(), refreshBefore));
    if (ttl !== undefined) sessions.set(identityId, session, { ttl });
    remember(key, token, identityId);
    return session;
  }

  async function exchangeToken(
    key: string,
    token: string,
    cachedIdentityId: string | undefined,
    context: Context,
  ): Promise<Session> {
    if (cachedIdentityId !== undefined) {
      try {
        return await freshSession(key, token, cachedIdentityId, context);
      } catch (error) {
        // Whatever went wrong, the next request asks GetId again rather than trust the mapping.
        identityOfToken.delete(key);
        if (exchange.isIdentityGone?.(error) !== true) throw error;
      }
    }
    const identityId = await exchange.getId(token, context);
    // GetId verified this token and mapped it to this identity: its live session is the caller's.
    const live = sessions.get(identityId);
    if (live !== undefined) {
      remember(key, token, identityId);
      return live;
    }
    return freshSession(key, token, identityId, context);
  }

  return {
    sessionFor(token, context) {
      const key = tokenCacheKey(loginProvider, token);
      const identityId = identityOfToken.get(key);
      const cached = identityId === undefined ? undefined : sessions.get(identityId);
      if (cached !== undefined) return Promise.resolve(cached);
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const started = exchangeToken(key, token, identityId, context).finally(() => {
        inFlight.delete(key);
      });
      inFlight.set(key, started);
      return started;
    },
    cached(token) {
      const identityId = identityOfToken.get(tokenCacheKey(loginProvider, token));
      return identityId === undefined ? undefined : sessions.get(identityId);
    },
    invalidate(session) {
      if (sessions.get(session.identityId) !== session) return;
      sessions.delete(session.identityId);
    },
    stats: () => ({
      tokens: identityOfToken.size,
      sessions: sessions.size,
      inFlight: inFlight.size,
    }),
    clear() {
      identityOfToken.clear();
      sessions.clear();
    },
  };
}
