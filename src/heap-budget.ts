// Whether the in-process caches fit V8's heap. Both the upstream cache (or, with Redis, its
// decoded copies) and the document cache live in the old generation, which NODE_OPTIONS'
// --max-old-space-size bounds (the container image sets 256 MB): caches that may fill most of it
// leave requests too little room, and the gateway then spends its time in full collections
// before it dies out of memory, under load, long after it started.
import type { GatewayConfig } from './config/index.js';

/** The share of V8's heap limit the caches' bounds may take together. */
export const MAX_CACHE_SHARE_OF_HEAP = 0.5;

export interface HeapBudget {
  /** What the caches may hold at most, by the settings. */
  readonly cacheBytes: number;
  readonly heapLimitBytes: number;
  readonly fits: boolean;
}

export function heapBudget(
  config: Pick<GatewayConfig, 'cache' | 'limits'>,
  heapLimitBytes: number,
): HeapBudget {
  const upstream = config.cache.mode === 'off' ? 0 : config.cache.memoryBytes;
  const cacheBytes = upstream + config.limits.documentCacheBytes;
  return {
    cacheBytes,
    heapLimitBytes,
    fits: cacheBytes <= heapLimitBytes * MAX_CACHE_SHARE_OF_HEAP,
  };
}
