// Relay connections over a forward-only, token-paged listing. The upstream page size is fixed by
// the source, so every item has one canonical position (token, index) whatever `first`/`last`
// clients use, and a cursor resumes anywhere, mid-page included.
//
// Semantics (Relay Cursor Connections spec: ApplyCursorsToEdges, then `first`, then `last`):
// - The cursors select the items strictly between `after` and `before` (none if `before` does
//   not come after `after`), like graphql-relay-js's offset arithmetic.
// - With `first` (also the default, `defaultPageSize`, when neither `first` nor `last` is
//   given): hasNextPage is exact, from one item of lookahead; hasPreviousPage is true iff `after`
//   was given, i.e. iff some item of the listing precedes the returned window (the `after` item
//   itself does). `first: 0` still reads up to the first item after the cursor, because an exact
//   hasNextPage needs to know whether one exists.
// - With `last`: hasPreviousPage is exact; hasNextPage is true iff `before` was given (the
//   `before` item follows the window). `last: 0` likewise reads enough to know whether an item
//   precedes `before`.
// - Every cursor passed in is verified against the listing as it is now (see locate()), before
//   any items are collected; exceeding `maxWalkPages` is an error, never a truncated answer.
import type { CursorCodec, CursorPosition } from './cursor.js';
import { GatewayError, invalidArgument } from './errors.js';
import {
  PageReader,
  isItsItem,
  locate,
  nextTokenOf,
  walkForward,
  type FetchPage,
  type Located,
  type WalkLimit,
} from './page-walk.js';
import { windowCursors, type WindowCursors } from './window-cursors.js';

export type { FetchPage, UpstreamPage } from './page-walk.js';

/** Connection arguments as GraphQL hands them over: absent, null or a value. */
export interface ConnectionArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly last?: number | null | undefined;
  readonly before?: string | null | undefined;
}

export interface PaginationLimits {
  /** `first` when a client gives neither `first` nor `last`. */
  readonly defaultPageSize: number;
  /** The largest `first` / `last` a client may ask for. */
  readonly maxPageSize: number;
  /**
   * The most upstream pages any one walk may read: a backward walk, a forward walk (only long
   * when the upstream sends many pages without items), a cursor replay, a count.
   */
  readonly maxWalkPages: number;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: PageInfo;
  /**
   * The listing holds at least this many items, as the positions this page read show (ordinals
   * as the cursors were issued): lets a count that cannot finish within the walk cap give up
   * before reading a page.
   */
  readonly knownLength: number;
}

/**
 * A listing of upstream items `T` whose connection's nodes are `N`. Walks, cursor lookups and
 * counts read the upstream items as they are; only the items a page returns become nodes, so a
 * first page of 20 maps 20 of the upstream page's 100.
 */
export interface ListingSource<T, N = T> {
  /** Names the listing (service, operation, filters, page size, caller); cursors are bound to it. */
  readonly scope: string;
  /** The most items one upstream page holds (its MaxResults), when known. */
  readonly pageSize?: number;
  readonly fetchPage: FetchPage<T>;
  readonly keyOf: (item: T) => string;
  readonly nodeOf: (item: T) => N;
}

export interface PaginateDeps {
  readonly codec: CursorCodec;
  readonly limits: PaginationLimits;
}

type CursorArgument = 'after' | 'before';

interface Request {
  readonly direction: 'forward' | 'backward';
  readonly count: number;
  readonly after: CursorPosition | null;
  readonly before: CursorPosition | null;
}

function readCount(name: 'first' | 'last', value: number | null | undefined, max: number) {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw invalidArgument(name, `\`${name}\` must be a non-negative integer; got ${value}.`);
  }
  if (value > max) {
    throw invalidArgument(
      name,
      `\`${name}\` must be at most ${max}; got ${value}. Fetch more items by paginating with cursors.`,
    );
  }
  return value;
}

function readCursor(
  name: CursorArgument,
  cursor: string | null | undefined,
  scope: string,
  codec: CursorCodec,
): CursorPosition | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    return codec.decode(scope, cursor);
  } catch (error) {
    if (!(error instanceof GatewayError)) {
      throw invalidArgument(name, `Invalid \`${name}\` cursor. The cursor is malformed.`, error);
    }
    // The codec's own extensions (a `reason` clients may branch on) survive the rewording.
    throw new GatewayError(error.code, `Invalid \`${name}\` cursor. ${error.message}`, {
      cause: error,
      extensions: { ...error.extensions, argumentName: name },
    });
  }
}

/** Validates every argument before anything is fetched. */
function readRequest(args: ConnectionArgs, scope: string, deps: PaginateDeps): Request {
  const { maxPageSize, defaultPageSize } = deps.limits;
  const first = readCount('first', args.first, maxPageSize);
  const last = readCount('last', args.last, maxPageSize);
  if (first !== undefined && last !== undefined) {
    throw invalidArgument(
      'last',
      'Pass either `first` or `last`, not both: the Relay connection spec strongly discourages combining them. Use `first` with `after` to page forward, or `last` with `before` to page backward.',
    );
  }
  return {
    direction: last === undefined ? 'forward' : 'backward',
    count: last ?? first ?? defaultPageSize,
    after: readCursor('after', args.after, scope, deps.codec),
    before: readCursor('before', args.before, scope, deps.codec),
  };
}

function staleCursor(name: CursorArgument): () => GatewayError {
  return () =>
    new GatewayError(
      'STALE_CURSOR',
      `The \`${name}\` cursor points to an item that is no longer where this listing can find it (it was deleted, or the listing changed or its pagination token expired). Restart by omitting \`${name}\`.`,
      { extensions: { argumentName: name } },
    );
}

function walkLimit(direction: Request['direction'], maxPages: number): WalkLimit {
  const why =
    direction === 'backward'
      ? 'Paging backward means reading the listing forward from its start, and this page would need'
      : 'The upstream returned many pages without items, and this page would need';
  const remedy =
    direction === 'backward'
      ? 'Page forward with `first`/`after` instead.'
      : 'Retry later or request fewer items.';
  return {
    maxPages,
    exceeded: () =>
      new GatewayError(
        'PAGINATION_LIMIT_EXCEEDED',
        `${why} more than ${maxPages} upstream pages, the gateway's limit. ${remedy}`,
        { extensions: { maxWalkPages: maxPages } },
      ),
  };
}

/** Keeps the last `capacity` items pushed, and counts them all. */
class LastItems<T> {
  readonly #slots: T[] = [];
  readonly #capacity: number;
  #seen = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get seen(): number {
    return this.#seen;
  }

  push(item: T): void {
    if (this.#capacity > 0) this.#slots[this.#seen % this.#capacity] = item;
    this.#seen += 1;
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    if (this.#capacity === 0) return [];
    const start = this.#seen % this.#capacity;
    return this.#seen <= this.#capacity
      ? [...this.#slots]
      : [...this.#slots.slice(start), ...this.#slots.slice(0, start)];
  }
}

interface Window<T> {
  readonly items: readonly Located<T>[];
  readonly hasPreviousPage: boolean;
  readonly hasNextPage: boolean;
}

async function forwardWindow<T>(
  reader: PageReader<T>,
  source: ListingSource<T, unknown>,
  request: Request,
  after: Located<T> | null,
  before: Located<T> | null,
  limit: WalkLimit,
): Promise<Window<T>> {
  const { count } = request;
  const items: Located<T>[] = [];
  let reachedBefore = false;
  for await (const item of walkForward(reader, source.keyOf, after, limit)) {
    if (item.key === before?.key) {
      reachedBefore = true;
      break;
    }
    items.push(item);
    // One item of lookahead makes hasNextPage exact.
    if (items.length > count) break;
  }
  if (before !== null && !reachedBefore && items.length <= count) {
    // The listing ended without the `before` item that was just found: it changed meanwhile.
    throw staleCursor('before')();
  }
  return {
    items: items.slice(0, count),
    hasPreviousPage: after !== null,
    hasNextPage: items.length > count,
  };
}

/** The items of `page` from index `from` up to (not including) `to`, with their positions. */
function pageSlice<T>(anchor: Located<T>, keyOf: (item: T) => string, from: number, to: number) {
  return anchor.page.items.slice(from, to).map((node, offset): Located<T> => {
    const index = from + offset;
    return {
      node,
      key: keyOf(node),
      token: anchor.token,
      index,
      ordinal: anchor.ordinal - anchor.index + index,
      page: anchor.page,
    };
  });
}

async function backwardWindow<T>(
  reader: PageReader<T>,
  source: ListingSource<T, unknown>,
  request: Request,
  after: Located<T> | null,
  before: Located<T> | null,
  limit: WalkLimit,
): Promise<Window<T>> {
  const { count } = request;
  const hasNextPage = before !== null;

  // Token APIs only go forward, so reaching the items before `before` normally means walking
  // from the start; when `before`'s own page already holds them, that page is enough.
  if (before !== null) {
    const afterInPage = after !== null && after.page === before.page;
    const low = afterInPage ? after.index + 1 : 0;
    const everythingInPage = afterInPage || (after === null && before.token === null);
    if (before.index - low > count || everythingInPage) {
      const candidates = pageSlice(before, source.keyOf, low, before.index);
      return {
        items: candidates.slice(Math.max(0, candidates.length - count)),
        hasPreviousPage: candidates.length > count,
        hasNextPage,
      };
    }
  }

  const kept = new LastItems<Located<T>>(count);
  let reachedBefore = false;
  for await (const item of walkForward(reader, source.keyOf, after, limit)) {
    if (item.key === before?.key) {
      reachedBefore = true;
      break;
    }
    kept.push(item);
  }
  if (before !== null && !reachedBefore) throw staleCursor('before')();
  return { items: kept.toArray(), hasPreviousPage: kept.seen > count, hasNextPage };
}

/**
 * Whether a backward page before `before` (no `after`) must walk from the listing's start: the
 * cursor names a page after the first one and fewer than `count` items precede it in its page,
 * as issued. Then the walk itself finds `before` (by key, so an item that moved is found too).
 */
function walksToBefore(
  request: Request,
  after: Located<unknown> | null,
): request is Request & { readonly before: CursorPosition } {
  const { before } = request;
  return (
    request.direction === 'backward' &&
    after === null &&
    before !== null &&
    before.token !== null &&
    before.index <= request.count
  );
}

/** The last `count` items before `before`'s key, walking from the start; STALE_CURSOR if absent. */
async function backwardWindowTo<T>(
  reader: PageReader<T>,
  source: ListingSource<T, unknown>,
  count: number,
  before: CursorPosition,
  limit: WalkLimit,
): Promise<Window<T>> {
  const kept = new LastItems<Located<T>>(count);
  for await (const item of walkForward(reader, source.keyOf, null, limit)) {
    if (isItsItem(item.key, before)) {
      return { items: kept.toArray(), hasPreviousPage: kept.seen > count, hasNextPage: true };
    }
    kept.push(item);
  }
  throw staleCursor('before')();
}

/**
 * Whether `a` comes before `b`. Exact within one page; across pages it compares the ordinals the
 * cursors were issued with, which drift only if items were added or removed ahead of their pages
 * between the two issues. A forward walk that then misses `before` fails with STALE_CURSOR.
 */
function precedes(a: Located<unknown>, b: Located<unknown>): boolean {
  return a.page === b.page ? a.index < b.index : a.ordinal < b.ordinal;
}

export async function paginate<T, N>(
  source: ListingSource<T, N>,
  args: ConnectionArgs,
  deps: PaginateDeps,
): Promise<Connection<N>> {
  const request = readRequest(args, source.scope, deps);
  const { maxWalkPages } = deps.limits;
  const reader = new PageReader(source.fetchPage);
  const find = async (name: CursorArgument, position: CursorPosition | null) =>
    position === null
      ? null
      : locate(reader, source.keyOf, position, { maxWalkPages, stale: staleCursor(name) });
  const limit = walkLimit(request.direction, maxWalkPages);
  const after = await find('after', request.after);
  let window: Window<T>;
  if (walksToBefore(request, after)) {
    // The walk from the start reaches `before`'s page anyway: locating it first would read that
    // page twice (upstream tokens differ per issue, so the second read is another call).
    const { before } = request;
    try {
      window = await backwardWindowTo(reader, source, request.count, before, limit);
    } catch (error) {
      // Past the walk cap: STALE_CURSOR if the item is gone, else the cap's own error, as when
      // `before` is located first.
      if (error instanceof GatewayError && error.code === 'PAGINATION_LIMIT_EXCEEDED') {
        await find('before', before);
      }
      throw error;
    }
    return connectionOf(window, source, deps, null);
  }
  const before = await find('before', request.before);

  if (after !== null && before !== null && !precedes(after, before)) {
    window = {
      items: [],
      hasPreviousPage: request.direction === 'forward',
      hasNextPage: request.direction === 'backward',
    };
  } else if (request.direction === 'forward') {
    window = await forwardWindow(reader, source, request, after, before, limit);
  } else {
    window = await backwardWindow(reader, source, request, after, before, limit);
  }

  return connectionOf(window, source, deps, after);
}

/**
 * An edge whose cursor is sealed when first read. A class, not an object literal with a `get
 * cursor()`: each such literal gets a getter closure of its own, and V8 then gives the object a map
 * of its own, allocated in the old generation and pointing at the closure, so the young-generation
 * collector kept every edge's window, page and SDK output alive until a full collection
 * (docs/performance.md). A getter on the prototype is one function, and the edges share one map.
 */
class LazyEdge<T> implements Edge<T> {
  readonly node: T;
  readonly #cursors: WindowCursors;
  readonly #at: number;

  constructor(node: T, cursors: WindowCursors, at: number) {
    this.node = node;
    this.#cursors = cursors;
    this.#at = at;
  }

  get cursor(): string {
    return this.#cursors.withRun(this.#at);
  }
}

/** The page info, its two cursors sealed when first read (a class for the reason of LazyEdge). */
class LazyPageInfo implements PageInfo {
  readonly hasPreviousPage: boolean;
  readonly hasNextPage: boolean;
  readonly #cursors: WindowCursors;
  readonly #length: number;

  constructor(window: Window<unknown>, cursors: WindowCursors) {
    this.hasPreviousPage = window.hasPreviousPage;
    this.hasNextPage = window.hasNextPage;
    this.#cursors = cursors;
    this.#length = window.items.length;
  }

  get startCursor(): string | null {
    return this.#length === 0 ? null : this.#cursors.alone(0);
  }

  get endCursor(): string | null {
    return this.#length === 0 ? null : this.#cursors.alone(this.#length - 1);
  }
}

function connectionOf<T, N>(
  window: Window<T>,
  source: ListingSource<T, N>,
  deps: PaginateDeps,
  after: Located<T> | null,
): Connection<N> {
  const { items } = window;
  const cursors = windowCursors(items, source.scope, deps.codec);
  return {
    edges: items.map((item, i) => new LazyEdge(source.nodeOf(item.node), cursors, i)),
    pageInfo: new LazyPageInfo(window, cursors),
    knownLength: Math.max(items.at(-1)?.ordinal ?? -1, after?.ordinal ?? -1) + 1,
  };
}

/**
 * The number of items in the listing, or null when counting would read more than `maxWalkPages`
 * pages: at once, without reading any, when the listing is known to hold `knownLength` items and
 * that many do not fit in `maxWalkPages` full pages.
 */
export async function countListing<T>(
  source: ListingSource<T, unknown>,
  maxWalkPages: number,
  knownLength = 0,
): Promise<number | null> {
  if (source.pageSize !== undefined && knownLength > maxWalkPages * source.pageSize) return null;
  let count = 0;
  let token: string | null = null;
  for (let pagesRead = 1; pagesRead <= maxWalkPages; pagesRead += 1) {
    const page = await source.fetchPage(token);
    count += page.items.length;
    token = nextTokenOf(page);
    if (token === null) return count;
  }
  return null;
}
