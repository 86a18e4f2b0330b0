// Acceptance: cursors that outlive the data they point into. When the cursor's own item is gone
// the client gets STALE_CURSOR or, if the gateway recovers, exactly the items that followed it;
// when other items change, or the upstream token inside the cursor expires, paging goes on with
// exactly the right items. Never silently shifted data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  personalizeSection,
  type DatasetTypeName,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  keysOf,
  pageOf,
  personalizeListing,
  type Listing,
  type PageArgs,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0xe1);
const UPSTREAM_PAGE_SIZE = 2;
const TYPES: readonly DatasetTypeName[] = [
  'Interactions',
  'Items',
  'Users',
  'Actions',
  'Action_Interactions',
];

/** Scenario names; each gets its own Personalize group and Cognito identity, so deletions stay local. */
const SCENARIOS = [
  'own-mid-page',
  'own-page-end',
  'own-before',
  'earlier-same-page',
  'earlier-page',
  'later-item',
  'expired-token',
] as const;
type Scenario = (typeof SCENARIOS)[number];

function identityOf(scenario: Scenario): string {
  return gwCognitoId(0xe100 + SCENARIOS.indexOf(scenario));
}

function groupArnOf(scenario: Scenario): string {
  return gwDatasetGroupArn(`stale-${scenario}`);
}

const SEED = mergeSeeds(
  cognitoListingSeed(
    POOL,
    SCENARIOS.map((scenario) => ({ identityId: identityOf(scenario), datasetCount: 8 })),
  ),
  {
    personalize: personalizeSection(
      SCENARIOS.map((scenario, s) =>
        gwGroup(
          `stale-${scenario}`,
          s * 10,
          TYPES.map((type, t) => gwDataset(`stale-${s}-${type.toLowerCase()}`, type, s * 10 + t)),
        ),
      ),
    ),
  },
);

interface ServiceCase {
  readonly service: string;
  readonly upstream: 'personalize' | 'cognito-sync';
  readonly listing: (scenario: Scenario) => Listing<unknown>;
  readonly oracle: (scenario: Scenario) => Promise<string[]>;
  readonly remove: (scenario: Scenario, key: string) => Promise<void>;
}

let stack: Stack;
let clock = Date.now();
const TOKEN_TTL_MS = 60_000;

beforeAll(async () => {
  stack = await startStack({
    seed: SEED,
    // The emulator's clock is moved on by hand to expire its next tokens; its tokens live a minute.
    emulator: { now: () => new Date(clock), tokenTtlMs: TOKEN_TTL_MS },
    env: {
      GATEWAY_PERSONALIZE_PAGE_SIZE: String(UPSTREAM_PAGE_SIZE),
      GATEWAY_COGNITO_PAGE_SIZE: String(UPSTREAM_PAGE_SIZE),
    },
  });
});

afterAll(async () => {
  await stack.close();
});

const CASES: readonly ServiceCase[] = [
  {
    service: 'personalizeDatasets',
    upstream: 'personalize',
    listing: (scenario) => personalizeListing(stack, groupArnOf(scenario)),
    oracle: (scenario) => sdkPersonalizeArns(stack.emulator, groupArnOf(scenario)),
    remove: (_scenario, key) => deletePersonalizeDataset(stack.emulator, key),
  },
  {
    service: 'cognitoDatasets',
    upstream: 'cognito-sync',
    listing: (scenario) => cognitoListing(stack, POOL, identityOf(scenario)),
    oracle: (scenario) => sdkCognitoNames(stack.emulator, POOL, identityOf(scenario)),
    remove: (scenario, key) =>
      deleteCognitoDataset(
        stack.emulator,
        { identityPoolId: POOL, identityId: identityOf(scenario) },
        key,
      ),
  },
];

/** The cursor of the item at `position`, as a client holds it from an earlier page. */
async function cursorAt(listing: Listing<unknown>, position: number): Promise<string> {
  const page = await pageOf(listing, { first: position + 1 });
  const cursor = page.edges[position]?.cursor;
  if (cursor === undefined) throw new Error(`${listing.label} has no item ${position}`);
  return cursor;
}

/**
 * STALE_CURSOR with a null field, or exactly `expected` (the items that really are on the asked
 * side of the cursor's item).
 */
async function expectStaleOrExactly(
  listing: Listing<unknown>,
  args: PageArgs,
  expected: readonly string[],
): Promise<void> {
  const outcome = await listing.fetch(args);
  expect(outcome.status).toBe(200);
  if (outcome.errors.length > 0) {
    expect(outcome.errors.map((error) => error.extensions?.code)).toEqual(['STALE_CURSOR']);
    expect(outcome.connection).toBeNull();
    expect(outcome.errors[0]?.message).not.toMatch(/Exception|\/work\/|\bat .+:\d+:\d+/);
    return;
  }
  const connection = outcome.connection;
  if (connection === null || connection === undefined)
    throw new Error('no connection and no error');
  expect(keysOf(listing, connection)).toEqual(expected);
}

describe.each(CASES)('$service', ({ upstream, listing, oracle, remove }) => {
  it("answers STALE_CURSOR, or exactly the following items, after the cursor's own item is deleted mid upstream page", async () => {
    const original = await oracle('own-mid-page');
    const cursor = await cursorAt(listing('own-mid-page'), 2); // first item of upstream page 2
    await remove('own-mid-page', original[2] ?? '');
    await expectStaleOrExactly(
      listing('own-mid-page'),
      { first: 2, after: cursor },
      original.slice(3, 5),
    );
  });

  it("answers STALE_CURSOR, or exactly the following items, after the cursor's own item is deleted at an upstream page end", async () => {
    const original = await oracle('own-page-end');
    const cursor = await cursorAt(listing('own-page-end'), 3); // last item of upstream page 2
    await remove('own-page-end', original[3] ?? '');
    await expectStaleOrExactly(
      listing('own-page-end'),
      { first: 3, after: cursor },
      original.slice(4, 7),
    );
  });

  it('answers STALE_CURSOR, or exactly the preceding items, for a before cursor whose item is deleted', async () => {
    const original = await oracle('own-before');
    const cursor = await cursorAt(listing('own-before'), 3);
    await remove('own-before', original[3] ?? '');
    await expectStaleOrExactly(
      listing('own-before'),
      { last: 2, before: cursor },
      original.slice(1, 3),
    );
  });

  it('resumes with exactly the next items when an earlier item of the same upstream page is deleted', async () => {
    const original = await oracle('earlier-same-page');
    const cursor = await cursorAt(listing('earlier-same-page'), 3);
    await remove('earlier-same-page', original[2] ?? '');
    const page = await pageOf(listing('earlier-same-page'), { first: 2, after: cursor });
    expect(keysOf(listing('earlier-same-page'), page)).toEqual(original.slice(4, 6));
  });

  it('resumes with exactly the next items, to the end, when an item of an earlier upstream page is deleted', async () => {
    const original = await oracle('earlier-page');
    const cursor = await cursorAt(listing('earlier-page'), 2);
    await remove('earlier-page', original[0] ?? '');
    const page = await pageOf(listing('earlier-page'), { first: 2, after: cursor });
    expect(keysOf(listing('earlier-page'), page)).toEqual(original.slice(3, 5));
    const rest = await walkOnFrom(listing('earlier-page'), page.pageInfo.endCursor ?? '');
    expect(rest).toEqual(original.slice(5));
  });

  it('skips an item deleted after the cursor and goes on with the survivors', async () => {
    const original = await oracle('later-item');
    const cursor = await cursorAt(listing('later-item'), 1);
    await remove('later-item', original[3] ?? '');
    const page = await pageOf(listing('later-item'), { first: 3, after: cursor });
    const survivorsAfterCursor = original.filter((_key, i) => i > 1 && i !== 3);
    expect(keysOf(listing('later-item'), page)).toEqual(survivorsAfterCursor.slice(0, 3));
  });

  it('resumes with exactly the next items when the upstream token inside the cursor has expired', async () => {
    const original = await oracle('expired-token');
    const cursor = await cursorAt(listing('expired-token'), 2); // on upstream page 2: a real token
    // Just past the lifetime: the emulator's signature check allows five minutes of clock skew.
    clock += TOKEN_TTL_MS + 1_000;
    stack.emulator.requests.clear();
    const page = await pageOf(listing('expired-token'), { first: 2, after: cursor });
    expect(keysOf(listing('expired-token'), page)).toEqual(original.slice(3, 5));
    const refused = stack.emulator.requests
      .entries({ service: upstream, operation: 'ListDatasets' })
      .filter((entry) => entry.errorCode !== undefined);
    expect(refused.length, 'the emulator refused the expired token').toBeGreaterThan(0);
    const before = await pageOf(listing('expired-token'), { last: 2, before: cursor });
    expect(keysOf(listing('expired-token'), before)).toEqual(original.slice(0, 2));
  });
});

/** Every key after `after`, walked with first=2. */
async function walkOnFrom(listing: Listing<unknown>, after: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = after;
  for (let pages = 0; pages < 50; pages += 1) {
    const page = await pageOf(listing, { first: 2, after: cursor });
    keys.push(...keysOf(listing, page));
    if (!page.pageInfo.hasNextPage) return keys;
    cursor = page.pageInfo.endCursor ?? '';
  }
  throw new Error('the walk did not end');
}

describe('a walk under deletions', () => {
  it('never repeats or skips a surviving item when items are deleted between pages', async () => {
    // Fresh listing for this test: a Cognito identity of 8 datasets, deleting every third item
    // not yet seen after each page.
    const identity = gwCognitoId(0xe1ff);
    const own = await startStack({
      seed: cognitoListingSeed(POOL, [{ identityId: identity, datasetCount: 8 }]),
      env: { GATEWAY_COGNITO_PAGE_SIZE: '3' },
    });
    try {
      const target = cognitoListing(own, POOL, identity) as Listing<unknown>;
      const original = await sdkCognitoNames(own.emulator, POOL, identity);
      const deleted = new Set<string>();
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 20; pages += 1) {
        const page = await pageOf(target, after === undefined ? { first: 2 } : { first: 2, after });
        seen.push(...keysOf(target, page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? undefined;
        const lastSeen = original.indexOf(seen.at(-1) ?? '');
        const victim = original[lastSeen + 2];
        if (victim !== undefined) {
          deleted.add(victim);
          await deleteCognitoDataset(
            own.emulator,
            { identityPoolId: POOL, identityId: identity },
            victim,
          );
        }
      }
      expect(seen).toEqual(original.filter((key) => !deleted.has(key)));
      expect(deleted.size).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});
