// Listings: one upstream List operation (its SDK send) as a page loader, and the listing source
// a connection paginates over. A listing's identity (service, operation, filters, page size) is
// written once, as its cursor scope, and the page loader's key is that scope plus the token, so
// cursors and cached pages can never disagree about which listing they belong to.
import type { RequestContext } from './context.js';
import type { UpstreamCall } from './errors.js';
import {
  pageLoader,
  type PageLoaderDefinition,
  type RequestLoaders,
  type Send,
} from './loaders.js';
import type { UpstreamPage } from './page-walk.js';
import {
  countListing,
  paginate,
  type Connection,
  type ConnectionArgs,
  type ListingSource,
} from './paginate.js';

/** One page request of a listing: its filters, the fixed page size, the position. */
export interface PageRequest<Filters extends readonly unknown[]> {
  /** The listing's identity (its cursor scope); with the token, the loader's key. */
  readonly scope: string;
  readonly filters: Filters;
  readonly pageSize: number;
  readonly token: string | null;
}

/** A page as the SDK returns it: either field may be missing. */
export interface SdkPage<Item> {
  readonly items: readonly Item[] | undefined;
  readonly nextToken: string | undefined;
}

export interface ListingOperation<Filters extends readonly unknown[], SdkItem> {
  readonly call: UpstreamCall;
  readonly pages: PageLoaderDefinition<PageRequest<Filters>, SdkItem>;
}

function tokenOrNull(token: string | undefined): string | null {
  return token === undefined || token === '' ? null : token;
}

/** An upstream List operation, paged through this request's loaders. */
export function listingOperation<Filters extends readonly unknown[], SdkItem>(
  call: UpstreamCall,
  send: Send<PageRequest<Filters>, SdkPage<SdkItem>>,
): ListingOperation<Filters, SdkItem> {
  return {
    call,
    pages: pageLoader(
      call,
      (request: PageRequest<Filters>) => [request.scope, request.token],
      async (request, signal, clients) => {
        const page = await send(request, signal, clients);
        return { items: page.items ?? [], nextToken: tokenOrNull(page.nextToken) };
      },
    ),
  };
}

/** Names the listing: service, operation, filters (when there are any) and page size. */
function listingScope(call: UpstreamCall, filters: readonly unknown[], pageSize: number): string {
  const named = filters.length === 0 ? [] : [JSON.stringify(filters)];
  return [call.service, call.operation, ...named, pageSize].join('|');
}

export interface PagedSourceOptions<Filters extends readonly unknown[], SdkItem, Item> {
  readonly filters: Filters;
  readonly pageSize: number;
  /** The connection's node for an SDK item: applied only to the items a page returns. */
  readonly toItem: (sdkItem: SdkItem) => Item;
  /** The SDK item's unique key within the listing (what a cursor finds it by again). */
  readonly keyOf: (sdkItem: SdkItem) => string;
}

/** One listing's pages as the SDK items, read through this request's page loader. */
export interface ListingPages<SdkItem> {
  readonly scope: string;
  readonly fetchPage: (token: string | null) => Promise<UpstreamPage<SdkItem>>;
}

/**
 * The pages of one listing (filters, page size) through the request's page loader: the same
 * loader keys, hence the same upstream cache keys, whoever reads them (a connection, a batch of
 * entity keys answered from the listing).
 */
export function listingPages<Filters extends readonly unknown[], SdkItem>(
  loaders: RequestLoaders,
  operation: ListingOperation<Filters, SdkItem>,
  filters: Filters,
  pageSize: number,
): ListingPages<SdkItem> {
  const scope = listingScope(operation.call, filters, pageSize);
  return {
    scope,
    fetchPage: (token) => loaders.of(operation.pages).load({ scope, filters, pageSize, token }),
  };
}

/** The listing source of one upstream listing, read through this request's page loader. */
export function pagedSource<Filters extends readonly unknown[], SdkItem, Item>(
  context: RequestContext,
  operation: ListingOperation<Filters, SdkItem>,
  options: PagedSourceOptions<Filters, SdkItem, Item>,
): ListingSource<SdkItem, Item> {
  const { filters, pageSize } = options;
  const pages = listingPages(context.loaders, operation, filters, pageSize);
  return {
    scope: pages.scope,
    pageSize,
    fetchPage: pages.fetchPage,
    keyOf: options.keyOf,
    nodeOf: options.toItem,
  };
}

export interface ListingConnection<T> extends Connection<T> {
  /** The number of items in the whole listing; null when counting would read too many pages. */
  readonly countTotal: () => Promise<number | null>;
}

/** The page the client asked for, plus a count of the whole listing run only if selected. */
export async function resolveConnection<T, N>(
  source: ListingSource<T, N>,
  args: ConnectionArgs,
  context: RequestContext,
): Promise<ListingConnection<N>> {
  const connection = await paginate(source, args, { codec: context.codec, limits: context.paging });
  return {
    ...connection,
    countTotal: () => countListing(source, context.paging.maxWalkPages, connection.knownLength),
  };
}
