// The AWS SDK retry strategy of every upstream client. One strategy per client, so its retry
// quota (the SDK's token bucket: 500 tokens, 5 per throttled retry, 14 per other retry, refilled
// by successes) is a retry budget per service, and per caller session in identity mode: when a
// service fails steadily, retries stop once its budget is spent instead of multiplying the load.
import { AdaptiveRetryStrategy, ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryStrategyV2 } from '@smithy/types';

import type { RetryMode } from './config/index.js';

/** First retry's backoff ceiling; each later retry doubles it, up to RETRY_BACKOFF_CAP_MS. */
export const RETRY_BACKOFF_BASE_MS = 250;
/**
 * The SDK's own throttling backoff starts at 1 s and grows to 20 s, so a call that needs its
 * fifth retry has waited about 15 s on average: past the request deadline, where the retry can
 * only fail. Capped at 4 s, the six retries of the default seven attempts wait 11.75 s at most.
 */
export const RETRY_BACKOFF_CAP_MS = 4_000;

/** Full jitter: a uniformly random wait below the attempt's ceiling (spreads retry bursts). */
export function retryBackoffMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export function createRetryStrategy(mode: RetryMode, maxAttempts: number): RetryStrategyV2 {
  // Adaptive also rate-limits the client after throttling (down to 0.5 calls per second): right
  // for an account-wide quota that stays exceeded, far too slow for sporadic throttling.
  if (mode === 'adaptive') return new AdaptiveRetryStrategy(maxAttempts);
  return new ConfiguredRetryStrategy(maxAttempts, (retry) => retryBackoffMs(retry));
}
