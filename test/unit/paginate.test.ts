import { TooManyRequestsException } from '@aws-sdk/client-cognito-sync';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, type PageCursors } from '../../resolvers/cursor.js';
import { GatewayError } from '../../resolvers/errors.js';
import {
  countListing,
  paginate,
  type Connection,
  type ConnectionArgs,
  type PaginationLimits,
} from '../../resolvers/paginate.js';
import { plainConnection, plainEdges, plainPageInfo } from '../helpers/connection-values.js';
import { FakeListing, type FakeListingOptions } from '../helpers/fake-listing.js';

const codec = createCursorCodec({ secret: 'unit-test-secret' });
const limits: PaginationLimits = { defaultPageSize: 10, maxPageSize: 100, maxWalkPages: 50 };

function keys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `item-${String(i).padStart(3, '0')}`);
}

function listingOf(count: number, options: FakeListingOptions): FakeListing {
  return new FakeListing(keys(count), options);
}

function run(
  listing: FakeListing,
  args: ConnectionArgs,
  overrides: Partial<PaginationLimits> = {},
) {
  return paginate(listing.source(), args, { codec, limits: { ...limits, ...overrides } });
}

/** Runs one request and reports how many upstream pages it read. */
async function measured(
  listing: FakeListing,
  args: ConnectionArgs,
  overrides: Partial<PaginationLimits> = {},
) {
  const before = listing.fetchCount;
  const connection = await run(listing, args, overrides);
  return { connection, fetches: listing.fetchCount - before };
}

function nodes(connection: Connection<string>): string[] {
  return connection.edges.map((edge) => edge.node);
}

/** The cursor clients would hold for `key`, taken from a forward page that contains it. */
async function cursorOf(listing: FakeListing, key: string): Promise<string> {
  const connection = await run(listing, { first: 100 });
  const edge = connection.edges.find((candidate) => candidate.node === key);
  if (edge === undefined) throw new Error(`no edge for ${key}`);
  return edge.cursor;
}

async function rejected(promise: Promise<unknown>): Promise<GatewayError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('forward pagination (first / after)', () => {
  it('returns the first items with an exact hasNextPage, reading one upstream page', async () => {
    const listing = listingOf(10, { pageSize: 4 });
    const { connection, fetches } = await measured(listing, { first: 3 });
    expect(nodes(connection)).toEqual(keys(3));
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(fetches).toBe(1);
  });

  it('uses the default page size when neither first nor last is given', async () => {
    const listing = listingOf(25, { pageSize: 7 });
    const connection = await run(listing, {});
    expect(nodes(connection)).toEqual(keys(10));
  });

  it('resumes in the middle of an upstream page without re-reading earlier pages', async () => {
    const listing = listingOf(10, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-001');
    const { connection, fetches } = await measured(listing, { first: 1, after });
    expect(nodes(connection)).toEqual(['item-002']);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(fetches).toBe(1);
  });

  it('follows next tokens across page boundaries, fetching only the pages it needs', async () => {
    const listing = listingOf(40, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-002');
    const { connection, fetches } = await measured(listing, { first: 5, after });
    expect(nodes(connection)).toEqual(keys(8).slice(3));
    expect(connection.pageInfo.hasNextPage).toBe(true);
    // pages [0-3] [4-7] and [8-11] for the lookahead item that makes hasNextPage exact
    expect(fetches).toBe(3);
  });

  it('skips pages that carry a next token but no items', async () => {
    const listing = listingOf(10, { pageSize: 3, emptyPagesAt: [0, 3, 3, 6] });
    const connection = await run(listing, { first: 10 });
    expect(nodes(connection)).toEqual(keys(10));
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('says there is no next page when the last page’s token leads to an empty page', async () => {
    const listing = listingOf(8, { pageSize: 4, emptyPagesAt: [8] });
    const all = await run(listing, { first: 8 });
    expect(all.pageInfo.hasNextPage).toBe(false);
    const beyond = await run(listing, { first: 5, after: all.pageInfo.endCursor });
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('says there is a next page when exactly one more item exists behind an empty page', async () => {
    const listing = listingOf(9, { pageSize: 4, emptyPagesAt: [8, 8] });
    const connection = await run(listing, { first: 8 });
    expect(connection.pageInfo.hasNextPage).toBe(true);
  });

  it('ends exactly at the end of the listing', async () => {
    const listing = listingOf(8, { pageSize: 4 });
    const { connection, fetches } = await measured(listing, { first: 8 });
    expect(nodes(connection)).toEqual(keys(8));
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(fetches).toBe(2);
  });

  it('makes startCursor and endCursor the first and last edge cursors', async () => {
    const listing = listingOf(10, { pageSize: 3 });
    const connection = await run(listing, { first: 5 });
    expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[4]?.cursor);
  });

  it('gives null start and end cursors when there are no edges', async () => {
    const connection = await run(listingOf(0, { pageSize: 3 }), { first: 5 });
    expect(plainConnection(connection)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      knownLength: 0,
    });
  });

  it('continues from endCursor without gaps or repeats', async () => {
    const listing = listingOf(11, { pageSize: 4 });
    const first = await run(listing, { first: 5 });
    const second = await run(listing, { first: 5, after: first.pageInfo.endCursor });
    const third = await run(listing, { first: 5, after: second.pageInfo.endCursor });
    expect([...nodes(first), ...nodes(second), ...nodes(third)]).toEqual(keys(11));
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('reads cursors through getters on the prototype, not as own properties of each edge', async () => {
    // An own getter per edge gives each edge a map of its own in V8, which kept every finished
    // request's pages from the young-generation collector (docs/performance.md).
    const connection = await run(listingOf(6, { pageSize: 4 }), { first: 5 });
    for (const edge of connection.edges) {
      expect(Object.getOwnPropertyDescriptor(edge, 'cursor')).toBeUndefined();
      expect(edge.cursor).toEqual(expect.any(String));
    }
    expect(Object.getOwnPropertyDescriptor(connection.pageInfo, 'endCursor')).toBeUndefined();
    expect(connection.pageInfo.endCursor).toBe(connection.edges[4]?.cursor);
  });

  it('makes nodes of the returned items only, not of every item the walk read', async () => {
    const listing = listingOf(30, { pageSize: 10 });
    const mapped: string[] = [];
    const source = {
      ...listing.source(),
      nodeOf: (key: string) => {
        mapped.push(key);
        return key.toUpperCase();
      },
    };
    const after = await cursorOf(listing, 'item-012');
    const connection = await paginate(source, { first: 3, after }, { codec, limits });
    expect(connection.edges.map((edge) => edge.node)).toEqual(['ITEM-013', 'ITEM-014', 'ITEM-015']);
    expect(mapped).toEqual(['item-013', 'item-014', 'item-015']);
    const backward = await paginate(source, { last: 2 }, { codec, limits });
    expect(backward.edges.map((edge) => edge.node)).toEqual(['ITEM-028', 'ITEM-029']);
    expect(mapped).toHaveLength(5);
  });

  it('gives every item the same cursor whatever first the client used', async () => {
    const listing = listingOf(12, { pageSize: 5 });
    const small = await run(listing, { first: 1, after: await cursorOf(listing, 'item-006') });
    const large = await run(listing, { first: 12 });
    expect(plainEdges(small)[0]).toEqual(plainEdges(large)[7]);
  });

  it('with first: 0 returns no edges but still says whether an item exists', async () => {
    const listing = listingOf(3, { pageSize: 2, emptyPagesAt: [0] });
    const { connection, fetches } = await measured(listing, { first: 0 });
    expect(connection.edges).toEqual([]);
    expect(plainPageInfo(connection.pageInfo)).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
    // the empty first page, then the page holding the first item
    expect(fetches).toBe(2);
  });

  it('with first: 0 after the last item says there is no next page', async () => {
    const listing = listingOf(3, { pageSize: 2 });
    const after = await cursorOf(listing, 'item-002');
    const connection = await run(listing, { first: 0, after });
    expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('with first: 0 on an empty listing says there is no next page', async () => {
    const connection = await run(listingOf(0, { pageSize: 2 }), { first: 0 });
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('stops before the `before` item when paging forward towards it', async () => {
    const listing = listingOf(10, { pageSize: 3 });
    const before = await cursorOf(listing, 'item-005');
    const three = await run(listing, { first: 3, before });
    expect(nodes(three)).toEqual(keys(3));
    expect(three.pageInfo.hasNextPage).toBe(true);
    const five = await run(listing, { first: 5, before });
    expect(nodes(five)).toEqual(keys(5));
    // the spec: with `first`, hasNextPage is whether more than `first` edges lie between the cursors
    expect(five.pageInfo.hasNextPage).toBe(false);
  });

  it('gives up with PAGINATION_LIMIT_EXCEEDED when the upstream sends endless empty pages', async () => {
    const listing = listingOf(3, { pageSize: 3, emptyPagesAt: Array<number>(20).fill(3) });
    const error = await rejected(run(listing, { first: 5 }, { maxWalkPages: 10 }));
    expect(error.code).toBe('PAGINATION_LIMIT_EXCEEDED');
  });
});

describe('backward pagination (last / before)', () => {
  it('returns the last items of the listing in forward order', async () => {
    const listing = listingOf(10, { pageSize: 4 });
    const { connection, fetches } = await measured(listing, { last: 3 });
    expect(nodes(connection)).toEqual(['item-007', 'item-008', 'item-009']);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(fetches).toBe(3);
  });

  it('says there is no previous page when last covers the whole listing', async () => {
    const connection = await run(listingOf(10, { pageSize: 4 }), { last: 20 });
    expect(nodes(connection)).toEqual(keys(10));
    expect(connection.pageInfo.hasPreviousPage).toBe(false);
  });

  it('says there is no previous page when last equals the listing size', async () => {
    const connection = await run(listingOf(10, { pageSize: 4, emptyPagesAt: [10] }), { last: 10 });
    expect(nodes(connection)).toEqual(keys(10));
    expect(connection.pageInfo.hasPreviousPage).toBe(false);
  });

  it('returns the items just before `before`, with exact hasPreviousPage', async () => {
    const listing = listingOf(10, { pageSize: 4 });
    const before = await cursorOf(listing, 'item-005');
    const two = await run(listing, { last: 2, before });
    expect(nodes(two)).toEqual(['item-003', 'item-004']);
    expect(two.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const five = await run(listing, { last: 5, before });
    expect(nodes(five)).toEqual(keys(5));
    expect(five.pageInfo.hasPreviousPage).toBe(false);
  });

  it('reads only the `before` page when it already holds the requested items', async () => {
    const listing = listingOf(30, { pageSize: 10 });
    const before = await cursorOf(listing, 'item-025');
    const { connection, fetches } = await measured(listing, { last: 3, before });
    expect(nodes(connection)).toEqual(['item-022', 'item-023', 'item-024']);
    expect(connection.pageInfo.hasPreviousPage).toBe(true);
    expect(fetches).toBe(1);
  });

  it('replays from the start when the requested items span earlier pages', async () => {
    const listing = listingOf(30, { pageSize: 10 });
    const before = await cursorOf(listing, 'item-012');
    const { connection, fetches } = await measured(listing, { last: 5, before });
    expect(nodes(connection)).toEqual(keys(12).slice(7));
    expect(fetches).toBe(2);
  });

  it('pages backward from startCursor without gaps or repeats', async () => {
    const listing = listingOf(11, { pageSize: 4, emptyPagesAt: [4] });
    const collected: string[] = [];
    let connection = await run(listing, { last: 3 });
    collected.unshift(...nodes(connection));
    while (connection.pageInfo.hasPreviousPage) {
      connection = await run(listing, { last: 3, before: connection.pageInfo.startCursor });
      collected.unshift(...nodes(connection));
    }
    expect(collected).toEqual(keys(11));
  });

  it('with last: 0 before an item says whether anything precedes it', async () => {
    const listing = listingOf(6, { pageSize: 3 });
    const atStart = await run(listing, { last: 0, before: await cursorOf(listing, 'item-000') });
    expect(atStart.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const later = await run(listing, { last: 0, before: await cursorOf(listing, 'item-004') });
    expect(later.edges).toEqual([]);
    expect(later.pageInfo.hasPreviousPage).toBe(true);
  });

  it('gives up with PAGINATION_LIMIT_EXCEEDED instead of walking past the page cap', async () => {
    const listing = listingOf(40, { pageSize: 4 });
    const error = await rejected(run(listing, { last: 2 }, { maxWalkPages: 9 }));
    expect(error.code).toBe('PAGINATION_LIMIT_EXCEEDED');
    expect(error.extensions['maxWalkPages']).toBe(9);
    const withinCap = await run(listing, { last: 2 }, { maxWalkPages: 10 });
    expect(nodes(withinCap)).toEqual(['item-038', 'item-039']);
  });
});

describe('windows between two cursors', () => {
  const listing = listingOf(10, { pageSize: 3 });

  it('returns the items strictly between after and before', async () => {
    const after = await cursorOf(listing, 'item-002');
    const before = await cursorOf(listing, 'item-006');
    const connection = await run(listing, { first: 10, after, before });
    expect(nodes(connection)).toEqual(['item-003', 'item-004', 'item-005']);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('applies first inside the window', async () => {
    const after = await cursorOf(listing, 'item-002');
    const before = await cursorOf(listing, 'item-006');
    const connection = await run(listing, { first: 2, after, before });
    expect(nodes(connection)).toEqual(['item-003', 'item-004']);
    expect(connection.pageInfo.hasNextPage).toBe(true);
  });

  it('applies last inside the window', async () => {
    const after = await cursorOf(listing, 'item-002');
    const before = await cursorOf(listing, 'item-008');
    const connection = await run(listing, { last: 3, after, before });
    expect(nodes(connection)).toEqual(['item-005', 'item-006', 'item-007']);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('applies last to everything after `after` when there is no before', async () => {
    const after = await cursorOf(listing, 'item-005');
    const connection = await run(listing, { last: 2, after });
    expect(nodes(connection)).toEqual(['item-008', 'item-009']);
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('is empty when before does not come after `after`', async () => {
    const after = await cursorOf(listing, 'item-006');
    const before = await cursorOf(listing, 'item-003');
    for (const args of [
      { first: 5, after, before },
      { last: 5, after, before },
    ]) {
      const connection = await run(listing, args);
      expect(connection.edges).toEqual([]);
    }
  });
});

describe('argument validation', () => {
  it.each([
    ['a negative first', { first: -1 }, 'first'],
    ['a negative last', { last: -1 }, 'last'],
    ['a fractional first', { first: 1.5 }, 'first'],
    ['first above the maximum', { first: 101 }, 'first'],
    ['last above the maximum', { last: 101 }, 'last'],
    ['a garbage after cursor', { after: 'not-a-cursor' }, 'after'],
    ['a garbage before cursor', { last: 2, before: '' }, 'before'],
  ])('rejects %s with BAD_USER_INPUT before calling the upstream', async (_label, args, name) => {
    const listing = listingOf(10, { pageSize: 3 });
    const error = await rejected(run(listing, args));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions['argumentName']).toBe(name);
    expect(error.message).toContain(`\`${name}\``);
    expect(listing.fetchCount).toBe(0);
  });

  it('rejects first and last together, citing the Relay spec', async () => {
    const listing = listingOf(10, { pageSize: 3 });
    const error = await rejected(run(listing, { first: 2, last: 2 }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/spec strongly discourages/);
    expect(listing.fetchCount).toBe(0);
  });

  it('rejects a cursor from another listing without calling the upstream', async () => {
    const listing = listingOf(10, { pageSize: 3 });
    const foreign = await cursorOf(listing, 'item-004');
    const calls = listing.fetchCount;
    const error = await rejected(
      paginate(listing.source('another-identity'), { after: foreign }, { codec, limits }),
    );
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(listing.fetchCount).toBe(calls);
  });
});

describe('stale cursors', () => {
  it('follows the cursor’s page to its items when that page now comes back empty with a token', async () => {
    const listing = listingOf(30, { pageSize: 3 });
    const after = await cursorOf(listing, 'item-013');
    // From now on the cursor's page answers once with no items and a token for the same place,
    // as AWS may; replaying from the start would need more pages than the cap allows.
    // cursorOf read the pages in order, so the page holding item-013 was the fifth call.
    const cursorPageToken = listing.calls[4] ?? null;
    const source = {
      ...listing.source(),
      fetchPage: (token: string | null) =>
        token === cursorPageToken
          ? Promise.resolve({ items: [], nextToken: `again:${String(token)}` })
          : listing.fetchPage(token?.startsWith('again:') === true ? token.slice(6) : token),
    };
    const connection = await paginate(
      source,
      { first: 3, after },
      { codec, limits: { ...limits, maxWalkPages: 3 } },
    );
    expect(connection.edges.map((edge) => edge.node)).toEqual(['item-014', 'item-015', 'item-016']);
  });

  it('resumes after the item when it moved within its page', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.remove('item-004');
    const { connection, fetches } = await measured(listing, { first: 3, after });
    expect(nodes(connection)).toEqual(['item-006', 'item-007', 'item-008']);
    // found in the cursor's own page: no replay, just the lookahead page
    expect(fetches).toBe(2);
    // and the new edges carry the exact positions of the changed listing
    const fresh = await run(listing, { first: 100 });
    expect(plainEdges(connection)).toEqual(plainEdges(fresh).slice(5, 8));
  });

  it('resumes after the item when inserts pushed it further into its page', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.insert('item-000a', 1);
    const connection = await run(listing, { first: 2, after });
    expect(nodes(connection)).toEqual(['item-006', 'item-007']);
  });

  it('finds the item by replaying from the start when it left its page', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.remove('item-000');
    listing.remove('item-001');
    const connection = await run(listing, { first: 2, after });
    expect(nodes(connection)).toEqual(['item-006', 'item-007']);
    // the new cursors are exact: paging on continues where this page ended
    const next = await run(listing, { first: 2, after: connection.pageInfo.endCursor });
    expect(nodes(next)).toEqual(['item-008', 'item-009']);
  });

  it('fails with STALE_CURSOR when the cursor’s item was deleted', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.remove('item-005');
    const error = await rejected(run(listing, { first: 2, after }));
    expect(error.code).toBe('STALE_CURSOR');
    expect(error.extensions['argumentName']).toBe('after');
  });

  it('replays from the start when the upstream rejects an expired token', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.expireTokens();
    const { connection, fetches } = await measured(listing, { first: 2, after });
    expect(nodes(connection)).toEqual(['item-006', 'item-007']);
    // the rejected token; pages [0-3] and [4-7] of the replay; [8-11] for the lookahead item
    expect(fetches).toBe(4);
  });

  it('recognises Cognito Sync’s way of rejecting a token too', async () => {
    const listing = listingOf(12, { pageSize: 4, rejectTokensAs: 'cognito-sync' });
    const after = await cursorOf(listing, 'item-009');
    listing.expireTokens();
    const connection = await run(listing, { first: 5, after });
    expect(nodes(connection)).toEqual(['item-010', 'item-011']);
  });

  it('fails with STALE_CURSOR when the token expired and the item is gone', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-005');
    listing.expireTokens();
    listing.remove('item-005');
    const error = await rejected(run(listing, { first: 2, after }));
    expect(error.code).toBe('STALE_CURSOR');
  });

  it('fails with STALE_CURSOR when the replay would exceed the page cap', async () => {
    const listing = listingOf(40, { pageSize: 4 });
    const after = await cursorOf(listing, 'item-030');
    listing.expireTokens();
    const error = await rejected(run(listing, { first: 2, after }, { maxWalkPages: 5 }));
    expect(error.code).toBe('STALE_CURSOR');
  });

  it('applies the same policy to a before cursor whose item was deleted', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const before = await cursorOf(listing, 'item-006');
    listing.remove('item-006');
    const error = await rejected(run(listing, { last: 2, before }));
    expect(error.code).toBe('STALE_CURSOR');
    expect(error.extensions['argumentName']).toBe('before');
  });

  it('recovers a before cursor whose item moved', async () => {
    const listing = listingOf(12, { pageSize: 4 });
    const before = await cursorOf(listing, 'item-006');
    listing.remove('item-000');
    listing.remove('item-001');
    const connection = await run(listing, { last: 2, before });
    expect(nodes(connection)).toEqual(['item-004', 'item-005']);
  });

  it('passes other upstream failures through unchanged', async () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: {} });
    const source = {
      scope: 'failing',
      keyOf: (key: string) => key,
      nodeOf: (key: string) => key,
      fetchPage: () => Promise.reject(throttled),
    };
    await expect(paginate(source, { first: 2 }, { codec, limits })).rejects.toBe(throttled);
  });
});

describe('countListing', () => {
  it('counts every item, across empty pages', async () => {
    const listing = listingOf(23, { pageSize: 5, emptyPagesAt: [0, 10, 23] });
    expect(await countListing(listing.source(), 50)).toBe(23);
  });

  it('counts an empty listing as zero', async () => {
    expect(await countListing(listingOf(0, { pageSize: 5 }).source(), 50)).toBe(0);
  });

  it('returns null instead of reading more pages than the cap', async () => {
    const listing = listingOf(23, { pageSize: 5 });
    expect(await countListing(listing.source(), 4)).toBeNull();
    expect(listing.fetchCount).toBe(4);
    expect(await countListing(listing.source(), 5)).toBe(23);
  });
});

describe('cursor sealing', () => {
  it('seals a cursor only when it is read, each one once, and each upstream page once', async () => {
    const pagesSealed: { token: string | null; start: number }[] = [];
    const calls: number[] = [];
    const counting = {
      ...codec,
      page: (scope: string, token: string | null, start: number): PageCursors => {
        pagesSealed.push({ token, start });
        const cursors = codec.page(scope, token, start);
        return {
          cursorAt: (index, key) => {
            calls.push(1);
            return cursors.cursorAt(index, key);
          },
          cursorsAt: (items) => {
            calls.push(items.length);
            return cursors.cursorsAt(items);
          },
        };
      },
    };
    const listing = listingOf(30, { pageSize: 10 });
    const connection = await paginate(listing.source(), { first: 15 }, { codec: counting, limits });
    expect(nodes(connection)).toHaveLength(15);
    expect(calls).toEqual([]);
    // endCursor alone seals its own cursor only.
    const end = connection.pageInfo.endCursor;
    expect(calls).toEqual([1]);
    // An edge's cursor seals the rest of its upstream page run at once: items 10-13, then 0-9.
    expect(connection.edges.at(-1)?.cursor).toBe(end);
    expect(connection.edges[12]?.cursor).toEqual(expect.any(String));
    expect(calls).toEqual([1, 4]);
    const all = connection.edges.map((edge) => edge.cursor);
    expect(calls).toEqual([1, 4, 10]);
    expect(new Set(all).size).toBe(15);
    // Two upstream pages (items 0-9 and 10-14), one sealer each.
    const byStart = pagesSealed.toSorted((a, b) => a.start - b.start);
    expect(byStart.map(({ start }) => start)).toEqual([0, 10]);
    expect(byStart[0]?.token).toBeNull();
    expect(byStart[1]?.token).toEqual(expect.any(String));
    // Sealed together or alone, each cursor is the one a client meets in any other response.
    for (const [i, key] of keys(15).entries()) expect(all[i]).toBe(await cursorOf(listing, key));
  });
});
