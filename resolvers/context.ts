// What every resolver receives: the upstream clients, the cursor codec, the paging limits and
// this request's own loaders and abort signal. A fresh one is built for each HTTP request.
import type { CursorCodec } from './cursor.js';
import { createLoaders, type Loaders, type UpstreamClients } from './loaders.js';
import type { PaginationLimits } from './paginate.js';

/** The fixed MaxResults sent upstream per service; a client's `first` never reaches AWS. */
export interface UpstreamPageSizes {
  readonly cognitoSync: number;
  readonly personalize: number;
}

/** What outlives a request: built once per gateway. */
export interface RequestContextDeps {
  readonly clients: UpstreamClients;
  readonly codec: CursorCodec;
  readonly limits: PaginationLimits;
  readonly pageSizes: UpstreamPageSizes;
  readonly upstreamConcurrency: number;
  /** The most global ids one `nodes(ids:)` call may ask for. */
  readonly maxNodeIds: number;
}

export interface RequestContext {
  readonly clients: UpstreamClients;
  readonly codec: CursorCodec;
  readonly limits: PaginationLimits;
  readonly pageSizes: UpstreamPageSizes;
  readonly maxNodeIds: number;
  readonly loaders: Loaders;
  readonly signal: AbortSignal;
}

export function createRequestContext(
  deps: RequestContextDeps,
  request: { readonly signal: AbortSignal },
): RequestContext {
  return {
    clients: deps.clients,
    codec: deps.codec,
    limits: deps.limits,
    pageSizes: deps.pageSizes,
    maxNodeIds: deps.maxNodeIds,
    loaders: createLoaders(deps.clients, {
      concurrency: deps.upstreamConcurrency,
      signal: request.signal,
    }),
    signal: request.signal,
  };
}
