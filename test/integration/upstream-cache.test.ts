// The shared upstream cache on its own, against a real Redis: what two replicas see of each
// other's answers, single flight within and across replicas, and Redis going away and back.
import { serialize } from 'node:v8';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRedisStore, type RedisStoreMonitor } from '../../src/cache/redis-store.js';
import { createMemoryStore } from '../../src/cache/store.js';
import {
  cacheKey,
  createUpstreamCache,
  type CacheKeyParts,
  type CacheSource,
  type UpstreamCache,
} from '../../src/cache/upstream-cache.js';
import { eventually } from '../helpers/eventually.js';
import { connectAsGateway, startOwnRedis, type OwnRedis } from '../helpers/redis.js';

const never = new AbortController().signal;

function parts(token: string | null, scope = 'gateway'): CacheKeyParts {
  return { service: 'personalize', operation: 'ListDatasets', args: [null, 100, token], scope };
}

function sources(): { seen: CacheSource[]; monitor: { read: (...a: unknown[]) => void } } {
  const seen: CacheSource[] = [];
  return { seen, monitor: { read: (_s, _o, source) => seen.push(source as CacheSource) } };
}

/** A load that counts its calls and answers after `release()`. */
function gatedLoad<T>(value: T): {
  load: () => Promise<T>;
  calls: () => number;
  release: () => void;
} {
  let calls = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    load: async () => {
      calls += 1;
      await gate;
      return value;
    },
    calls: () => calls,
    release: () => {
      open();
    },
  };
}

describe('the memory store', () => {
  it('answers a repeat read from the cache, and the clock ends it', async () => {
    let now = 1_000_000;
    const { seen, monitor } = sources();
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20, now: () => now }),
      ttlMs: 5_000,
      monitor,
    });
    let loads = 0;
    const load = (): Promise<string> => Promise.resolve(`page ${++loads}`);
    expect((await cache.read(parts(null), load, never)).value).toBe('page 1');
    expect((await cache.read(parts(null), load, never)).value).toBe('page 1');
    now += 5_001;
    expect((await cache.read(parts(null), load, never)).value).toBe('page 2');
    expect(seen).toEqual(['miss', 'hit', 'miss']);
  });

  it('keeps scopes apart: the same listing for another identity is another entry', async () => {
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor: { read: () => undefined },
    });
    await cache.read(parts(null, 'identity:a'), () => Promise.resolve('of a'), never);
    const b = await cache.read(parts(null, 'identity:b'), () => Promise.resolve('of b'), never);
    expect(b).toEqual({ value: 'of b', source: 'miss' });
    expect(cacheKey(parts(null, 'identity:a'))).not.toBe(cacheKey(parts(null, 'identity:b')));
    expect(cacheKey(parts(null, 'identity:a'))).not.toContain('identity');
  });

  it('joins concurrent misses for one key into one load', async () => {
    const { seen, monitor } = sources();
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor,
    });
    const gated = gatedLoad('one answer');
    const reads = Array.from({ length: 10 }, () => cache.read(parts('t'), gated.load, never));
    gated.release();
    const results = await Promise.all(reads);
    expect(gated.calls()).toBe(1);
    expect(results.map((r) => r.value)).toEqual(Array(10).fill('one answer'));
    expect(seen.filter((s) => s === 'miss')).toHaveLength(1);
    expect(seen.filter((s) => s === 'joined')).toHaveLength(9);
  });

  it('never caches a failure, and a joiner retries a failure that was the first request own', async () => {
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor: { read: () => undefined },
      isRequestOwnFailure: (error) => error instanceof Error && error.message === 'cancelled',
    });
    const gated = gatedLoad('unused');
    const first = cache.read(
      parts('x'),
      async () => {
        await gated.load();
        throw new Error('cancelled');
      },
      never,
    );
    const joiner = cache.read(parts('x'), () => Promise.resolve('own answer'), never);
    gated.release();
    await expect(first).rejects.toThrow('cancelled');
    await expect(joiner).resolves.toEqual({ value: 'own answer', source: 'miss' });
    // An upstream failure is shared, not retried by every joiner.
    const failing = gatedLoad('unused');
    const a = cache.read(
      parts('y'),
      async () => {
        await failing.load();
        throw new Error('NotFound');
      },
      never,
    );
    let joinerLoads = 0;
    const b = cache.read(parts('y'), () => Promise.resolve(`loaded ${++joinerLoads}`), never);
    failing.release();
    await expect(a).rejects.toThrow('NotFound');
    await expect(b).rejects.toThrow('NotFound');
    expect(joinerLoads).toBe(0);
  });

  it('hands every hit the one answer it stored, frozen, with no copy', async () => {
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor: { read: () => undefined },
    });
    const page = { items: [{ name: 'd1', creationDateTime: new Date('2026-01-02T03:04:05Z') }] };
    const miss = await cache.read(parts('frozen'), () => Promise.resolve(page), never);
    const hit = await cache.read(parts('frozen'), () => Promise.resolve({ items: [] }), never);
    expect(hit).toEqual({ value: page, source: 'hit' });
    expect(hit.value).toBe(miss.value);
    // One request cannot change what the next one reads.
    expect(Object.isFrozen(hit.value.items[0])).toBe(true);
    expect(() => {
      (hit.value.items as { name: string }[]).push({ name: 'added' });
    }).toThrow(TypeError);
    expect(hit.value.items).toHaveLength(1);
  });

  it('answers a hit on the next turn of the event loop, as a Redis read would', async () => {
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor: { read: () => undefined },
    });
    await cache.read(parts('turn'), () => Promise.resolve('page'), never);
    const order: string[] = [];
    // Answered within this run of microtasks, the hit would come first.
    setImmediate(() => order.push('other I/O'));
    await cache
      .read(parts('turn'), () => Promise.resolve('reloaded'), never)
      .then(() => order.push('hit'));
    expect(order).toEqual(['other I/O', 'hit']);
  });

  it('keeps an answer that is undefined, and answers one it cannot hold without keeping it', async () => {
    const { seen, monitor } = sources();
    const cache = createUpstreamCache({
      store: createMemoryStore({ maxBytes: 1 << 20 }),
      ttlMs: 60_000,
      monitor,
    });
    let loads = 0;
    const nothing = (): Promise<undefined> => Promise.resolve((loads++, undefined));
    expect((await cache.read(parts('none'), nothing, never)).value).toBeUndefined();
    expect((await cache.read(parts('none'), nothing, never)).value).toBeUndefined();
    expect(loads).toBe(1);
    // A function is not cloneable: its size cannot be measured, so it is answered, not kept.
    const odd = { run: () => 'x' };
    expect((await cache.read(parts('odd'), () => Promise.resolve(odd), never)).value).toBe(odd);
    await cache.read(parts('odd'), () => Promise.resolve(odd), never);
    expect(seen).toEqual(['miss', 'hit', 'miss', 'miss']);
  });

  it('holds no more bytes than its bound', async () => {
    const store = createMemoryStore({ maxBytes: 10_000 });
    const cache = createUpstreamCache({ store, ttlMs: 60_000, monitor: { read: () => undefined } });
    for (let i = 0; i < 100; i++) {
      await cache.read(parts(String(i)), () => Promise.resolve('x'.repeat(1_000)), never);
    }
    let kept = 0;
    for (let i = 0; i < 100; i++) {
      const read = await cache.read(parts(String(i)), () => Promise.resolve('reloaded'), never);
      if (read.source === 'hit') kept += 1;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10);
  });
});

describe('two replicas sharing one Redis', () => {
  let redis: OwnRedis;
  const clients: Redis[] = [];
  const breakerStates: string[] = [];
  const commands: { outcome: string }[] = [];
  const monitor: RedisStoreMonitor = {
    command: (_op, outcome) => commands.push({ outcome }),
    breaker: (state) => breakerStates.push(state),
  };

  function replica(): { cache: UpstreamCache; seen: CacheSource[] } {
    const client = connectAsGateway(redis.url);
    clients.push(client);
    const { seen, monitor: reads } = sources();
    const cache = createUpstreamCache({
      store: createRedisStore({
        redis: client,
        monitor,
        failuresToOpen: 3,
        halfOpenAfterMs: 200,
        decodedBytes: 1 << 20,
      }),
      ttlMs: 60_000,
      monitor: reads,
      pollMs: 5,
    });
    return { cache, seen };
  }

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis.stop();
  });

  it('serves B from what A fetched, Dates intact', async () => {
    const a = replica();
    const b = replica();
    await eventually('both connected', () => clients.every((c) => c.status === 'ready'));
    const page = { items: [{ name: 'd1', creationDateTime: new Date('2026-01-02T03:04:05Z') }] };
    let loads = 0;
    const load = (): Promise<typeof page> => Promise.resolve((loads++, page));
    await a.cache.read(parts('p1'), load, never);
    // The store write is not awaited by A's answer; B asks once it has landed.
    await eventually(
      'the page stored',
      async () => (await (clients[0] as Redis).exists(cacheKey(parts('p1')))) === 1,
    );
    const fromB = await b.cache.read(parts('p1'), load, never);
    expect(loads).toBe(1);
    expect(fromB.source).toBe('hit');
    expect(fromB.value.items[0]?.creationDateTime).toBeInstanceOf(Date);
    expect(fromB.value).toEqual(page);
  });

  it('hands out one decoded answer while Redis holds the same bytes, and follows Redis when they change', async () => {
    const a = replica();
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    const key = cacheKey(parts('decoded'));
    const client = clients.at(-1) as Redis;
    const first = {
      items: [{ name: 'first', creationDateTime: new Date('2026-01-02T03:04:05Z') }],
    };
    await a.cache.read(parts('decoded'), () => Promise.resolve(first), never);
    await eventually('the page stored', async () => (await client.exists(key)) === 1);
    const noLoad = (): Promise<typeof first> => Promise.reject(new Error('must not load'));
    const one = await a.cache.read(parts('decoded'), noLoad, never);
    const two = await a.cache.read(parts('decoded'), noLoad, never);
    expect(one.source).toBe('hit');
    expect(two.value).toBe(one.value);
    expect(Object.isFrozen(one.value.items[0])).toBe(true);
    // Another replica stores a new answer under the key: the next read decodes it.
    const second = {
      items: [{ name: 'second', creationDateTime: new Date('2026-02-03T04:05:06Z') }],
    };
    await client.set(key, serialize(second), 'PX', 60_000);
    const changed = await a.cache.read(parts('decoded'), noLoad, never);
    expect(changed.value).toEqual(second);
    // Redis lost the key (flushed, expired): a miss, whatever was decoded before.
    await client.del(key);
    const reloaded = await a.cache.read(parts('decoded'), () => Promise.resolve(first), never);
    expect(reloaded.source).toBe('miss');
  });

  it('treats bytes it cannot read as a miss, and overwrites them', async () => {
    const a = replica();
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    const inspector = clients[0] as Redis;
    await inspector.set(cacheKey(parts('garbled')), Buffer.from([0xff, 0x00, 0x13]), 'PX', 60_000);
    const read = await a.cache.read(parts('garbled'), () => Promise.resolve('fresh'), never);
    expect(read).toEqual({ value: 'fresh', source: 'miss' });
    await eventually(
      'the answer stored over the garbage',
      async () =>
        (await a.cache.read(parts('garbled'), () => Promise.resolve('again'), never)).source ===
        'hit',
    );
  });

  it('makes one upstream call for concurrent misses on both replicas', async () => {
    const a = replica();
    const b = replica();
    await eventually('both connected', () => clients.every((c) => c.status === 'ready'));
    const gated = gatedLoad('shared');
    const fromA = a.cache.read(parts('p2'), gated.load, never);
    await eventually('A holds the lock', () => gated.calls() === 1);
    const fromB = b.cache.read(parts('p2'), gated.load, never);
    gated.release();
    expect((await fromA).source).toBe('miss');
    expect(await fromB).toEqual({ value: 'shared', source: 'joined' });
    expect(gated.calls()).toBe(1);
  });

  it('keeps answering with Redis stopped, opens its breaker, and uses Redis again once it is back', async () => {
    const a = replica();
    await eventually('connected', () => clients.every((c) => c.status === 'ready'));
    await redis.stop();
    let loads = 0;
    const load = (): Promise<string> => Promise.resolve(`load ${++loads}`);
    for (let i = 0; i < 6; i++) {
      expect((await a.cache.read(parts('down'), load, never)).value).toBe(`load ${i + 1}`);
    }
    expect(breakerStates).toContain('open');
    expect(commands.some((c) => c.outcome === 'skipped')).toBe(true);
    await redis.start();
    await eventually(
      'a hit from Redis again',
      async () => (await a.cache.read(parts('up'), load, never)).source === 'hit',
    );
    expect(breakerStates.at(-1)).toBe('closed');
  });
});
