// Acceptance: Relay forward and backward pagination over both connections, with the upstream page
// size forced small so walks cross many upstream pages; every walk is compared with the listing
// the AWS SDK itself returns from the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eventually } from '../helpers/eventually.js';
import {
  deleteCognitoDataset,
  deletePersonalizeDataset,
  sdkCognitoNames,
  sdkPersonalizeArns,
} from '../helpers/gateway-oracle.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  gwDataset,
  gwDatasetGroupArn,
  gwGroup,
  mergeSeeds,
  personalizeListingSeed,
  personalizeSection,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  keysOf,
  pageOf,
  personalizeListing,
  walkBackward,
  walkForward,
  type Listing,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0xb1);
const ELEVEN = gwCognitoId(11);
const PERSONALIZE_COUNT = 17;
const UPSTREAM_PAGE_SIZE = 3;
const DEFAULT_PAGE_SIZE = 5;

interface Case {
  readonly name: string;
  readonly listing: () => Listing<unknown>;
  readonly oracle: () => Promise<string[]>;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    seed: mergeSeeds(
      cognitoListingSeed(POOL, [{ identityId: ELEVEN, datasetCount: 11 }]),
      personalizeListingSeed(PERSONALIZE_COUNT),
    ),
    env: {
      GATEWAY_PERSONALIZE_PAGE_SIZE: String(UPSTREAM_PAGE_SIZE),
      GATEWAY_COGNITO_PAGE_SIZE: String(UPSTREAM_PAGE_SIZE),
      GATEWAY_DEFAULT_PAGE_SIZE: String(DEFAULT_PAGE_SIZE),
    },
  });
});

afterAll(async () => {
  await stack.close();
});

const CASES: readonly Case[] = [
  {
    name: 'personalizeDatasets (17 datasets, upstream pages of 3)',
    listing: () => personalizeListing(stack),
    oracle: () => sdkPersonalizeArns(stack.emulator),
  },
  {
    name: 'cognitoDatasets (11 datasets, upstream pages of 3)',
    listing: () => cognitoListing(stack, POOL, ELEVEN),
    oracle: () => sdkCognitoNames(stack.emulator, POOL, ELEVEN),
  },
];

describe.each(CASES)('$name', ({ listing, oracle }) => {
  let expected: string[];

  beforeAll(async () => {
    expected = await oracle();
    expect(expected.length).toBeGreaterThan(10);
  });

  it.each([1, 2, 3, 4, 5, 7, 10, 11, 16, 17, 18, 100])(
    'walks forward with first=%i and after=endCursor through every item once, in upstream order',
    async (k) => {
      const walk = await walkForward(listing(), () => k);
      expect(walk.keys).toEqual(expected);
      expect(walk.pages).toHaveLength(Math.max(1, Math.ceil(expected.length / k)));
      walk.pages.forEach((page, i) => {
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
      });
      expect(walk.pages.at(-1)?.pageInfo.hasNextPage).toBe(false);
    },
  );

  it.each([1, 2, 3, 4, 5, 7, 10, 11, 17, 100])(
    'walks backward with last=%i and before=startCursor through every item once, edges in forward order',
    async (k) => {
      const walk = await walkBackward(listing(), () => k);
      expect(walk.keys).toEqual(expected);
      expect(walk.pages).toHaveLength(Math.max(1, Math.ceil(expected.length / k)));
      expect(walk.pages[0]?.pageInfo.hasPreviousPage).toBe(false);
    },
  );

  it('answers last alone with the final items, more before them, nothing after', async () => {
    const page = await pageOf(listing(), { last: 4 });
    expect(keysOf(listing(), page)).toEqual(expected.slice(-4));
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('answers last alone with the whole listing when last covers it, and nothing before', async () => {
    for (const last of [expected.length, 100]) {
      const page = await pageOf(listing(), { last });
      expect(keysOf(listing(), page)).toEqual(expected);
      expect(page.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    }
  });

  it('continues after any cursor with exactly the next items, and before it with exactly the previous ones', async () => {
    const one = await walkForward(listing(), () => 1);
    const cursors = one.pages.map((page) => page.pageInfo.endCursor ?? '');
    for (const position of [0, 1, 2, 3, 5, 8, expected.length - 2, expected.length - 1]) {
      const cursor = cursors[position] ?? '';
      const after = await pageOf(listing(), { first: 3, after: cursor });
      expect(keysOf(listing(), after)).toEqual(expected.slice(position + 1, position + 4));
      expect(after.pageInfo.hasNextPage).toBe(position + 4 < expected.length);

      const before = await pageOf(listing(), { last: 3, before: cursor });
      expect(keysOf(listing(), before)).toEqual(
        expected.slice(Math.max(0, position - 3), position),
      );
      expect(before.pageInfo.hasPreviousPage).toBe(position > 3);
    }
  });

  it("resumes at the same place from an item's cursor whichever page size reached it", async () => {
    const byOne = await walkForward(listing(), () => 1);
    const byFour = await walkForward(listing(), () => 4);
    const cursorsByOne = byOne.pages.flatMap((page) => page.edges.map((edge) => edge.cursor));
    const cursorsByFour = byFour.pages.flatMap((page) => page.edges.map((edge) => edge.cursor));
    // Cursors are opaque; what a client relies on is that each one resumes at the same place.
    for (const [i, cursor] of cursorsByFour.entries()) {
      const fromFour = await pageOf(listing(), { first: 2, after: cursor });
      const fromOne = await pageOf(listing(), { first: 2, after: cursorsByOne[i] ?? '' });
      expect(keysOf(listing(), fromFour)).toEqual(keysOf(listing(), fromOne));
    }
  });

  it('applies after and before first, then slices with first or last, as the Relay spec orders it', async () => {
    const all = await pageOf(listing(), { first: 100 });
    const after = all.edges[2]?.cursor ?? '';
    const before = all.edges[7]?.cursor ?? '';
    const cases = [
      { args: { first: 2, after, before }, keys: expected.slice(3, 5), more: 'hasNextPage' },
      { args: { last: 2, after, before }, keys: expected.slice(5, 7), more: 'hasPreviousPage' },
      { args: { first: 2, before }, keys: expected.slice(0, 2), more: 'hasNextPage' },
      { args: { last: 2, after }, keys: expected.slice(-2), more: 'hasPreviousPage' },
      { args: { first: 10, after, before }, keys: expected.slice(3, 7), more: undefined },
    ] as const;
    for (const { args, keys, more } of cases) {
      const page = await pageOf(listing(), args);
      expect(keysOf(listing(), page), JSON.stringify(Object.keys(args))).toEqual(keys);
      if (more !== undefined) expect(page.pageInfo[more]).toBe(true);
    }
  });

  it('returns the default page size when neither first nor last is given', async () => {
    const page = await pageOf(listing(), {});
    expect(keysOf(listing(), page)).toEqual(expected.slice(0, DEFAULT_PAGE_SIZE));
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('answers first=0 with no edges, null cursors and hasNextPage true', async () => {
    const page = await pageOf(listing(), { first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
  });

  it('answers after the last item with no edges and no next page', async () => {
    const all = await pageOf(listing(), { first: 100 });
    const page = await pageOf(listing(), { first: 5, after: all.pageInfo.endCursor ?? '' });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('answers before the first item with no edges and no previous page', async () => {
    const first = await pageOf(listing(), { first: 1 });
    const page = await pageOf(listing(), { last: 5, before: first.pageInfo.startCursor ?? '' });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('puts endCursor on the last edge and startCursor on the first, page after page', async () => {
    const walk = await walkForward(listing(), () => 4);
    for (const page of walk.pages) {
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
    }
  });
});

// The upstream can hand out a next token and then, when the gateway follows it, an empty page:
// here the items after the token's position are deleted between the two upstream calls. The page
// the client gets must still say there is nothing more.
describe('a next token followed by an empty upstream page', () => {
  const SHRINK_POOL = gwCognitoId(0xb2);
  const SHRINKING = gwCognitoId(12);
  const GROUP = 'shrinking';
  let shrinkStack: Stack;

  beforeAll(async () => {
    shrinkStack = await startStack({
      seed: mergeSeeds(
        cognitoListingSeed(SHRINK_POOL, [{ identityId: SHRINKING, datasetCount: 4 }]),
        {
          personalize: personalizeSection([
            gwGroup(GROUP, 0, [
              gwDataset('shrink-a', 'Interactions', 1),
              gwDataset('shrink-b', 'Items', 2),
              gwDataset('shrink-c', 'Users', 3),
              gwDataset('shrink-d', 'Actions', 4),
            ]),
          ]),
        },
      ),
      env: { GATEWAY_PERSONALIZE_PAGE_SIZE: '3', GATEWAY_COGNITO_PAGE_SIZE: '3' },
    });
  });

  afterAll(async () => {
    await shrinkStack.close();
  });

  it.each([
    {
      service: 'personalize' as const,
      listing: () => personalizeListing(shrinkStack, gwDatasetGroupArn(GROUP)) as Listing<unknown>,
      deleteFourth: async (key: string) => {
        await deletePersonalizeDataset(shrinkStack.emulator, key);
      },
    },
    {
      service: 'cognito-sync' as const,
      listing: () => cognitoListing(shrinkStack, SHRINK_POOL, SHRINKING) as Listing<unknown>,
      deleteFourth: async (key: string) => {
        await deleteCognitoDataset(
          shrinkStack.emulator,
          { identityPoolId: SHRINK_POOL, identityId: SHRINKING },
          key,
        );
      },
    },
  ])(
    '$service: reports hasNextPage false on the final page',
    async ({ service, listing, deleteFourth }) => {
      const before = await pageOf(listing(), { first: 3 });
      expect(before.pageInfo.hasNextPage).toBe(true);
      const all = await pageOf(listing(), { first: 10 });
      const fourth = keysOf(listing(), all)[3] ?? '';

      // The deletion lands between the first page (which still carries a next token) and the page
      // that token leads to: once the first call is answered and the second is at the emulator,
      // held there by the latency.
      const emulator = shrinkStack.emulator;
      emulator.requests.clear();
      emulator.faults.set([{ service, operation: 'ListDatasets', latencyMs: 600 }]);
      try {
        const pending = listing().fetch({ first: 3 });
        await eventually('the second ListDatasets call at the emulator', () => {
          const answered = emulator.requests.entries({ service, operation: 'ListDatasets' });
          const held = emulator.requests.inFlight({ service, operation: 'ListDatasets' });
          return answered.length === 1 && answered[0]?.status === 200 && held.length === 1;
        });
        await deleteFourth(fourth);
        const outcome = await pending;
        expect(outcome.errors).toEqual([]);
        expect(outcome.connection?.edges).toHaveLength(3);
        expect(outcome.connection?.pageInfo.hasNextPage).toBe(false);
      } finally {
        emulator.faults.clear();
      }
      const calls = emulator.requests.entries({ service, operation: 'ListDatasets' });
      expect(calls).toHaveLength(2);
      expect(JSON.stringify(calls[1]?.input).toLowerCase()).toContain('nexttoken');
    },
  );
});
