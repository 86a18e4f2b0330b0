// One page of a listing kept in a stable key order, resumed from a TokenPosition.
import type { OperationContext } from './protocol/operation.js';
import type { ServiceError } from './protocol/service-error.js';
import { InvalidTokenError, type TokenCodec, type TokenPosition } from './tokens.js';

export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts; undefined when this page reaches the end. */
  readonly next: TokenPosition | undefined;
}

/** Code-unit order, the order every listing here is kept in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Takes up to `limit` items from `sorted` (ascending by `keyOf`, per compareKeys) starting at
 * `start`. Resuming after `lastKey` rather than at `offset` means items deleted or inserted before
 * the cursor between two calls neither repeat nor skip anything.
 */
export function takePage<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  start: TokenPosition | undefined,
  limit: number,
): Page<T> {
  let from = 0;
  if (start !== undefined) {
    const { lastKey } = start;
    from =
      lastKey === undefined
        ? Math.min(start.offset, sorted.length)
        : firstIndexAfter(sorted, keyOf, lastKey);
  }
  const to = Math.min(from + limit, sorted.length);
  const items = sorted.slice(from, to);
  const last = items.at(-1);
  return {
    items,
    next:
      to < sorted.length && last !== undefined ? { offset: to, lastKey: keyOf(last) } : undefined,
  };
}

/** A page as an operation answers it: the items and the token for the next page, if any. */
export interface TokenPage<T> {
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

/** The start of a listing as a token position: offset 0, no key read yet. */
const LISTING_START: TokenPosition = { offset: 0, lastKey: undefined };

/**
 * Redeems `token` for `listing` (none: from the start), takes the page there and issues the token
 * for the next one. A token that does not redeem becomes the service's own error, from
 * `invalidToken`. With `emptyPage` (an injected fault), a page that would hold items is answered
 * empty, with a token for the very position asked for, so the next call returns those items.
 */
export function readTokenPage<T>(
  tokens: TokenCodec,
  listing: string,
  token: string | undefined,
  take: (start: TokenPosition | undefined) => Page<T>,
  invalidToken: (error: InvalidTokenError) => ServiceError,
  emptyPage?: OperationContext['emptyPage'],
): TokenPage<T> {
  let start: TokenPosition | undefined;
  if (token !== undefined) {
    try {
      start = tokens.redeem(listing, token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw invalidToken(error);
      throw error;
    }
  }
  const page = take(start);
  if (emptyPage !== undefined && page.items.length > 0) {
    emptyPage.applied();
    return { items: [], nextToken: tokens.issue(listing, start ?? LISTING_START) };
  }
  return {
    items: page.items,
    nextToken: page.next === undefined ? undefined : tokens.issue(listing, page.next),
  };
}

function firstIndexAfter<T>(sorted: readonly T[], keyOf: (item: T) => string, key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const item = sorted[mid] as T;
    if (compareKeys(keyOf(item), key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
