// Context assembly: what every resolver receives (resolvers/context.ts). The part all requests
// share is read from the config once, at start; each HTTP request then gets its own upstream
// runner (its caps, signal, id and credentials) and its own loaders, so nothing cached in a
// context is ever shared between callers.
import { contextCacheSymbol } from '@pothos/core';
import type { Plugin } from 'graphql-yoga';

import type { Caller } from '../resolvers/access.js';
import type { RequestContext } from '../resolvers/context.js';
import type { CursorCodec } from '../resolvers/cursor.js';
import { createRequestLoaders } from '../resolvers/loaders.js';
import type { UpstreamClients, UpstreamMonitor } from '../resolvers/upstream.js';
import type { GatewayConfig } from './config/index.js';
import {
  createUpstreamRunner,
  type CacheUse,
  type RequestCredentials,
  type ServiceLimits,
  type SharedUpstream,
  type UpstreamRunnerOptions,
} from './upstream.js';

/** What outlives a request: built once per gateway. */
export interface RequestContextDeps {
  /** The part of the resolvers' context every request shares. */
  readonly shared: Omit<RequestContext, 'caller' | 'loaders'>;
  /** The gateway's own clients; a caller with its own credentials brings its own. */
  readonly clients: UpstreamClients;
  /** The upstream runner's settings every request shares. */
  readonly upstream: Pick<
    UpstreamRunnerOptions,
    'requestConcurrency' | 'maxCalls' | 'serviceLimits' | 'monitor' | 'shared'
  >;
}

/** What the gateway builds once and every request's context uses. */
export interface GatewayParts {
  readonly clients: UpstreamClients;
  readonly codec: CursorCodec;
  /** Process-wide caps per service, shared by every request. */
  readonly serviceLimits: ServiceLimits;
  readonly monitor: UpstreamMonitor;
  /** The upstream cache and the fleet-wide rate limit (src/shared-state.ts). */
  readonly shared: SharedUpstream;
}

/** The config, read once into what each request's context is built from. */
export function requestContextDeps(config: GatewayConfig, parts: GatewayParts): RequestContextDeps {
  return {
    shared: {
      codec: parts.codec,
      paging: config.pagination,
      pageSizes: {
        cognitoSync: config.upstream.cognitoSyncPageSize,
        personalize: config.upstream.personalizePageSize,
      },
      maxNodeIds: config.maxNodeIds,
      defaultIdentityPoolId: config.auth.identityPoolId,
    },
    clients: parts.clients,
    upstream: {
      requestConcurrency: config.upstream.concurrency,
      maxCalls: config.limits.maxUpstreamCalls,
      serviceLimits: parts.serviceLimits,
      monitor: parts.monitor,
      shared: parts.shared,
    },
  };
}

/** What the server knows about one request before resolving it. */
export interface RequestScope {
  /** Aborted when the client goes away or the request's deadline passes. */
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** Derived from a verified token (or the gateway's auth mode), never from client input. */
  readonly caller: Caller;
  /** The caller's own credentials (identity mode); undefined: the gateway's clients. */
  readonly credentials: RequestCredentials | undefined;
  /** Where the request's cache reads are counted (and whether it asked to read past them). */
  readonly cacheUse: CacheUse;
  /** When the request's deadline passes, in ms since the epoch. */
  readonly deadlineAt: number;
}

/** A request's context, with the key of Pothos' per-request caches (`initContextCache`). */
export type BuiltRequestContext = RequestContext & { readonly [contextCacheSymbol]: object };

export function createRequestContext(
  deps: RequestContextDeps,
  scope: RequestScope,
): BuiltRequestContext {
  const upstream = createUpstreamRunner({
    ...deps.upstream,
    signal: scope.signal,
    requestId: scope.requestId,
    credentials: scope.credentials ?? { clients: deps.clients },
    cacheUse: scope.cacheUse,
    deadlineAt: scope.deadlineAt,
  });
  const { shared } = deps;
  // One object literal, not spreads of the shared part: the context is built for every request.
  return {
    // Pothos' per-request caches key on this rather than on the context object itself.
    [contextCacheSymbol]: {},
    codec: shared.codec,
    paging: shared.paging,
    pageSizes: shared.pageSizes,
    maxNodeIds: shared.maxNodeIds,
    defaultIdentityPoolId: shared.defaultIdentityPoolId,
    caller: scope.caller,
    loaders: createRequestLoaders(upstream),
  };
}

/**
 * Lets go of what an operation's context holds once the operation has its result. Pothos keeps
 * per-request caches in WeakMaps keyed by the context's cache key, whose values refer back to the
 * context. V8's young-generation collector treats a WeakMap's values as live whatever their keys
 * (docs/performance.md), so through that cycle a finished request's loaders, the upstream pages
 * they hold and the SDK's output would be copied, then promoted to the old generation to wait
 * there for a full collection. Dropping the loaders and the cache key lets them die young.
 */
export function releaseRequestContext(context: BuiltRequestContext): void {
  context.loaders.release();
  Reflect.deleteProperty(context, contextCacheSymbol);
}

/** Releases each operation's context when its execution is done (nothing reads it after). */
export function useReleasedContexts(): Plugin<BuiltRequestContext> {
  return {
    onExecute: () => ({
      onExecuteDone: ({ args }) => {
        releaseRequestContext(args.contextValue);
      },
    }),
  };
}
