// Where shared upstream answers live: in this process (`memory`) or in Redis, shared by every
// replica (`redis`). A store holds opaque bytes under opaque keys; what the bytes mean and how
// keys are made is upstream-cache.ts's business. Every method may fail (Redis down): callers
// treat a failure as a miss, never as a failed request.
import { LRUCache } from 'lru-cache';

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void>;
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

/** One replica's cache: bounded by bytes, entries gone after their TTL. */
export function createMemoryStore(options: MemoryStoreOptions): CacheStore {
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, Uint8Array>({
    maxSize: options.maxBytes,
    sizeCalculation: (value, key) => value.byteLength + key.length,
    // Our clock, read on every lookup (no 1 ms debounce): tests move time without waiting.
    perf: { now },
    ttlResolution: 0,
    ttl: 1,
  });
  // Within one process the single flight of upstream-cache.ts already joins concurrent misses,
  // so there is nothing to lock against: the lock is always this caller's.
  return {
    kind: 'memory',
    get: (key) => Promise.resolve(entries.get(key)),
    set: (key, value, ttlMs) => {
      entries.set(key, value, { ttl: ttlMs });
      return Promise.resolve();
    },
    acquire: () => Promise.resolve(true),
    release: () => Promise.resolve(),
    close: () => {
      entries.clear();
      return Promise.resolve();
    },
  };
}
