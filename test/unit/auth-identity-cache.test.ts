// Identity mode's caches (src/auth/identity-cache.ts) against a scripted exchange and a manual
// clock: what is cached, for how long, under which key, and when Cognito Identity is asked again.
import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import {
  createIdentityCache,
  MAX_TOKEN_TTL_MS,
  OPAQUE_TOKEN_TTL_MS,
  REFRESH_BEFORE_EXPIRY_MS,
  sessionTtlMs,
  tokenCacheKey,
  tokenTtlMs,
  type IdentitySession,
} from '../../src/auth/identity-cache.js';

const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01';
const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMITS = { opaqueTtlMs: OPAQUE_TOKEN_TTL_MS, maxTtlMs: MAX_TOKEN_TTL_MS };

interface TestSession extends IdentitySession {
  readonly serial: number;
}

/** An unsigned JWT for `subject` expiring at `expMs` (the cache only decodes it). */
function jwt(subject: string, expMs?: number): string {
  const token = new UnsecuredJWT({ nonce: Math.random() }).setSubject(subject);
  if (expMs !== undefined) token.setExpirationTime(Math.floor(expMs / 1000));
  return token.encode();
}

/** The subject of a token made by `jwt`, or the opaque token itself. */
function subjectOf(token: string): string {
  const [, payload] = token.split('.');
  if (payload === undefined) return token;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string };
  return claims.sub;
}

interface Harness {
  clock: number;
  readonly calls: { getId: string[]; getSession: string[] };
  readonly cache: ReturnType<typeof createIdentityCache<TestSession, undefined>>;
  /** Resolves the exchanges held back by `hold`. */
  release(): void;
}

function harness(
  options: {
    readonly credentialsTtlMs?: number;
    readonly maxEntries?: number;
    readonly hold?: boolean;
    readonly failGetSession?: (identityId: string, attempt: number) => Error | undefined;
  } = {},
): Harness {
  let serial = 0;
  let releaseHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });
  const calls = { getId: [] as string[], getSession: [] as string[] };
  const state: Harness = {
    clock: START,
    calls,
    release: () => {
      releaseHeld();
    },
    cache: createIdentityCache<TestSession, undefined>({
      loginProvider: PROVIDER,
      maxEntries: options.maxEntries ?? 100,
      now: () => state.clock,
      exchange: {
        async getId(token) {
          calls.getId.push(subjectOf(token));
          if (options.hold === true) await held;
          return `us-east-1:identity-of-${subjectOf(token)}`;
        },
        async getSession(identityId) {
          calls.getSession.push(identityId);
          if (options.hold === true) await held;
          const failure = options.failGetSession?.(identityId, calls.getSession.length);
          if (failure !== undefined) throw failure;
          serial += 1;
          return {
            identityId,
            expiresAt: state.clock + (options.credentialsTtlMs ?? HOUR),
            serial,
          };
        },
        isIdentityGone: (error) => error instanceof Error && error.message === 'gone',
      },
    }),
  };
  return state;
}

describe('tokenCacheKey', () => {
  it('is a digest that contains no part of the token', () => {
    const token = jwt('alice', START + HOUR);
    const key = tokenCacheKey(PROVIDER, token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const parts = token.split('.').filter((part) => part !== '');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(key).not.toContain(part.slice(0, 16));
  });

  it('differs by token and by login provider, and is stable', () => {
    const token = jwt('alice', START + HOUR);
    expect(tokenCacheKey(PROVIDER, token)).toBe(tokenCacheKey(PROVIDER, token));
    expect(tokenCacheKey(PROVIDER, token)).not.toBe(tokenCacheKey('accounts.google.com', token));
    expect(tokenCacheKey(PROVIDER, token)).not.toBe(
      tokenCacheKey(PROVIDER, jwt('alice', START + HOUR)),
    );
  });
});

describe('tokenTtlMs', () => {
  it("ends at a JWT's exp", () => {
    expect(tokenTtlMs(jwt('alice', START + 10 * MINUTE), START, LIMITS)).toBe(10 * MINUTE);
  });

  it('is never longer than the maximum, whatever the exp', () => {
    expect(tokenTtlMs(jwt('alice', START + 24 * HOUR), START, LIMITS)).toBe(MAX_TOKEN_TTL_MS);
  });

  it('is not positive for an expired JWT', () => {
    expect(tokenTtlMs(jwt('alice', START - MINUTE), START, LIMITS)).toBeLessThanOrEqual(0);
  });

  it('is the bounded opaque TTL for a token that is not a JWT, or a JWT without exp', () => {
    expect(tokenTtlMs('ya29.opaque-access-token', START, LIMITS)).toBe(OPAQUE_TOKEN_TTL_MS);
    expect(tokenTtlMs(jwt('alice'), START, LIMITS)).toBe(OPAQUE_TOKEN_TTL_MS);
  });
});

describe('sessionTtlMs', () => {
  it('ends the refresh margin before the credentials expire', () => {
    expect(sessionTtlMs(START + HOUR, START, REFRESH_BEFORE_EXPIRY_MS)).toBe(HOUR - 5 * MINUTE);
  });

  it('is zero without an expiration, and negative inside the margin', () => {
    expect(sessionTtlMs(undefined, START, REFRESH_BEFORE_EXPIRY_MS)).toBe(0);
    expect(sessionTtlMs(START + MINUTE, START, REFRESH_BEFORE_EXPIRY_MS)).toBeLessThan(0);
  });
});

describe('createIdentityCache', () => {
  it('answers a repeated token from the cache without any exchange', async () => {
    const h = harness();
    const token = jwt('alice', START + HOUR);
    const first = await h.cache.sessionFor(token, undefined);
    h.clock += 30 * MINUTE;
    const second = await h.cache.sessionFor(token, undefined);
    expect(second).toBe(first);
    expect(h.calls).toEqual({
      getId: ['alice'],
      getSession: ['us-east-1:identity-of-alice'],
    });
  });

  it('joins concurrent requests with the same token into one exchange', async () => {
    const h = harness({ hold: true });
    const token = jwt('alice', START + HOUR);
    const pending = [1, 2, 3, 4, 5].map(() => h.cache.sessionFor(token, undefined));
    expect(h.cache.stats().inFlight).toBe(1);
    h.release();
    const sessions = await Promise.all(pending);
    expect(new Set(sessions.map((s) => s.serial))).toEqual(new Set([1]));
    expect(h.calls.getId).toEqual(['alice']);
    expect(h.calls.getSession).toHaveLength(1);
    expect(h.cache.stats().inFlight).toBe(0);
  });

  it('keeps different users apart', async () => {
    const h = harness();
    const alice = await h.cache.sessionFor(jwt('alice', START + HOUR), undefined);
    const bob = await h.cache.sessionFor(jwt('bob', START + HOUR), undefined);
    expect([alice.identityId, bob.identityId]).toEqual([
      'us-east-1:identity-of-alice',
      'us-east-1:identity-of-bob',
    ]);
    expect(h.calls.getId).toEqual(['alice', 'bob']);
  });

  it("asks GetId for a new token of a known identity, then reuses the identity's session", async () => {
    const h = harness();
    const first = await h.cache.sessionFor(jwt('alice', START + HOUR), undefined);
    const second = await h.cache.sessionFor(jwt('alice', START + HOUR), undefined);
    expect(second).toBe(first);
    expect(h.calls).toEqual({
      getId: ['alice', 'alice'],
      getSession: ['us-east-1:identity-of-alice'],
    });
  });

  it('forgets a token when it expires: the next request is exchanged (and AWS would refuse it)', async () => {
    const h = harness();
    const token = jwt('alice', START + 10 * MINUTE);
    await h.cache.sessionFor(token, undefined);
    h.clock += 10 * MINUTE;
    await h.cache.sessionFor(token, undefined);
    expect(h.calls.getId).toEqual(['alice', 'alice']);
  });

  it('never caches a token that is already expired', async () => {
    const h = harness();
    const token = jwt('alice', START - MINUTE);
    await h.cache.sessionFor(token, undefined);
    await h.cache.sessionFor(token, undefined);
    expect(h.calls.getId).toEqual(['alice', 'alice']);
    expect(h.cache.stats().tokens).toBe(0);
  });

  it('keeps an opaque token only for the bounded TTL', async () => {
    const h = harness();
    await h.cache.sessionFor('opaque-token-of-carol', undefined);
    h.clock += OPAQUE_TOKEN_TTL_MS - 1;
    await h.cache.sessionFor('opaque-token-of-carol', undefined);
    expect(h.calls.getId).toHaveLength(1);
    h.clock += 1;
    await h.cache.sessionFor('opaque-token-of-carol', undefined);
    expect(h.calls.getId).toHaveLength(2);
  });

  it('refreshes the credentials 5 minutes before they expire, without a new GetId', async () => {
    const h = harness({ credentialsTtlMs: HOUR });
    const token = jwt('alice', START + 2 * HOUR);
    const first = await h.cache.sessionFor(token, undefined);
    h.clock += HOUR - 5 * MINUTE - 1;
    expect(await h.cache.sessionFor(token, undefined)).toBe(first);
    h.clock += 1;
    const refreshed = await h.cache.sessionFor(token, undefined);
    expect(refreshed.serial).toBe(2);
    expect(h.calls.getId).toEqual(['alice']);
    expect(h.calls.getSession).toHaveLength(2);
  });

  it('does not cache credentials that expire within the refresh margin', async () => {
    const h = harness({ credentialsTtlMs: 4 * MINUTE });
    const token = jwt('alice', START + HOUR);
    await h.cache.sessionFor(token, undefined);
    await h.cache.sessionFor(token, undefined);
    expect(h.calls.getSession).toHaveLength(2);
    expect(h.cache.stats().sessions).toBe(0);
  });

  it('caches no failure: the next request exchanges again', async () => {
    const h = harness({
      failGetSession: (_id, attempt) => (attempt === 1 ? new Error('throttled') : undefined),
    });
    const token = jwt('alice', START + HOUR);
    await expect(h.cache.sessionFor(token, undefined)).rejects.toThrow('throttled');
    expect(h.cache.stats()).toEqual({ tokens: 0, sessions: 0, inFlight: 0 });
    await expect(h.cache.sessionFor(token, undefined)).resolves.toMatchObject({ serial: 1 });
  });

  it('asks GetId again, once, when the cached identity no longer exists', async () => {
    const h = harness({
      credentialsTtlMs: 10 * MINUTE,
      failGetSession: (_id, attempt) => (attempt === 2 ? new Error('gone') : undefined),
    });
    const token = jwt('alice', START + HOUR);
    await h.cache.sessionFor(token, undefined);
    h.clock += 6 * MINUTE;
    await expect(h.cache.sessionFor(token, undefined)).resolves.toMatchObject({ serial: 2 });
    expect(h.calls.getId).toEqual(['alice', 'alice']);
    expect(h.calls.getSession).toHaveLength(3);
  });

  it('forgets the mapping when refreshing fails for another reason, without retrying', async () => {
    const h = harness({
      credentialsTtlMs: 10 * MINUTE,
      failGetSession: (_id, attempt) => (attempt === 2 ? new Error('refused') : undefined),
    });
    const token = jwt('alice', START + HOUR);
    await h.cache.sessionFor(token, undefined);
    h.clock += 6 * MINUTE;
    await expect(h.cache.sessionFor(token, undefined)).rejects.toThrow('refused');
    expect(h.calls.getId).toEqual(['alice']);
    expect(h.cache.stats().tokens).toBe(0);
  });

  it('holds at most maxEntries tokens and sessions, evicting the least recently used', async () => {
    const h = harness({ maxEntries: 2 });
    const tokens = ['alice', 'bob', 'carol'].map((subject) => jwt(subject, START + HOUR));
    for (const token of tokens) await h.cache.sessionFor(token, undefined);
    expect(h.cache.stats()).toMatchObject({ tokens: 2, sessions: 2 });
    const [aliceToken] = tokens;
    if (aliceToken === undefined) throw new Error('no token');
    await h.cache.sessionFor(aliceToken, undefined);
    expect(h.calls.getId).toEqual(['alice', 'bob', 'carol', 'alice']);
  });

  it('refuses a session that GetCredentialsForIdentity gave for another identity', async () => {
    const cache = createIdentityCache<IdentitySession, undefined>({
      loginProvider: PROVIDER,
      maxEntries: 10,
      exchange: {
        getId: () => Promise.resolve('us-east-1:identity-of-alice'),
        getSession: () =>
          Promise.resolve({ identityId: 'us-east-1:identity-of-bob', expiresAt: undefined }),
      },
    });
    await expect(cache.sessionFor(jwt('alice', START + HOUR), undefined)).rejects.toThrow(
      /another identity/,
    );
  });
});
