// The cache store every replica shares. Each command is bounded (redis-connection.ts) and the
// whole store sits behind a circuit breaker: after a few failures in a row it stops asking Redis
// at all for a while, so a dead or slow Redis costs requests nothing but misses.
//
// Every read asks Redis, so what Redis holds (or no longer holds) is what is served. Decoding is
// what a read can skip: the replica keeps the answers it decoded last, with their bytes, and
// hands out the same frozen answer while Redis returns the same bytes. Decoding a 100-item page
// (v8.deserialize) took about 300 µs; comparing its 21 KB with the kept bytes, about 1 µs.
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { deserialize, serialize } from 'node:v8';

import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

import { deepFreeze, type CacheStore, type StoredAnswer } from './store.js';

/** What operators see of Redis; every method must be cheap and not throw. */
export interface RedisStoreMonitor {
  command(operation: string, outcome: 'ok' | 'error' | 'skipped', seconds: number): void;
  breaker(state: 'closed' | 'open' | 'half-open'): void;
}

export interface RedisStoreOptions {
  readonly redis: Redis;
  readonly monitor: RedisStoreMonitor;
  /** Failures in a row that open the breaker. */
  readonly failuresToOpen?: number;
  /** How long the breaker stays open before one command may try Redis again. */
  readonly halfOpenAfterMs?: number;
  /** Bound, in the bytes Redis holds for them, of the decoded answers kept for reuse. */
  readonly decodedBytes: number;
}

interface DecodedAnswer {
  readonly bytes: Buffer;
  readonly answer: StoredAnswer;
}

const BREAKER_STATES: Record<CircuitState, 'closed' | 'open' | 'half-open'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

// Structured clone keeps the SDK's Dates as Dates, which JSON would turn into strings.
function decode(bytes: Buffer): StoredAnswer | undefined {
  try {
    return Object.freeze({ value: deepFreeze(deserialize(bytes) as unknown) });
  } catch {
    // Bytes this version cannot read are a miss, fetched again and overwritten.
    return undefined;
  }
}

export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const { redis, monitor } = options;
  const decoded = new LRUCache<string, DecodedAnswer>({
    maxSize: options.decodedBytes,
    sizeCalculation: (entry, key) => entry.bytes.length + key.length,
  });
  const answerOf = (key: string, bytes: Buffer | null): StoredAnswer | undefined => {
    if (bytes === null) {
      decoded.delete(key);
      return undefined;
    }
    const known = decoded.get(key);
    if (known?.bytes.equals(bytes) === true) return known.answer;
    const answer = decode(bytes);
    if (answer === undefined) decoded.delete(key);
    // A copy: the client's parser may hand out a slice of a buffer it reuses for later replies.
    else decoded.set(key, { bytes: Buffer.from(bytes), answer });
    return answer;
  };
  const breaker: CircuitBreakerPolicy = circuitBreaker(handleAll, {
    halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
    breaker: new ConsecutiveBreaker(options.failuresToOpen ?? 5),
  });
  breaker.onStateChange((state) => {
    monitor.breaker(BREAKER_STATES[state]);
  });
  const run = async <T>(operation: string, command: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    try {
      const result = await breaker.execute(command);
      monitor.command(operation, 'ok', seconds());
      return result;
    } catch (error) {
      // An open breaker refuses without asking Redis (and moves to half-open by itself).
      monitor.command(operation, isBrokenCircuitError(error) ? 'skipped' : 'error', seconds());
      throw error;
    }
  };
  return {
    kind: 'redis',
    get: async (key) => answerOf(key, await run('get', () => redis.getBuffer(key))),
    set: async (key, value, ttlMs) => {
      const bytes = serialize(value);
      await run('set', () => redis.set(key, bytes, 'PX', Math.max(1, ttlMs)));
    },
    acquire: async (lockKey, ttlMs) =>
      (await run('lock', () => redis.set(lockKey, '1', 'PX', Math.max(1, ttlMs), 'NX'))) === 'OK',
    // A lock that outlived its holder expires by itself; deleting it early only lets the next
    // miss fetch sooner, so no compare-and-delete script is needed.
    release: async (lockKey) => {
      await run('unlock', () => redis.del(lockKey));
    },
    close: async () => {
      decoded.clear();
      await redis.quit().catch(() => {
        redis.disconnect();
      });
    },
  };
}
