// The cache store every replica shares. Each command is bounded (redis-connection.ts) and the
// whole store sits behind a circuit breaker: after a few failures in a row it stops asking Redis
// at all for a while, so a dead or slow Redis costs requests nothing but misses.
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

import type { CacheStore, StoredAnswer } from './store.js';

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
}

const BREAKER_STATES: Record<CircuitState, 'closed' | 'open' | 'half-open'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

// Structured clone keeps the SDK's Dates as Dates, which JSON would turn into strings.
function decode(bytes: Buffer | null): StoredAnswer | undefined {
  if (bytes === null) return undefined;
  try {
    return { value: deserialize(bytes) as unknown };
  } catch {
    // Bytes this version cannot read are a miss, fetched again and overwritten.
    return undefined;
  }
}

export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const { redis, monitor } = options;
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
    get: async (key) => decode(await run('get', () => redis.getBuffer(key))),
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
      await redis.quit().catch(() => {
        redis.disconnect();
      });
    },
  };
}
