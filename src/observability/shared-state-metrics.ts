// Metrics of what the replicas share: the upstream cache (hits, misses, single-flight joins),
// the Redis under it (commands by outcome, their latency, the circuit breaker) and the fleet-wide
// upstream rate limit (waits and refusals).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import type { RedisStoreMonitor } from '../cache/redis-store.js';
import type { UpstreamCacheMonitor } from '../cache/upstream-cache.js';

export interface RateLimitMonitor {
  /** A call waited `seconds` for the fleet's budget, then went ahead. */
  waited(service: string, seconds: number): void;
  /** A call was refused with RATE_LIMITED: waiting would have outlasted its deadline. */
  refused(service: string): void;
}

export interface SharedStateMonitor {
  readonly cache: UpstreamCacheMonitor;
  readonly redis: RedisStoreMonitor;
  readonly rateLimit: RateLimitMonitor;
}

export const SILENT_SHARED_STATE_MONITOR: SharedStateMonitor = Object.freeze({
  cache: { read: () => undefined },
  redis: { command: () => undefined, breaker: () => undefined },
  rateLimit: { waited: () => undefined, refused: () => undefined },
});

/** Redis round trips: a local Redis answers in well under a millisecond. */
const REDIS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createSharedStateMetrics(registry: Registry): SharedStateMonitor {
  const reads = new Counter({
    name: 'gateway_upstream_cache_reads_total',
    help: 'Upstream answers asked of the shared cache, by source: hit, miss (fetched upstream) or joined (a fetch already in flight, here or on another replica).',
    labelNames: ['service', 'operation', 'source'] as const,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'gateway_redis_commands_total',
    help: 'Redis commands, by outcome: ok, error (timeout, connection) or skipped (circuit open).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_redis_command_duration_seconds',
    help: 'Time of the Redis commands that reached Redis.',
    labelNames: ['command'] as const,
    buckets: REDIS_BUCKETS,
    registers: [registry],
  });
  const circuitOpen = new Gauge({
    name: 'gateway_redis_circuit_open',
    help: '1 while the gateway skips Redis after failures in a row (the cache is bypassed, the rate limit counts per replica).',
    registers: [registry],
  });
  const waits = new Histogram({
    name: 'gateway_upstream_rate_limit_wait_seconds',
    help: 'Time upstream calls waited for the fleet-wide budget (GATEWAY_UPSTREAM_RATE_LIMITS).',
    labelNames: ['service'] as const,
    buckets: WAIT_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gateway_upstream_rate_limit_refusals_total',
    help: 'Upstream calls refused with RATE_LIMITED before reaching AWS: the budget would not free in time.',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  return {
    cache: {
      read: (service, operation, source) => {
        reads.inc({ service, operation, source });
      },
    },
    redis: {
      command: (command, outcome, seconds) => {
        commands.inc({ command, outcome });
        if (outcome !== 'skipped') latency.observe({ command }, seconds);
      },
      breaker: (state) => {
        circuitOpen.set(state === 'open' ? 1 : 0);
      },
    },
    rateLimit: {
      waited: (service, seconds) => {
        waits.observe({ service }, seconds);
      },
      refused: (service) => {
        refusals.inc({ service });
      },
    },
  };
}
