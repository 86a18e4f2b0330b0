// Read-through cache of upstream answers, shared by every request of a replica and, with Redis,
// by the whole fleet. It sits below authorisation (every check has run before a read) and above
// the SDK, and keys each answer by everything that shapes it, the credential scope included, so
// one caller's view is never served to another.
//
// Single flight: concurrent misses for one key make one upstream call. Within a replica they
// join one promise; across replicas the first takes a short lock in the store and the others
// poll for its answer until the lock would have expired, then fetch themselves.
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import type { CacheStore, StoredAnswer } from './store.js';

export type CacheSource = 'hit' | 'miss' | 'joined';

export interface CacheRead<T> {
  readonly value: T;
  readonly source: CacheSource;
}

/** What makes one upstream answer; `scope` names whose view it is (hashed, never stored). */
export interface CacheKeyParts {
  readonly service: string;
  readonly operation: string;
  /** The normalised arguments, the upstream page size and token among them. */
  readonly args: readonly unknown[];
  readonly scope: string;
}

export interface UpstreamCacheMonitor {
  read(service: string, operation: string, source: CacheSource): void;
}

export interface UpstreamCacheOptions {
  readonly store: CacheStore;
  readonly ttlMs: number;
  readonly monitor: UpstreamCacheMonitor;
  /** How long other replicas wait for the one fetching a missing key. */
  readonly lockMs?: number;
  readonly pollMs?: number;
  /**
   * Whether a failure belongs to the request that met it (its deadline, its cancellation, its
   * call ceiling) rather than to the key: a request that joined such a fetch tries on its own.
   * Default: every failure is the key's, shared by all who joined.
   */
  readonly isRequestOwnFailure?: (error: unknown) => boolean;
}

export interface ReadOptions {
  /** Skip what is cached (and fetches in flight): load now, and store the answer for others. */
  readonly fresh?: boolean;
}

export interface UpstreamCache {
  readonly kind: CacheStore['kind'];
  readonly ttlMs: number;
  /**
   * The answer for `parts`: from the cache, from a fetch already in flight, or from `load`
   * (whose answer is then stored). Store failures count as misses; errors are never cached.
   */
  read<T>(
    parts: CacheKeyParts,
    load: () => Promise<T>,
    signal: AbortSignal,
    options?: ReadOptions,
  ): Promise<CacheRead<T>>;
  close(): Promise<void>;
}

/** Bump when the stored shape changes, so replicas of two versions never read each other. */
const KEY_VERSION = 'v1';

/** `dg:up:v1:<service>:<operation>:<sha256 of the arguments and the scope>`. */
export function cacheKey(parts: CacheKeyParts): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.scope, ...parts.args]))
    .digest('base64url');
  return `dg:up:${KEY_VERSION}:${parts.service}:${parts.operation}:${digest}`;
}

export function createUpstreamCache(options: UpstreamCacheOptions): UpstreamCache {
  const { store, ttlMs, monitor } = options;
  const lockMs = options.lockMs ?? 2_000;
  const pollMs = options.pollMs ?? 25;
  const isRequestOwnFailure = options.isRequestOwnFailure ?? (() => false);
  const inFlight = new Map<string, Promise<CacheRead<unknown>>>();

  const cached = (key: string): Promise<StoredAnswer | undefined> =>
    store.get(key).catch(() => undefined);

  const fetchAndStore = async (key: string, load: () => Promise<unknown>): Promise<unknown> => {
    const value = await load();
    // Not awaited by the caller's answer: storing is for the next reader.
    void store.set(key, value, ttlMs).catch(() => undefined);
    return value;
  };

  const readThrough = async (
    key: string,
    load: () => Promise<unknown>,
    signal: AbortSignal,
  ): Promise<CacheRead<unknown>> => {
    const hit = await cached(key);
    if (hit !== undefined) return { value: hit.value, source: 'hit' };
    if (store.kind === 'memory') return { value: await fetchAndStore(key, load), source: 'miss' };
    const lockKey = `${key}:lock`;
    const locked = await store.acquire(lockKey, lockMs).catch(() => true);
    if (locked) {
      try {
        // The replica that held the lock before us may have stored its answer just now.
        const stored = await cached(key);
        if (stored !== undefined) return { value: stored.value, source: 'joined' };
        return { value: await fetchAndStore(key, load), source: 'miss' };
      } finally {
        void store.release(lockKey).catch(() => undefined);
      }
    }
    // Another replica is fetching this key: wait for its answer, at most as long as its lock.
    for (let waited = 0; waited < lockMs; waited += pollMs) {
      await delay(pollMs, undefined, { signal });
      const joined = await cached(key);
      if (joined !== undefined) return { value: joined.value, source: 'joined' };
    }
    return { value: await fetchAndStore(key, load), source: 'miss' };
  };

  return {
    kind: store.kind,
    ttlMs,
    read: async <T>(
      parts: CacheKeyParts,
      load: () => Promise<T>,
      signal: AbortSignal,
      readOptions: ReadOptions = {},
    ): Promise<CacheRead<T>> => {
      const key = cacheKey(parts);
      const report = (read: CacheRead<unknown>): CacheRead<T> => {
        monitor.read(parts.service, parts.operation, read.source);
        // The value under this key was produced by a `load` for the same parts: the same T.
        return read as CacheRead<T>;
      };
      if (readOptions.fresh === true) {
        return report({ value: await fetchAndStore(key, load), source: 'miss' });
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) {
        try {
          const shared = await pending;
          return report({
            value: shared.value,
            source: shared.source === 'hit' ? 'hit' : 'joined',
          });
        } catch (error) {
          // The fetch we joined failed for its own request (cancelled, deadline): ours may still
          // succeed, so it gets its own try. An upstream failure is shared as it is.
          if (signal.aborted || !isRequestOwnFailure(error)) throw error;
          return report(await readThrough(key, load, signal));
        }
      }
      const read = readThrough(key, load, signal);
      inFlight.set(key, read);
      try {
        return report(await read);
      } finally {
        inFlight.delete(key);
      }
    },
    close: () => store.close(),
  };
}
