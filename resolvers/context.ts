// What every resolver receives: the upstream clients, the cursor codec, the paging limits, and
// this request's own caller, loaders, abort signal and id. A fresh one is built for each HTTP
// request, so nothing cached in it (DataLoader results) is ever shared between callers.
import type { Caller } from './access.js';
import type { CursorCodec } from './cursor.js';
import { createRequestLoaders, type RequestLoaders } from './loaders.js';
import type { PaginationLimits } from './paginate.js';
import {
  createUpstreamRunner,
  type RequestCredentials,
  type ServiceLimits,
  type UpstreamClients,
  type UpstreamMonitor,
} from './upstream.js';

/** The fixed MaxResults sent upstream per service; a client's `first` never reaches AWS. */
export interface UpstreamPageSizes {
  readonly cognitoSync: number;
  readonly personalize: number;
}

/** What outlives a request: built once per gateway. */
export interface RequestContextDeps {
  /** The gateway's own clients; a caller with its own credentials brings its own. */
  readonly clients: UpstreamClients;
  readonly codec: CursorCodec;
  readonly limits: PaginationLimits;
  readonly pageSizes: UpstreamPageSizes;
  /** Most upstream calls one request runs at once. */
  readonly upstreamConcurrency: number;
  /** Most upstream calls one request makes in all. */
  readonly maxUpstreamCalls: number;
  /** Process-wide caps per service, shared by every request. */
  readonly serviceLimits: ServiceLimits;
  readonly monitor: UpstreamMonitor;
  /** The most global ids one `nodes(ids:)` call may ask for. */
  readonly maxNodeIds: number;
  /** The identity pool `cognitoDatasets` lists from when neither argument nor caller names one. */
  readonly defaultIdentityPoolId: string | undefined;
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
}

export interface RequestContext {
  readonly codec: CursorCodec;
  readonly limits: PaginationLimits;
  readonly pageSizes: UpstreamPageSizes;
  readonly maxNodeIds: number;
  readonly defaultIdentityPoolId: string | undefined;
  readonly loaders: RequestLoaders;
  readonly signal: AbortSignal;
  readonly requestId: string;
  readonly caller: Caller;
}

export function createRequestContext(
  deps: RequestContextDeps,
  scope: RequestScope,
): RequestContext {
  const upstream = createUpstreamRunner({
    requestConcurrency: deps.upstreamConcurrency,
    serviceLimits: deps.serviceLimits,
    signal: scope.signal,
    requestId: scope.requestId,
    monitor: deps.monitor,
    credentials: scope.credentials ?? { clients: deps.clients },
    maxCalls: deps.maxUpstreamCalls,
  });
  return {
    codec: deps.codec,
    limits: deps.limits,
    pageSizes: deps.pageSizes,
    maxNodeIds: deps.maxNodeIds,
    defaultIdentityPoolId: deps.defaultIdentityPoolId,
    loaders: createRequestLoaders(upstream),
    signal: scope.signal,
    requestId: scope.requestId,
    caller: scope.caller,
  };
}
