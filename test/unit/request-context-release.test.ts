// A request's context lets go of its loaders, and of the key of Pothos' per-request caches, once
// its operation has its result (src/context.ts: why that matters to the garbage collector).
import { contextCacheSymbol } from '@pothos/core';
import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';

import { releaseRequestContext, type BuiltRequestContext } from '../../src/context.js';
import { createRequestLoaders, type LoaderDefinition } from '../../resolvers/loaders.js';
import type { UpstreamRunner } from '../../resolvers/upstream.js';

/** A loader definition whose batches are counted; the runner is never used by it. */
function countingDefinition(): {
  definition: LoaderDefinition<string, string>;
  batches: () => number;
} {
  let batches = 0;
  return {
    definition: {
      create: () =>
        new DataLoader<string, string, string>((keys) => {
          batches += 1;
          return Promise.resolve(keys.map((key) => key.toUpperCase()));
        }),
    },
    batches: () => batches,
  };
}

const NO_RUNNER = {} as UpstreamRunner;

describe('request loaders', () => {
  it('answer a key asked twice from the loader they built, until they are released', async () => {
    const { definition, batches } = countingDefinition();
    const loaders = createRequestLoaders(NO_RUNNER);
    const first = loaders.of(definition);
    expect(await first.load('a')).toBe('A');
    expect(loaders.of(definition)).toBe(first);
    expect(await loaders.of(definition).load('a')).toBe('A');
    expect(batches()).toBe(1);

    loaders.release();
    // The released loader forgot what it read, and a later ask builds a fresh one: still right,
    // only without the cache.
    expect(await first.load('a')).toBe('A');
    expect(batches()).toBe(2);
    const rebuilt = loaders.of(definition);
    expect(rebuilt).not.toBe(first);
    expect(await rebuilt.load('a')).toBe('A');
    expect(batches()).toBe(3);
  });
});

describe('releaseRequestContext', () => {
  it('drops the Pothos cache key and releases the loaders', async () => {
    const { definition, batches } = countingDefinition();
    const loaders = createRequestLoaders(NO_RUNNER);
    const context = { [contextCacheSymbol]: {}, loaders } as unknown as BuiltRequestContext;
    const loader = loaders.of(definition);
    await loader.load('b');

    releaseRequestContext(context);

    expect(contextCacheSymbol in context).toBe(false);
    expect(loaders.of(definition)).not.toBe(loader);
    await loader.load('b');
    expect(batches()).toBe(2);
  });
});
