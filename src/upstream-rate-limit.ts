// The fleet-wide budget of upstream calls per second (GATEWAY_UPSTREAM_RATE_LIMITS), so N
// replicas together stay under the AWS account's API rate instead of throttling each other.
// rate-limiter-flexible keeps the counters in Redis (one atomic script per call) and falls back
// to a per-replica counter of the same size while Redis is unavailable (its insurance limiter).
// A call over budget waits for the next window when that fits in the request's time, and is
// refused before touching AWS when it does not.
import { setTimeout as delay } from 'node:timers/promises';

import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitRule {
  readonly service: string;
  /** Undefined: every operation of the service shares the budget. */
  readonly operation: string | undefined;
  readonly callsPerSecond: number;
}

const RULE = /^(?<service>[a-z][a-z0-9-]*)(?::(?<operation>[A-Za-z]+))?=(?<rate>\d+(?:\.\d+)?)$/;

/**
 * `personalize=10,cognito-sync=20,personalize:ListDatasets=5` → rules; the empty string → none.
 * @throws Error naming the entry that is not `service[:Operation]=calls-per-second`.
 */
export function parseRateLimitRules(text: string, services: readonly string[]): RateLimitRule[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    const groups = RULE.exec(entry)?.groups;
    const service = groups?.['service'];
    const rate = Number(groups?.['rate']);
    if (service === undefined || !(rate > 0)) {
      throw new Error(
        `"${entry}" is not service[:Operation]=calls-per-second (e.g. personalize=10)`,
      );
    }
    if (!services.includes(service)) {
      throw new Error(`"${entry}" names no upstream service; use one of ${services.join(', ')}`);
    }
    return { service, operation: groups?.['operation'], callsPerSecond: rate };
  });
}

export type RateLimitDecision =
  | { readonly allowed: true; readonly waitedMs: number }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface UpstreamRateLimiter {
  /**
   * Takes one call's token from every rule that covers it, waiting for the next window while
   * that stays within `maxWaitMs`; refused (without waiting) when it would not.
   */
  take(
    call: { readonly service: string; readonly operation: string },
    maxWaitMs: number,
    signal: AbortSignal,
  ): Promise<RateLimitDecision>;
}

export interface UpstreamRateLimiterOptions {
  readonly rules: readonly RateLimitRule[];
  /** Shared counters for the fleet; undefined: per replica. */
  readonly redis: Redis | undefined;
}

interface Budget {
  readonly rule: RateLimitRule;
  readonly limiter: RateLimiterMemory | RateLimiterRedis;
}

// rate-limiter-flexible counts whole points per window: a rate under 1/s becomes one call per
// 1/rate seconds.
function windowOf(rule: RateLimitRule): { points: number; duration: number } {
  return rule.callsPerSecond >= 1
    ? { points: Math.floor(rule.callsPerSecond), duration: 1 }
    : { points: 1, duration: Math.ceil(1 / rule.callsPerSecond) };
}

function budgetOf(rule: RateLimitRule, redis: Redis | undefined): Budget {
  const window = windowOf(rule);
  const keyPrefix = `dg:rl:${rule.service}:${rule.operation ?? '*'}`;
  const local = new RateLimiterMemory({ ...window, keyPrefix });
  const limiter =
    redis === undefined
      ? local
      : new RateLimiterRedis({
          ...window,
          keyPrefix,
          storeClient: redis,
          // Redis not ready: count in this replica at once, rather than wait for a timeout.
          rejectIfRedisNotReady: true,
          insuranceLimiter: local,
        });
  return { rule, limiter };
}

export function createUpstreamRateLimiter(
  options: UpstreamRateLimiterOptions,
): UpstreamRateLimiter {
  const budgets = options.rules.map((rule) => budgetOf(rule, options.redis));
  const covering = (call: { service: string; operation: string }): Budget[] =>
    budgets.filter(
      ({ rule }) =>
        rule.service === call.service &&
        (rule.operation === undefined || rule.operation === call.operation),
    );
  return {
    take: async (call, maxWaitMs, signal) => {
      let waitedMs = 0;
      for (const budget of covering(call)) {
        for (;;) {
          try {
            await budget.limiter.consume('fleet');
            break;
          } catch (rejection) {
            // With an insurance limiter, a Redis error never lands here: only "over budget".
            const retryAfterMs =
              rejection instanceof RateLimiterRes ? Math.max(1, rejection.msBeforeNext) : 1_000;
            if (waitedMs + retryAfterMs > maxWaitMs) return { allowed: false, retryAfterMs };
            await delay(retryAfterMs, undefined, { signal });
            waitedMs += retryAfterMs;
          }
        }
      }
      return { allowed: true, waitedMs };
    },
  };
}
