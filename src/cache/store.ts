// Where shared upstream answers live: in this process (`memory`) or in Redis, shared by every
// replica (`redis`). A store holds answers under opaque keys; how keys are made is
// upstream-cache.ts's business, and how an answer is kept (as it is, or as bytes) the store's.
// Every method may fail (Redis down): callers treat a failure as a miss, never as a failed request.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { serialize } from 'node:v8';

import { LRUCache } from 'lru-cache';

/** A stored answer; a holder, so an answer that is `undefined` is still a hit. */
export interface StoredAnswer {
  readonly value: unknown;
}

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<StoredAnswer | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /**
   * Takes the short lock that makes one replica fetch a missing key while the others wait for
   * its answer; true when the caller now holds it. Expires by itself after `ttlMs`.
   */
  acquire(lockKey: string, ttlMs: number): Promise<boolean>;
  release(lockKey: string): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryStoreOptions {
  /** Bound on the bytes held, so no client can fill the heap through the cache. */
  readonly maxBytes: number;
  readonly now?: () => number;
}

/**
 * Freezes an answer and everything it holds, so the one copy every hit shares cannot be changed
 * by one request under another. Byte arrays cannot be frozen and are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * One replica's cache: bounded by bytes, entries gone after their TTL. It keeps each answer as
 * it is (frozen), not as bytes: a hit hands out the stored object, with no decoding and no copy,
 * as a fetch in flight already hands one answer to every request that joined it. Its size is
 * measured once, when it is stored, as the bytes Redis would hold for it.
 */
export function createMemoryStore(options: MemoryStoreOptions): CacheStore {
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, StoredAnswer>({
    maxSize: options.maxBytes,
    // Our clock, read on every lookup (no 1 ms debounce): tests move time without waiting.
    perf: { now },
    ttlResolution: 0,
    ttl: 1,
  });
  // Within one process the single flight of upstream-cache.ts already joins concurrent misses,
  // so there is nothing to lock against: the lock is always this caller's.
  return {
    kind: 'memory',
    // A hit waits for the event loop's next turn, as a Redis read does, rather than answering in
    // the same run of microtasks. Answered at once, each cached request ran from reading its
    // socket to writing its response before the next was read: one wake-up and one lone write
    // per request, and the writes cost three times the CPU (13% of a saturated replica's profile
    // against 4% with the yield). Yielding, the requests that arrived together are answered
    // together. `npm run bench` (gateway-cached-first-page) is where to check it still pays.
    get: async (key) => {
      await nextTurn();
      return entries.get(key);
    },
    set: (key, value, ttlMs) => {
      try {
        const size = serialize(value).byteLength + key.length;
        entries.set(key, Object.freeze({ value: deepFreeze(value) }), { ttl: ttlMs, size });
        return Promise.resolve();
      } catch (error) {
        // Not cloneable, so not measurable: the store fails, the read that loaded it does not.
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    acquire: () => Promise.resolve(true),
    release: () => Promise.resolve(),
    close: () => {
      entries.clear();
      return Promise.resolve();
    },
  };
}
