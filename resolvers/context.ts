// What every resolver receives: the cursor codec, the paging limits, the upstream page sizes,
// and this request's own caller and loaders. src/context.ts builds a fresh one for each HTTP
// request, so nothing cached in it (DataLoader results) is ever shared between callers.
import type { Caller } from './access.js';
import type { CursorCodec } from './cursor.js';
import type { RequestLoaders } from './loaders.js';
import type { PaginationLimits } from './paginate.js';

/** The fixed MaxResults sent upstream per service; a client's `first` never reaches AWS. */
export interface UpstreamPageSizes {
  readonly cognitoSync: number;
  readonly personalize: number;
}

export interface RequestContext {
  readonly codec: CursorCodec;
  /** What clients may ask of a connection (page sizes, pages walked); not the operation limits. */
  readonly paging: PaginationLimits;
  readonly pageSizes: UpstreamPageSizes;
  /** The most global ids one `nodes(ids:)` call may ask for. */
  readonly maxNodeIds: number;
  /** The identity pool `cognitoDatasets` lists from when neither argument nor caller names one. */
  readonly defaultIdentityPoolId: string | undefined;
  /** Derived from a verified token (or the gateway's auth mode), never from client input. */
  readonly caller: Caller;
  readonly loaders: RequestLoaders;
}
