// Property: whatever sequence of page sizes a client walks with, it sees every item of the listing
// exactly once and in the order the AWS SDK returns them. Runs against the real stack, with upstream
// pages of 3 so every walk crosses many upstream pages and many pages start mid upstream page.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sdkCognitoNames, sdkPersonalizeArns } from '../helpers/gateway-oracle.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  personalizeListing,
  walkBackward,
  walkForward,
  type Listing,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0xc1);
const COGNITO_SIZES = [1, 8, 29] as const;
const PERSONALIZE_SIZES = [1, 8, 32] as const;
const UPSTREAM_PAGE_SIZE = '3';

/** A cycle of page sizes: page n of a walk asks for sizes[n % sizes.length]. */
const pageSizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 });

function cycle(sizes: readonly number[]): (pageNumber: number) => number {
  return (pageNumber) => sizes[pageNumber % sizes.length] ?? 1;
}

interface Group {
  readonly label: string;
  readonly listing: Listing<unknown>;
  readonly expected: readonly string[];
}

async function checkWalks(groups: () => readonly Group[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.nat(), pageSizes, async (pick, sizes) => {
      const all = groups();
      const group = all[pick % all.length];
      if (group === undefined) throw new Error('no listing to walk');
      const walk = await walkForward(group.listing, cycle(sizes));
      expect(walk.keys, group.label).toEqual(group.expected);
    }),
    { numRuns: 20 },
  );
  await fc.assert(
    fc.asyncProperty(fc.nat(), pageSizes, async (pick, sizes) => {
      const all = groups();
      const group = all[pick % all.length];
      if (group === undefined) throw new Error('no listing to walk');
      const walk = await walkBackward(group.listing, cycle(sizes));
      expect(walk.keys, group.label).toEqual(group.expected);
    }),
    { numRuns: 10 },
  );
}

describe('cognitoDatasets: identities of 1, 8 and 29 datasets behind one gateway', () => {
  let stack: Stack;
  let groups: Group[] = [];

  beforeAll(async () => {
    stack = await startStack({
      seed: cognitoListingSeed(
        POOL,
        COGNITO_SIZES.map((size) => ({
          identityId: gwCognitoId(0xc100 + size),
          datasetCount: size,
        })),
      ),
      env: { GATEWAY_COGNITO_PAGE_SIZE: UPSTREAM_PAGE_SIZE },
    });
    groups = await Promise.all(
      COGNITO_SIZES.map(async (size) => {
        const identity = gwCognitoId(0xc100 + size);
        const expected = await sdkCognitoNames(stack.emulator, POOL, identity);
        expect(expected).toHaveLength(size);
        return {
          label: `${size} datasets`,
          listing: cognitoListing(stack, POOL, identity),
          expected,
        };
      }),
    );
  });

  afterAll(async () => {
    await stack.close();
  });

  it('shows every dataset exactly once, in upstream order, for any sequence of first and of last', async () => {
    await checkWalks(() => groups);
  });
});

describe.each(PERSONALIZE_SIZES)('personalizeDatasets: a listing of %i datasets', (size) => {
  let stack: Stack;
  let groups: Group[] = [];

  beforeAll(async () => {
    // The unfiltered listing spans every group, so each size gets its own emulator.
    stack = await startStack({
      seed: mergeSeeds({}, personalizeListingSeed(size)),
      env: { GATEWAY_PERSONALIZE_PAGE_SIZE: UPSTREAM_PAGE_SIZE },
    });
    const expected = await sdkPersonalizeArns(stack.emulator);
    expect(expected).toHaveLength(size);
    groups = [{ label: `${size} datasets`, listing: personalizeListing(stack), expected }];
  });

  afterAll(async () => {
    await stack.close();
  });

  it('shows every dataset exactly once, in upstream order, for any sequence of first and of last', async () => {
    await checkWalks(() => groups);
  });
});
