// Gateway mode's cache of verified JWTs: a caller's later requests with the same token skip the
// signature check (most of the cost of gateway-mode authentication) until the token expires.
//
// Why a cached entry can never admit a token jose would refuse: the key is a SHA-256 digest of
// the whole token, so any altered byte (claims, header or signature) is another key, which misses
// and is verified afresh; an entry is written only after jwtVerify accepted that very token; it
// goes no later than the token's `exp`, and no later than the JWKS cache age, so a signing key the
// issuer withdraws (how JWTs are revoked) stops admitting its tokens as soon as a fresh JWKS would
// have refused them. Refusals are not cached: a refused token is checked again every time.
import { createHash } from 'node:crypto';

import { LRUCache } from 'lru-cache';

import type { Caller } from '../../resolvers/access.js';

export interface VerifiedTokenCacheOptions {
  /** Most tokens cached at once (least recently used go first). */
  readonly maxEntries: number;
  /** The longest an entry is served whatever its `exp`: the JWKS's own cache age. */
  readonly maxAgeMs: number;
  /** Wall clock in epoch milliseconds (`exp` is wall-clock). */
  readonly now?: () => number;
}

export interface VerifiedTokenCache {
  /** The caller a still-valid verified token proved; undefined: verify it. */
  get(token: string): Caller | undefined;
  /** After jwtVerify accepted `token` with this `exp` (seconds since the epoch). */
  remember(token: string, expSeconds: number, caller: Caller): void;
  readonly size: () => number;
}

/** Never the token itself, so a heap dump of the keys reveals none. */
function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createVerifiedTokenCache(options: VerifiedTokenCacheOptions): VerifiedTokenCache {
  const now = options.now ?? Date.now;
  // ttlResolution 0: every read consults the clock, so an entry is never served past its ttl.
  const cache = new LRUCache<string, Caller>({
    max: options.maxEntries,
    perf: { now },
    ttlResolution: 0,
  });
  return {
    get: (token) => cache.get(keyOf(token)),
    remember: (token, expSeconds, caller) => {
      const ms = Math.min(expSeconds * 1000 - now(), options.maxAgeMs);
      // lru-cache serves an entry while its age is at most its ttl, and reads 0 as "forever".
      if (ms > 1) cache.set(keyOf(token), caller, { ttl: ms - 1 });
    },
    size: () => cache.size,
  };
}
