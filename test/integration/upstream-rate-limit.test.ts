// The fleet-wide upstream budget against a real Redis: two replicas' limiters share one count,
// a call that cannot wait is refused at once, and with Redis gone each replica keeps its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUpstreamRateLimiter, type RateLimitRule } from '../../src/upstream-rate-limit.js';
import { eventually } from '../helpers/eventually.js';
import { connectAsGateway, startOwnRedis, type OwnRedis } from '../helpers/redis.js';

const never = new AbortController().signal;
const CALL = { service: 'personalize', operation: 'ListDatasets' };

describe('the fleet-wide upstream rate limit', () => {
  let redis: OwnRedis;
  const clients: ReturnType<typeof connectAsGateway>[] = [];

  function replicaLimiter(rules: RateLimitRule[]): ReturnType<typeof createUpstreamRateLimiter> {
    const client = connectAsGateway(redis.url);
    clients.push(client);
    return createUpstreamRateLimiter({ rules, redis: client });
  }

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis.stop();
  });

  it('lets two replicas together take no more than the budget in a window, refusing the rest', async () => {
    const rules = [{ service: 'personalize', operation: undefined, callsPerSecond: 5 }];
    const a = replicaLimiter(rules);
    const b = replicaLimiter(rules);
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).take(CALL, 0, never)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const retryAfter = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterMs]));
    expect(retryAfter).toHaveLength(15);
    for (const ms of retryAfter) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(1_000);
    }
  });

  it('waits for the next window when the caller can afford it', async () => {
    const a = replicaLimiter([
      { service: 'personalize', operation: 'ListDatasets', callsPerSecond: 2 },
    ]);
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    const decisions = await Promise.all(
      Array.from({ length: 4 }, () => a.take(CALL, 5_000, never)),
    );
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions.filter((d) => d.allowed && d.waitedMs > 0)).toHaveLength(2);
    // Another operation of the service is not covered by an operation's rule.
    expect(
      await a.take({ service: 'personalize', operation: 'DescribeDataset' }, 0, never),
    ).toEqual({
      allowed: true,
      waitedMs: 0,
    });
  });

  it('falls back to a per-replica count of the same size while Redis is down', async () => {
    const a = replicaLimiter([
      { service: 'cognito-sync', operation: undefined, callsPerSecond: 3 },
    ]);
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    await redis.stop();
    const call = { service: 'cognito-sync', operation: 'ListDatasets' };
    const decisions = await Promise.all(Array.from({ length: 10 }, () => a.take(call, 0, never)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    await redis.start();
  });
});
