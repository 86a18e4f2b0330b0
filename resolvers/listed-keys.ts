// Objects asked for by key (node, nodes, _entities, a dataset's group), answered from one
// listing where that costs fewer upstream calls than one Describe per key. A batch of n distinct
// keys of one listing reads its pages from the start, at most min(n - 1,
// MAX_LISTING_PAGES_PER_BATCH) of them, and a further page only while the pages read so far found
// at least one key each on average; whatever they do not hold (not in the listing, or beyond the
// bound) is described, one call per key, as before. So a batch costs at most one call more than
// describing every key (a first page that holds none of them), and one call when one page holds
// them all: the common case, as a Cognito identity holds at most 20 datasets (the default page
// size) and a Personalize page holds 100 groups. A single key is always described: one call
// either way.
import type { ListingPages } from './listing-source.js';

/** The most listing pages one batch reads before describing the keys it has not found. */
export const MAX_LISTING_PAGES_PER_BATCH = 5;

/** How many pages of a listing a batch of `distinctKeys` keys may read (0: describe them all). */
export function listingPageBound(distinctKeys: number): number {
  return Math.max(0, Math.min(distinctKeys - 1, MAX_LISTING_PAGES_PER_BATCH));
}

/**
 * Reads the listing from its start until every name is found, the listing ends, `maxPages` pages
 * were read, or fewer names were found than pages read; returns the items found, by name.
 */
export async function findInListing<SdkItem>(
  names: readonly string[],
  pages: ListingPages<SdkItem>,
  nameOf: (item: SdkItem) => string | undefined,
  maxPages: number,
): Promise<Map<string, SdkItem>> {
  const wanted = new Set(names);
  const found = new Map<string, SdkItem>();
  let token: string | null = null;
  for (let read = 0; read < maxPages && wanted.size > 0; read += 1) {
    const page = await pages.fetchPage(token);
    for (const item of page.items) {
      const name = nameOf(item);
      if (name !== undefined && wanted.delete(name)) found.set(name, item);
    }
    if (page.nextToken === null || found.size < read + 1) break;
    token = page.nextToken;
  }
  return found;
}

/** Groups items by a string key, keeping each group in first-seen order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}
