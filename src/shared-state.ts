// What the replicas of a fleet share, built once per gateway from the config: the upstream cache
// (in memory, or in Redis for the whole fleet) and the fleet-wide upstream rate limit. Redis is
// optional and never load-bearing: while it is down the cache is skipped and the rate limit
// counts per replica, with one log line each time Redis goes away or comes back.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type * as RedisConnection from './cache/redis-connection.js';
import { createRedisStore } from './cache/redis-store.js';
import { createMemoryStore, type CacheStore } from './cache/store.js';
import { createUpstreamCache } from './cache/upstream-cache.js';
import type { GatewayConfig } from './config/index.js';
import type { SharedStateMonitor } from './observability/shared-state-metrics.js';
import { isRequestOwnFailure, type SharedUpstream } from './upstream.js';
import { createUpstreamRateLimiter, type UpstreamRateLimiter } from './upstream-rate-limit.js';

export type CacheMode = 'off' | 'memory' | 'redis';

export interface SharedState extends SharedUpstream {
  readonly cacheMode: CacheMode;
  readonly cacheTtlMs: number;
  close(): Promise<void>;
}

/** GATEWAY_CACHE when set; else redis when there is a Redis, memory when there is not. */
export function cacheModeOf(config: Pick<GatewayConfig, 'cache' | 'redis'>): CacheMode {
  return config.cache.mode ?? (config.redis.url === undefined ? 'memory' : 'redis');
}

function monitoredLimiter(
  limiter: UpstreamRateLimiter,
  monitor: SharedStateMonitor['rateLimit'],
): UpstreamRateLimiter {
  return {
    take: async (call, maxWaitMs, signal) => {
      const decision = await limiter.take(call, maxWaitMs, signal);
      if (!decision.allowed) monitor.refused(call.service);
      else if (decision.waitedMs > 0) monitor.waited(call.service, decision.waitedMs / 1000);
      return decision;
    },
  };
}

export function createSharedState(
  config: Pick<GatewayConfig, 'cache' | 'redis' | 'upstream'>,
  logger: Logger,
  monitor: SharedStateMonitor,
  /** Loaded when GATEWAY_REDIS_URL is set (src/optional-modules.ts). */
  redisConnection: typeof RedisConnection | undefined,
): SharedState {
  const cacheMode = cacheModeOf(config);
  const { url, commandTimeoutMs } = config.redis;
  if (url !== undefined && redisConnection === undefined) {
    throw new Error('GATEWAY_REDIS_URL is set, but the Redis connection module was not loaded');
  }
  const redis: Redis | undefined =
    url === undefined || redisConnection === undefined
      ? undefined
      : redisConnection.connectRedis({
          url,
          commandTimeoutMs,
          connectTimeoutMs: Math.max(1_000, commandTimeoutMs),
          onStateChange: (state, detail) => {
            const shown = redisConnection.redactRedisUrl(url);
            if (state === 'ready') logger.info({ redis: shown }, `Redis ${detail}`);
            else {
              logger.warn(
                { redis: shown, reason: detail },
                'Redis unavailable: serving without the shared cache, rate limits per replica, until it is back',
              );
            }
          },
        });
  const store: CacheStore | undefined =
    cacheMode === 'off'
      ? undefined
      : cacheMode === 'redis' && redis !== undefined
        ? createRedisStore({
            redis,
            monitor: monitor.redis,
            decodedBytes: config.cache.memoryBytes,
          })
        : createMemoryStore({ maxBytes: config.cache.memoryBytes });
  const cache =
    store === undefined
      ? undefined
      : createUpstreamCache({
          store,
          ttlMs: config.cache.ttlMs,
          monitor: monitor.cache,
          isRequestOwnFailure,
        });
  const rules = config.upstream.upstreamRateLimits;
  const rateLimiter =
    rules.length === 0
      ? undefined
      : monitoredLimiter(createUpstreamRateLimiter({ rules, redis }), monitor.rateLimit);
  return {
    cache,
    rateLimiter,
    cacheMode,
    cacheTtlMs: config.cache.ttlMs,
    close: async () => {
      await cache?.close();
      // The Redis store closes the connection it shares; without one, close it here.
      if (store?.kind !== 'redis') redis?.disconnect();
    },
  };
}
