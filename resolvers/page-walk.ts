// Walking a forward-only, token-paged listing: reading pages once per request, yielding every
// item with its exact position, and finding where a cursor's item is now.
import { type CursorItem, type CursorPosition, keyDigestOf } from './cursor.js';
import type { GatewayError } from './errors.js';
import { isTokenRejection } from './upstream-errors.js';

export interface UpstreamPage<T> {
  readonly items: readonly T[];
  readonly nextToken: string | null;
}

export type FetchPage<T> = (token: string | null) => Promise<UpstreamPage<T>>;

/** An item together with its position and the page that holds it, so a walk can resume there. */
export interface Located<T> extends CursorItem {
  readonly node: T;
  readonly page: UpstreamPage<T>;
}

export interface WalkLimit {
  readonly maxPages: number;
  /** The error to throw when the walk would need more than `maxPages` pages. */
  readonly exceeded: () => GatewayError;
}

/** Reads each token's page at most once per pagination, so re-anchoring and walks share pages. */
export class PageReader<T> {
  readonly #fetchPage: FetchPage<T>;
  readonly #pages = new Map<string | null, Promise<UpstreamPage<T>>>();

  constructor(fetchPage: FetchPage<T>) {
    this.#fetchPage = fetchPage;
  }

  read(token: string | null): Promise<UpstreamPage<T>> {
    let page = this.#pages.get(token);
    if (page === undefined) {
      page = this.#fetchPage(token);
      this.#pages.set(token, page);
    }
    return page;
  }
}

/** The token of the page after this one, or null at the end of the listing. */
export function nextTokenOf(page: UpstreamPage<unknown>): string | null {
  // SDK paginators also stop on an empty string; so do these walks.
  return page.nextToken === '' ? null : page.nextToken;
}

/**
 * Yields the listing's items in order: from the first page when `from` is null, otherwise from
 * the item right after `from`. Pages are fetched only as items are pulled, so a consumer that
 * stops early fetches nothing further. Pages without items but with a next token are skipped.
 */
export async function* walkForward<T>(
  reader: PageReader<T>,
  keyOf: (item: T) => string,
  from: Located<T> | null,
  limit: WalkLimit,
): AsyncGenerator<Located<T>, void, undefined> {
  let pagesRead = 0;
  const readPage = (token: string | null): Promise<UpstreamPage<T>> => {
    pagesRead += 1;
    if (pagesRead > limit.maxPages) throw limit.exceeded();
    return reader.read(token);
  };

  let token = from === null ? null : from.token;
  let page = from === null ? await readPage(null) : from.page;
  let index = from === null ? 0 : from.index + 1;
  let ordinal = from === null ? 0 : from.ordinal + 1;

  for (;;) {
    for (; index < page.items.length; index += 1, ordinal += 1) {
      const node = page.items[index] as T;
      yield { node, key: keyOf(node), token, index, ordinal, page };
    }
    const next = nextTokenOf(page);
    if (next === null) return;
    token = next;
    page = await readPage(next);
    index = 0;
  }
}

export interface LocateOptions {
  readonly maxWalkPages: number;
  /** The error for a cursor whose item cannot be found any more. */
  readonly stale: () => GatewayError;
}

/**
 * Finds the cursor's item in the listing as it is now. Fast path: the token's page still holds
 * the key at the cursor's index. Otherwise the item moved within its page (resume after it: the
 * listing's order is stable, so what followed it still follows it), or the token was rejected or
 * the item left the page: replay from the first page, bounded, matching the key.
 *
 * A deleted item is not recoverable: the upstream order is opaque, so nothing tells which of the
 * remaining items came after it. Resuming at its old index would skip or repeat items whenever
 * anything else changed, so the caller gets STALE_CURSOR instead of silently shifted data.
 */
export async function locate<T>(
  reader: PageReader<T>,
  keyOf: (item: T) => string,
  position: CursorPosition,
  options: LocateOptions,
): Promise<Located<T>> {
  let page: UpstreamPage<T> | undefined;
  let token = position.token;
  try {
    page = await reader.read(token);
    // This time the token's page came back empty but with a next token, as AWS may answer: the
    // items it held come from the following pages. Skip the empty ones, within the walk cap.
    for (let hops = 0; page.items.length === 0 && hops < options.maxWalkPages; hops += 1) {
      const next = nextTokenOf(page);
      if (next === null) break;
      token = next;
      page = await reader.read(next);
    }
  } catch (error) {
    if (position.token === null || !isTokenRejection(error)) throw error;
  }
  if (page !== undefined) {
    const atCursor = token === position.token ? page.items[position.index] : undefined;
    const index =
      atCursor !== undefined && isItsItem(keyOf(atCursor), position)
        ? position.index
        : page.items.findIndex((item) => isItsItem(keyOf(item), position));
    const node = page.items[index];
    if (node !== undefined) {
      // Empty pages hold no items, so the page found starts where the cursor's page started.
      const ordinal = position.ordinal - position.index + index;
      return { node, key: keyOf(node), token, index, ordinal, page };
    }
  }
  const replay = walkForward(reader, keyOf, null, {
    maxPages: options.maxWalkPages,
    exceeded: options.stale,
  });
  for await (const located of replay) {
    if (isItsItem(located.key, position)) return located;
  }
  throw options.stale();
}

/** Whether the item with this key is the one the cursor position names. */
export function isItsItem(key: string, position: CursorPosition): boolean {
  return keyDigestOf(key) === position.keyDigest;
}
