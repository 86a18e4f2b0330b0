import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/index.js';
import { heapBudget } from '../../src/heap-budget.js';

const MiB = 1024 * 1024;

function configWith(env: Record<string, string>) {
  return loadConfig({ GATEWAY_DEMO: 'true', ...env });
}

describe('heapBudget', () => {
  it('counts both caches by their bounds: 64 + 32 MiB by default', () => {
    const budget = heapBudget(configWith({}), 304 * MiB);
    expect(budget.cacheBytes).toBe(96 * MiB);
    expect(budget.fits).toBe(true);
  });

  it('does not fit when the caches may take more than half the heap limit', () => {
    expect(heapBudget(configWith({}), 191 * MiB).fits).toBe(false);
    expect(heapBudget(configWith({}), 192 * MiB).fits).toBe(true);
    const big = configWith({ GATEWAY_CACHE_MEMORY_BYTES: String(512 * MiB) });
    expect(heapBudget(big, 304 * MiB)).toMatchObject({ cacheBytes: 544 * MiB, fits: false });
  });

  it('leaves the upstream cache out when it is off', () => {
    const off = configWith({ GATEWAY_CACHE: 'off', GATEWAY_CACHE_MEMORY_BYTES: String(512 * MiB) });
    expect(heapBudget(off, 304 * MiB)).toMatchObject({ cacheBytes: 32 * MiB, fits: true });
  });
});
