import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  createRetryStrategy,
  RETRY_BACKOFF_BASE_MS,
  RETRY_BACKOFF_CAP_MS,
  retryBackoffMs,
} from '../../src/aws-retries.js';

describe('retryBackoffMs', () => {
  it('waits a random share of a ceiling that doubles from the base and stops at the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, random) => {
          const ceiling = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** (retry - 1));
          const wait = retryBackoffMs(retry, () => random);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(Math.max(ceiling, 1));
          expect(wait).toBe(Math.floor(random * ceiling));
        },
      ),
    );
  });

  it('keeps the retries of the default seven attempts well inside the default 15 s deadline', () => {
    const worst = [1, 2, 3, 4, 5, 6].reduce(
      (sum, retry) => sum + retryBackoffMs(retry, () => 1),
      0,
    );
    expect(worst).toBe(250 + 500 + 1_000 + 2_000 + 4_000 + 4_000);
  });
});

describe('createRetryStrategy', () => {
  it('gives each client its own strategy in the mode asked for', async () => {
    const standard = createRetryStrategy('standard', 7);
    const adaptive = createRetryStrategy('adaptive', 4);
    expect(standard).not.toBe(createRetryStrategy('standard', 7));
    expect((standard as { mode?: string }).mode).toBe('standard');
    expect((adaptive as { mode?: string }).mode).toBe('adaptive');
    await expect(
      (standard as unknown as { maxAttempts(): Promise<number> }).maxAttempts(),
    ).resolves.toBe(7);
  });
});
