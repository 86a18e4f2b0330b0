// What replicas share: the upstream cache, the Redis it may live in, and the fleet-wide budget
// of upstream calls (docs/cache.md).
import { z } from 'zod';

import { parseRateLimitRules, type RateLimitRule } from '../../upstream-rate-limit.js';
import { fixed, positiveInt, setting, unset } from '../table.js';

/** The services a rate-limit rule may name (the upstream calls' `service`). */
export const RATE_LIMITED_SERVICES = ['cognito-sync', 'personalize', 'cognito-identity'] as const;

const rateLimitRules = z.string().transform((text, context): RateLimitRule[] => {
  try {
    return parseRateLimitRules(text, RATE_LIMITED_SERVICES);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const CACHE = {
  /** Where upstream answers are cached; undefined: memory, or redis with GATEWAY_REDIS_URL. */
  mode: setting({
    env: 'GATEWAY_CACHE',
    schema: z.enum(['off', 'memory', 'redis']),
    default: unset('memory, or redis when GATEWAY_REDIS_URL is set'),
    description:
      'Cache of upstream List and Describe answers, keyed by the caller\'s credential scope: off, memory (per replica) or redis (shared by every replica on GATEWAY_REDIS_URL). A request with "Cache-Control: no-cache" reads past it.',
  }),
  ttlMs: setting({
    env: 'GATEWAY_CACHE_TTL_MS',
    schema: positiveInt(86_400_000),
    default: fixed(10_000),
    description:
      'How long a cached upstream answer is served, in milliseconds: the longest a listing may be stale.',
  }),
  memoryBytes: setting({
    env: 'GATEWAY_CACHE_MEMORY_BYTES',
    schema: positiveInt(16 * 1024 * 1024 * 1024),
    default: fixed(64 * 1024 * 1024, '67108864 (64 MiB)'),
    description:
      'Bound of the in-process cache in bytes, least recently used answers first out. GATEWAY_CACHE=memory: the cache itself. GATEWAY_CACHE=redis: the answers read from Redis kept decoded, reused while Redis holds the same bytes.',
  }),
};

export const REDIS = {
  url: setting({
    env: 'GATEWAY_REDIS_URL',
    schema: z.url({ protocol: /^rediss?$/ }),
    default: unset('none'),
    secret: true,
    description:
      'Redis shared by the replicas, for the cache and the fleet-wide rate limit: redis://[user:password@]host:port[/db], rediss:// for TLS. Hidden in logs. Redis failing never fails a request.',
  }),
  commandTimeoutMs: setting({
    env: 'GATEWAY_REDIS_TIMEOUT_MS',
    schema: positiveInt(10_000),
    default: fixed(150),
    description:
      'The longest one Redis command may take before the gateway goes on without it, in milliseconds; after 5 failures in a row Redis is skipped for 5 s.',
  }),
};

export const RATE_LIMITS = {
  upstreamRateLimits: setting({
    env: 'GATEWAY_UPSTREAM_RATE_LIMITS',
    schema: rateLimitRules,
    default: fixed<readonly RateLimitRule[]>([], 'none'),
    description:
      'Upstream calls per second for the whole fleet (shared through GATEWAY_REDIS_URL, else per replica), per service or service:Operation, e.g. personalize=10,cognito-sync=20,personalize:ListDatasets=5. A call over budget waits within its deadline, or fails fast with RATE_LIMITED before reaching AWS.',
  }),
};
