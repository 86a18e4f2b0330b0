// Stable, resumable listings for the Personalize List* operations.
//
// Order: newest first (creationDateTime descending), ties broken by ARN ascending. Real
// Personalize appears to list most-recently-created first; the ARN tie-break makes the order
// total, so it is stable across calls. A next token carries the sort key of the last item
// returned, and the next page starts at the first key after it: deleting items between pages
// neither skips nor repeats the survivors, and items created meanwhile (newer, so earlier in the
// order) are not returned by the walk already under way.

import { compareKeys, readTokenPage, takePage, type Page, type TokenPage } from '../paging.js';
import type { OperationContext } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { TokenCodec, TokenPosition } from '../tokens.js';

export interface Listable {
  readonly arn: string;
  readonly createdMs: number;
}

/** Twice the largest Date value in ms, so (OFFSET - createdMs) is non-negative for any Date. */
const TIME_OFFSET = 2n * 8_640_000_000_000_000n;
const TIME_WIDTH = String(TIME_OFFSET).length;

/** A string whose code-unit order is the listing order. */
function sortKey(item: Listable): string {
  return `${String(TIME_OFFSET - BigInt(item.createdMs)).padStart(TIME_WIDTH, '0')} ${item.arn}`;
}

/** Resources by ARN, listable newest first. Sorting is deferred to the next read after a change. */
export class NewestFirstIndex<T extends Listable> {
  readonly #byArn = new Map<string, T>();
  #sorted: { readonly key: string; readonly item: T }[] = [];
  #dirty = false;

  get size(): number {
    return this.#byArn.size;
  }

  get(arn: string): T | undefined {
    return this.#byArn.get(arn);
  }

  values(): IterableIterator<T> {
    return this.#byArn.values();
  }

  /** Adds or replaces the resource with this ARN. */
  put(item: T): void {
    this.#byArn.set(item.arn, item);
    this.#dirty = true;
  }

  delete(arn: string): boolean {
    const deleted = this.#byArn.delete(arn);
    if (deleted) this.#dirty = true;
    return deleted;
  }

  /** Up to `limit` items from `start` (the beginning when undefined), in listing order. */
  page(start: TokenPosition | undefined, limit: number): Page<T> {
    const page = takePage(this.#ordered(), (entry) => entry.key, start, limit);
    return { items: page.items.map((entry) => entry.item), next: page.next };
  }

  #ordered(): readonly { readonly key: string; readonly item: T }[] {
    if (this.#dirty) {
      this.#sorted = [...this.#byArn.values()].map((item) => ({ key: sortKey(item), item }));
      this.#sorted.sort((a, b) => compareKeys(a.key, b.key));
      this.#dirty = false;
    }
    return this.#sorted;
  }
}

/** Page size when a List* request has no maxResults: the documented maximum. */
const DEFAULT_PAGE_SIZE = 100;

export interface PageRequest {
  /** Binds tokens to one listing, e.g. `personalize:ListDatasets:<datasetGroupArn or *>`. */
  readonly listing: string;
  readonly maxResults: number | undefined;
  readonly nextToken: string | undefined;
}

export function readPage<T extends Listable>(
  index: NewestFirstIndex<T>,
  request: PageRequest,
  tokens: TokenCodec,
  emptyPage?: OperationContext['emptyPage'],
): TokenPage<T> {
  return readTokenPage(
    tokens,
    request.listing,
    request.nextToken,
    (start) => index.page(start, request.maxResults ?? DEFAULT_PAGE_SIZE),
    () =>
      new ServiceError(
        'InvalidNextTokenException',
        400,
        'The next token is invalid, expired or belongs to another listing.',
      ),
    emptyPage,
  );
}
