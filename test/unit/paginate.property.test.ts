import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCursorCodec } from '../../resolvers/cursor.js';
import { GatewayError } from '../../resolvers/errors.js';
import {
  paginate,
  type Connection,
  type ConnectionArgs,
  type PaginationLimits,
} from '../../resolvers/paginate.js';
import { plainEdges, plainPageInfo } from '../helpers/connection-values.js';
import { FakeListing, type FakeListingOptions } from '../helpers/fake-listing.js';

const codec = createCursorCodec({ secret: 'property-secret' });
const limits: PaginationLimits = { defaultPageSize: 10, maxPageSize: 1000, maxWalkPages: 100_000 };
const RUNS = { numRuns: 200 };

function keys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `k${i}`);
}

const listingShape = (maxSize: number) =>
  fc
    .record({
      size: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: maxSize })),
      pageSize: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constantFrom(20, 100, 1000)),
      emptyPages: fc.array(fc.nat({ max: 60 }), { maxLength: 5 }),
    })
    .map(({ size, pageSize, emptyPages }): { size: number; options: FakeListingOptions } => {
      const pageCount = Math.ceil(size / pageSize);
      // Empty pages can only appear where a page starts: at a multiple of the page size.
      const emptyPagesAt = emptyPages
        .map((page) => Math.min(page % (pageCount + 1), pageCount) * pageSize)
        .map((at) => Math.min(at, size));
      return { size, options: { pageSize, emptyPagesAt } };
    });

function run(listing: FakeListing, args: ConnectionArgs): Promise<Connection<string>> {
  return paginate(listing.source(), args, { codec, limits });
}

/** Every item's cursor, from one forward read of the whole listing. */
async function canonicalCursors(listing: FakeListing): Promise<string[]> {
  if (listing.keys.length === 0) return [];
  const all = await run(listing, { first: listing.keys.length });
  return all.edges.map((edge) => edge.cursor);
}

interface OracleArgs {
  readonly first?: number;
  readonly last?: number;
  readonly after?: number;
  readonly before?: number;
}

/** The Relay spec's algorithm over the full list: cursors, then `first`, then `last`. */
function oracle(all: readonly string[], args: OracleArgs) {
  const start = args.after === undefined ? 0 : args.after + 1;
  const end = Math.max(start, args.before ?? all.length);
  const between = all.slice(start, end).map((key, offset) => ({ key, index: start + offset }));
  if (args.last === undefined) {
    const first = args.first ?? limits.defaultPageSize;
    return {
      edges: between.slice(0, first),
      hasNextPage: between.length > first,
      hasPreviousPage: args.after !== undefined,
    };
  }
  return {
    edges: between.slice(Math.max(0, between.length - args.last)),
    hasPreviousPage: between.length > args.last,
    hasNextPage: args.before !== undefined,
  };
}

describe('pagination properties (fast-check, against a full-list oracle)', () => {
  it('paging forward from endCursor yields every item exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        listingShape(300),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 8 }),
        async ({ size, options }, firsts) => {
          const listing = new FakeListing(keys(size), options);
          const cursors = await canonicalCursors(listing);
          const seen: string[] = [];
          let after: string | null = null;
          for (let step = 0; step <= size; step += 1) {
            const first = firsts[step % firsts.length] ?? 1;
            const page: Connection<string> = await run(listing, { first, after });
            for (const edge of page.edges) {
              expect(edge.cursor).toBe(cursors[seen.length]);
              seen.push(edge.node);
            }
            expect(page.pageInfo.hasNextPage).toBe(seen.length < size);
            expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor;
          }
          expect(seen).toEqual(keys(size));
        },
      ),
      RUNS,
    );
  });

  it('paging backward from startCursor yields every item exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        listingShape(150),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 8 }),
        async ({ size, options }, lasts) => {
          const listing = new FakeListing(keys(size), options);
          const cursors = await canonicalCursors(listing);
          const seen: string[] = [];
          let before: string | null = null;
          for (let step = 0; step <= size; step += 1) {
            const last = lasts[step % lasts.length] ?? 1;
            const page: Connection<string> = await run(listing, { last, before });
            const offset = size - seen.length - page.edges.length;
            page.edges.forEach((edge, i) => {
              expect(edge.cursor).toBe(cursors[offset + i]);
            });
            seen.unshift(...page.edges.map((edge) => edge.node));
            expect(page.pageInfo.hasPreviousPage).toBe(seen.length < size);
            expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
            if (!page.pageInfo.hasPreviousPage) break;
            before = page.pageInfo.startCursor;
          }
          expect(seen).toEqual(keys(size));
        },
      ),
      RUNS,
    );
  });

  it('any combination of arguments equals slicing the full list per the spec', async () => {
    await fc.assert(
      fc.asyncProperty(
        listingShape(300),
        fc.record(
          {
            count: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 400 })),
            direction: fc.constantFrom('first', 'last', 'default'),
            after: fc.nat(),
            before: fc.nat(),
          },
          { requiredKeys: ['count', 'direction'] },
        ),
        async ({ size, options }, picked) => {
          const listing = new FakeListing(keys(size), options);
          const cursors = await canonicalCursors(listing);
          const after = size > 0 && picked.after !== undefined ? picked.after % size : undefined;
          const before = size > 0 && picked.before !== undefined ? picked.before % size : undefined;
          const oracleArgs: OracleArgs = {
            ...(picked.direction === 'first' ? { first: picked.count } : {}),
            ...(picked.direction === 'last' ? { last: picked.count } : {}),
            ...(after === undefined ? {} : { after }),
            ...(before === undefined ? {} : { before }),
          };
          const args: ConnectionArgs = {
            ...oracleArgs,
            after: after === undefined ? null : (cursors[after] ?? null),
            before: before === undefined ? null : (cursors[before] ?? null),
          };

          const expected = oracle(keys(size), oracleArgs);
          const actual = await run(listing, args);
          expect(plainEdges(actual)).toEqual(
            expected.edges.map(({ key, index }) => ({ node: key, cursor: cursors[index] })),
          );
          expect(plainPageInfo(actual.pageInfo)).toEqual({
            hasNextPage: expected.hasNextPage,
            hasPreviousPage: expected.hasPreviousPage,
            startCursor: actual.edges[0]?.cursor ?? null,
            endCursor: actual.edges.at(-1)?.cursor ?? null,
          });
        },
      ),
      RUNS,
    );
  });

  it('after the listing changes, resumes right after the cursor’s item or fails with STALE_CURSOR', async () => {
    await fc.assert(
      fc.asyncProperty(
        listingShape(80).filter(({ size }) => size > 0),
        fc.nat(),
        fc.array(
          fc.oneof(
            fc.record({ remove: fc.nat() }),
            fc.record({ insertAt: fc.nat() }),
            fc.constant('expire' as const),
          ),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 12 }),
        async ({ size, options }, pick, changes, first) => {
          const listing = new FakeListing(keys(size), options);
          const cursors = await canonicalCursors(listing);
          const anchor = pick % size;
          changes.forEach((change, n) => {
            if (change === 'expire') listing.expireTokens();
            else if ('remove' in change) {
              const victim = listing.keys[change.remove % Math.max(1, listing.keys.length)];
              if (victim !== undefined) listing.remove(victim);
            } else listing.insert(`new${n}`, change.insertAt % (listing.keys.length + 1));
          });

          const outcome = await run(listing, { first, after: cursors[anchor] ?? null }).catch(
            (error: unknown) => error,
          );
          const now = listing.keys;
          const position = now.indexOf(`k${anchor}`);
          if (position === -1) {
            expect(outcome).toBeInstanceOf(GatewayError);
            expect((outcome as GatewayError).code).toBe('STALE_CURSOR');
            return;
          }
          const rest = now.slice(position + 1);
          const connection = outcome as Connection<string>;
          expect(connection.edges.map((edge) => edge.node)).toEqual(rest.slice(0, first));
          expect(connection.pageInfo.hasNextPage).toBe(rest.length > first);
        },
      ),
      RUNS,
    );
  });
});
