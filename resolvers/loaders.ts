// Per-request DataLoaders in front of every upstream call. One GraphQL operation that asks for
// the same page or the same resource several times (aliases, fragments, totalCount next to edges,
// twenty datasets of one group) makes one AWS call; distinct keys requested in the same tick go
// out together under one concurrency cap shared by every loader of the request. Each service
// module defines its loaders (the SDK send, the key); a request builds each on first use.
import DataLoader from 'dataloader';

import { GatewayError, type UpstreamCall } from './errors.js';
import type { UpstreamPage } from './page-walk.js';
import type { UpstreamClients, UpstreamMonitor, UpstreamRunner } from './upstream.js';

/** One upstream call for one key, with the request's signal and clients. */
export type Send<Key, Value> = (
  key: Key,
  signal: AbortSignal,
  clients: UpstreamClients,
) => Promise<Value>;

/**
 * How to build one kind of loader: module-level, so each request builds its own from it. A
 * loader may answer its batch through the request's other loaders (`loaders`).
 */
export interface LoaderDefinition<Key, Value> {
  readonly create: (
    upstream: UpstreamRunner,
    loaders: RequestLoaders,
  ) => DataLoader<Key, Value, string>;
}

export type PageLoaderDefinition<Key, Item> = LoaderDefinition<Key, UpstreamPage<Item>>;
/** Resolves to null when the upstream answers ResourceNotFoundException. */
export type DescribeLoaderDefinition<Key, Value> = LoaderDefinition<Key, Value | null>;

/** This request's loaders, each built the first time a resolver asks for it. */
export interface RequestLoaders {
  of<Key, Value>(definition: LoaderDefinition<Key, Value>): DataLoader<Key, Value, string>;
  /** Drops every loader and what it cached: the request has its answer (src/context.ts). */
  release(): void;
}

export function createRequestLoaders(upstream: UpstreamRunner): RequestLoaders {
  const built = new Map<object, unknown>();
  const loaders: RequestLoaders = {
    of: <Key, Value>(definition: LoaderDefinition<Key, Value>) => {
      let loader = built.get(definition) as DataLoader<Key, Value, string> | undefined;
      if (loader === undefined) {
        loader = definition.create(upstream, loaders);
        built.set(definition, loader);
      }
      return loader;
    },
    release: () => {
      for (const loader of built.values())
        (loader as DataLoader<unknown, unknown, string>).clearAll();
      built.clear();
    },
  };
  return loaders;
}

/** The loader's cache, counting the keys it answers without an upstream call. */
class CountingCache<Value> extends Map<string, Value> {
  constructor(
    private readonly loader: string,
    private readonly monitor: UpstreamMonitor,
  ) {
    super();
  }

  override get(key: string): Value | undefined {
    const value = super.get(key);
    if (value !== undefined) this.monitor.cacheHit(this.loader);
    return value;
  }
}

function loaderName(call: UpstreamCall): string {
  return `${call.service}:${call.operation}`;
}

/** One upstream call per distinct key of a batch, under the request's runner. */
function definition<Key, Result, Value>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  send: Send<Key, Result>,
  settle: (outcome: Promise<Result>) => Promise<Value | Error>,
): LoaderDefinition<Key, Value> {
  const name = loaderName(call);
  return {
    create: (upstream) =>
      new DataLoader<Key, Value, string>(
        (keys) => {
          upstream.monitor.batch(name, keys.length);
          return Promise.all(
            keys.map((key) =>
              settle(
                upstream.run(call, (signal, clients) => send(key, signal, clients), keyParts(key)),
              ),
            ),
          );
        },
        {
          cacheKeyFn: (key) => JSON.stringify([call.service, call.operation, ...keyParts(key)]),
          cacheMap: new CountingCache<Promise<Value>>(name, upstream.monitor),
        },
      ),
  };
}

export function pageLoader<Key, Item>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  fetchPage: Send<Key, UpstreamPage<Item>>,
): PageLoaderDefinition<Key, Item> {
  return definition(call, keyParts, fetchPage, (outcome) =>
    outcome.catch((error: unknown) => error as Error),
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.code === 'NOT_FOUND';
}

export function describeLoader<Key, Value>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  describe: Send<Key, Value | undefined>,
): DescribeLoaderDefinition<Key, Value> {
  return definition(call, keyParts, describe, (outcome) =>
    outcome.then(
      (value) => value ?? null,
      (error: unknown) => (isNotFound(error) ? null : (error as Error)),
    ),
  );
}

/**
 * A loader whose whole batch is answered at once through the request's other loaders: e.g. the
 * keys of one listing read from that listing's pages instead of one Describe each. `batch` gets
 * the batch's distinct keys and returns one value (or Error) per key, in order.
 */
export function batchLoader<Key, Value>(
  name: string,
  keyParts: (key: Key) => readonly unknown[],
  batch: (keys: readonly Key[], loaders: RequestLoaders) => Promise<readonly (Value | Error)[]>,
): LoaderDefinition<Key, Value> {
  return {
    create: (upstream, loaders) =>
      new DataLoader<Key, Value, string>(
        (keys) => {
          upstream.monitor.batch(name, keys.length);
          return batch(keys, loaders);
        },
        {
          cacheKeyFn: (key) => JSON.stringify([name, ...keyParts(key)]),
          cacheMap: new CountingCache<Promise<Value>>(name, upstream.monitor),
        },
      ),
  };
}
