// Acceptance: the gateway asks the upstream only for what a request needs. Counts come from the
// emulator's request log; upstream pages hold 5 items, so which pages a request needs is known.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { listCalls, sdkCognitoNames, sdkPersonalizeArns } from '../helpers/gateway-oracle.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  gwDatasetGroupArn,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  keysOf,
  pageOf,
  personalizeListing,
  walkForward,
  type Listing,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0x9a);
const ALICE = gwCognitoId(0x9a01);
const BOB = gwCognitoId(0x9a02);
const PAGE = 5;
const COUNT = 30;

let stack: Stack;
let arns: string[];

beforeAll(async () => {
  stack = await startStack({
    seed: mergeSeeds(
      cognitoListingSeed(POOL, [
        { identityId: ALICE, datasetCount: 12 },
        { identityId: BOB, datasetCount: 4 },
      ]),
      personalizeListingSeed(COUNT),
    ),
    env: { GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE), GATEWAY_COGNITO_PAGE_SIZE: String(PAGE) },
  });
  arns = await sdkPersonalizeArns(stack.emulator);
  expect(arns).toHaveLength(COUNT);
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
});

interface Nodes {
  readonly nodes: readonly { readonly name?: string; readonly datasetName?: string }[];
}

async function query<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await stack.graphql<T>(document, variables);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  if (response.body.data === undefined) throw new Error('no data');
  return response.body.data;
}

describe('one request, one upstream call per distinct upstream page', () => {
  it('makes one ListDatasets call for five aliases of the same connection', async () => {
    const data = await query<Record<string, Nodes>>(`{
      a: personalizeDatasets(first: 3) { nodes { name } }
      b: personalizeDatasets(first: 3) { nodes { name } }
      c: personalizeDatasets(first: 3) { nodes { name } }
      d: personalizeDatasets(first: 3) { nodes { name } }
      e: personalizeDatasets(first: 3) { nodes { name } }
    }`);
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    const pages = Object.values(data).map((page) => page.nodes);
    expect(pages).toHaveLength(5);
    for (const nodes of pages) expect(nodes).toEqual(pages[0]);
  });

  it('makes one ListDatasets call for aliases with different page sizes inside one upstream page', async () => {
    const data = await query<Record<string, Nodes>>(`{
      one: personalizeDatasets(first: 1) { nodes { name } }
      two: personalizeDatasets(first: 2) { nodes { name } }
      three: personalizeDatasets(first: 3) { nodes { name } }
      four: personalizeDatasets(first: 4) { nodes { name } }
    }`);
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(data['four']?.nodes.slice(0, 3)).toEqual(data['three']?.nodes);
  });

  it('makes one ListDatasets call for the same connection selected in two fragments', async () => {
    const data = await query<{ personalizeDatasets: { nodes: unknown[]; edges: unknown[] } }>(`
      query { ...Names ...Cursors }
      fragment Names on Query { personalizeDatasets(first: 3) { nodes { name } } }
      fragment Cursors on Query { personalizeDatasets(first: 3) { edges { cursor } } }
    `);
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(data.personalizeDatasets.nodes).toHaveLength(3);
    expect(data.personalizeDatasets.edges).toHaveLength(3);
  });

  it('makes one call per identity for five aliases over two identities', async () => {
    await query(
      `query ($pool: String!, $alice: String!, $bob: String!) {
        a1: cognitoDatasets(identityPoolId: $pool, identityId: $alice, first: 2) { nodes { datasetName } }
        a2: cognitoDatasets(identityPoolId: $pool, identityId: $alice, first: 2) { nodes { datasetName } }
        a3: cognitoDatasets(identityPoolId: $pool, identityId: $alice, first: 3) { nodes { datasetName } }
        b1: cognitoDatasets(identityPoolId: $pool, identityId: $bob, first: 2) { nodes { datasetName } }
        b2: cognitoDatasets(identityPoolId: $pool, identityId: $bob, first: 1) { nodes { datasetName } }
      }`,
      { pool: POOL, alice: ALICE, bob: BOB },
    );
    const calls = stack.emulator.requests.entries({
      service: 'cognito-sync',
      operation: 'ListDatasets',
    });
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.input['IdentityId']).sort()).toEqual([ALICE, BOB].sort());
  });

  it('makes two calls for two different dataset groups, one for each', async () => {
    const groups = [gwDatasetGroupArn('bulk-group-0'), gwDatasetGroupArn('bulk-group-1')];
    await query(
      `query ($g0: String!, $g1: String!) {
        a: personalizeDatasets(datasetGroupArn: $g0, first: 2) { nodes { name } }
        b: personalizeDatasets(datasetGroupArn: $g1, first: 2) { nodes { name } }
        c: personalizeDatasets(datasetGroupArn: $g0, first: 2) { nodes { name } }
      }`,
      { g0: groups[0], g1: groups[1] },
    );
    const calls = stack.emulator.requests.entries({
      service: 'personalize',
      operation: 'ListDatasets',
    });
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.input['datasetGroupArn']).sort()).toEqual([...groups].sort());
  });

  it('keeps listings apart: aliases over six dataset groups each get their own group', async () => {
    const groups = Array.from({ length: 6 }, (_, g) => gwDatasetGroupArn(`bulk-group-${g}`));
    const aliases = groups
      .flatMap((_, g) => [
        `g${g}a: personalizeDatasets(datasetGroupArn: $g${g}, first: 5) { nodes { datasetArn } }`,
        `g${g}b: personalizeDatasets(datasetGroupArn: $g${g}, first: 2) { nodes { datasetArn } }`,
      ])
      .join('\n');
    const variables = Object.fromEntries(groups.map((arn, g) => [`g${g}`, arn]));
    const data = await query<Record<string, { nodes: { datasetArn: string }[] }>>(
      `query (${groups.map((_, g) => `$g${g}: String!`).join(', ')}) { ${aliases} }`,
      variables,
    );
    expect(listCalls(stack.emulator, 'personalize')).toBe(groups.length);
    for (const [g, arn] of groups.entries()) {
      const expected = await sdkPersonalizeArns(stack.emulator, arn);
      expect(data[`g${g}a`]?.nodes.map((node) => node.datasetArn)).toEqual(expected);
      expect(data[`g${g}b`]?.nodes.map((node) => node.datasetArn)).toEqual(expected.slice(0, 2));
    }
  });

  it('makes one call for each connection when a request asks for both', async () => {
    await query(
      `query ($pool: String!, $id: String!) {
        personalizeDatasets(first: 2) { nodes { name } }
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) { nodes { datasetName } }
      }`,
      { pool: POOL, id: ALICE },
    );
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(listCalls(stack.emulator, 'cognito-sync')).toBe(1);
  });

  it('sends the configured upstream page size, never the client’s first, as MaxResults', async () => {
    await query('{ personalizeDatasets(first: 2) { nodes { name } } }');
    await query(
      `query ($pool: String!, $id: String!) {
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) { nodes { datasetName } }
      }`,
      { pool: POOL, id: ALICE },
    );
    const [personalizeCall] = stack.emulator.requests.entries({ service: 'personalize' });
    const [cognitoCall] = stack.emulator.requests.entries({ service: 'cognito-sync' });
    expect(Number(personalizeCall?.input['maxResults'])).toBe(PAGE);
    expect(Number(cognitoCall?.input['MaxResults'])).toBe(PAGE);
  });
});

describe('paging costs only the upstream pages the page needs', () => {
  let cursors: string[] = [];

  beforeAll(async () => {
    const walk = await walkForward(personalizeListing(stack), () => 1);
    cursors = walk.pages.map((page) => page.pageInfo.endCursor ?? '');
    expect(walk.keys).toEqual(arns);
  });

  it('takes first: 5, then first: 5 after its endCursor, inside one upstream page: one call per request', async () => {
    // Default upstream page sizes (100 and 20): both pages and their lookahead sit in the first.
    const wide = await startStack({
      seed: mergeSeeds(
        cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 12 }]),
        personalizeListingSeed(COUNT),
      ),
    });
    try {
      const cases = [
        { service: 'personalize', listing: personalizeListing(wide) as Listing<unknown> },
        { service: 'cognito-sync', listing: cognitoListing(wide, POOL, ALICE) as Listing<unknown> },
      ] as const;
      for (const { service, listing } of cases) {
        wide.emulator.requests.clear();
        const first = await pageOf(listing, { first: 5 });
        expect(listCalls(wide.emulator, service)).toBe(1);
        wide.emulator.requests.clear();
        const second = await pageOf(listing, { first: 5, after: first.pageInfo.endCursor ?? '' });
        expect(listCalls(wide.emulator, service)).toBe(1);
        const keys = [...keysOf(listing, first), ...keysOf(listing, second)];
        expect(new Set(keys).size).toBe(10);
      }
    } finally {
      await wide.close();
    }
  });

  /** Upstream pages holding ordinals from..to (inclusive). */
  function pagesSpanning(from: number, to: number): number {
    return Math.floor(to / PAGE) - Math.floor(from / PAGE) + 1;
  }

  it.each([
    [0, 1],
    [3, 2],
    [4, 1],
    [4, 5],
    [12, 3],
    [14, 10],
    [22, 4],
    [24, 5],
    [27, 1],
    [28, 5],
  ])(
    'fetches, after the cursor of item %i with first: %i, only the cursor’s page through the lookahead item',
    async (position, first) => {
      const listing = personalizeListing(stack);
      const cursor = cursors[position] ?? '';
      const page = await pageOf(listing, { first, after: cursor });
      expect(keysOf(listing, page)).toEqual(arns.slice(position + 1, position + 1 + first));
      const lookahead = Math.min(position + first + 1, COUNT - 1);
      expect(listCalls(stack.emulator, 'personalize')).toBe(pagesSpanning(position, lookahead));
    },
  );

  it('reads a Cognito identity of 12 datasets in pages of 5 with one call per page it needs', async () => {
    const names = await sdkCognitoNames(stack.emulator, POOL, ALICE);
    stack.emulator.requests.clear();
    const data = await query<{ cognitoDatasets: Nodes }>(
      `query ($pool: String!, $id: String!) {
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 5) { nodes { datasetName } }
      }`,
      { pool: POOL, id: ALICE },
    );
    expect(data.cognitoDatasets.nodes.map((node) => node.datasetName)).toEqual(names.slice(0, 5));
    expect(listCalls(stack.emulator, 'cognito-sync')).toBe(2); // five items and the lookahead
  });
});
