// Acceptance: the gateway asks the upstream only for what a request needs. Counts come from the
// emulator's request log; upstream pages hold 5 items, so which pages a request needs is known.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  TestBothListingsNamesDocument,
  TestCognitoNamesDocument,
  TestPersonalizeNamesDocument,
  TestSameListingFiveAliasesDocument,
  TestSameListingFourSizesDocument,
  TestSameListingTwoFragmentsDocument,
  TestTwoGroupsThreeAliasesDocument,
  TestTwoIdentitiesFiveAliasesDocument,
} from '../__generated__/graphql.js';

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
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { run } from '../helpers/typed-graphql.js';

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

/** The data of a response that must have no errors. */
function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  if (response.body.data === undefined) throw new Error('no data');
  return response.body.data;
}

async function query<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  return dataOf(await run(stack, document, variables));
}

/** For documents built at run time (an alias fan-out), which no .graphql file can hold. */
async function queryString<T>(document: string, variables: Record<string, unknown>): Promise<T> {
  return dataOf(await stack.graphql<T>(document, variables));
}

/** The nodes of a listing that must not be null (data without errors never holds a null one). */
function nodesOf<N>(listing: { readonly nodes: readonly N[] } | null): readonly N[] {
  if (listing === null) throw new Error('a listing was null');
  return listing.nodes;
}

describe('one request, one upstream call per distinct upstream page', () => {
  it('makes one ListDatasets call for five aliases of the same connection', async () => {
    const data = await query(TestSameListingFiveAliasesDocument, {});
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    const pages = Object.values(data).map(nodesOf);
    expect(pages).toHaveLength(5);
    for (const nodes of pages) expect(nodes).toEqual(pages[0]);
  });

  it('makes one ListDatasets call for aliases with different page sizes inside one upstream page', async () => {
    const data = await query(TestSameListingFourSizesDocument, {});
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(data.four?.nodes.slice(0, 3)).toEqual(data.three?.nodes);
  });

  it('makes one ListDatasets call for the same connection selected in two fragments', async () => {
    const data = await query(TestSameListingTwoFragmentsDocument, {});
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(data.personalizeDatasets?.nodes).toHaveLength(3);
    expect(data.personalizeDatasets?.edges).toHaveLength(3);
  });

  it('makes one call per identity for five aliases over two identities', async () => {
    await query(TestTwoIdentitiesFiveAliasesDocument, {
      identityPoolId: POOL,
      alice: ALICE,
      bob: BOB,
    });
    const calls = stack.emulator.requests.entries({
      service: 'cognito-sync',
      operation: 'ListDatasets',
    });
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.input['IdentityId']).sort()).toEqual([ALICE, BOB].sort());
  });

  it('makes two calls for two different dataset groups, one for each', async () => {
    const groups = [gwDatasetGroupArn('bulk-group-0'), gwDatasetGroupArn('bulk-group-1')] as const;
    await query(TestTwoGroupsThreeAliasesDocument, { g0: groups[0], g1: groups[1] });
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
    const data = await queryString<Record<string, { nodes: { datasetArn: string }[] }>>(
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
    await query(TestBothListingsNamesDocument, { identityPoolId: POOL, identityId: ALICE });
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    expect(listCalls(stack.emulator, 'cognito-sync')).toBe(1);
  });

  it('sends the configured upstream page size, never the client’s first, as MaxResults', async () => {
    await query(TestPersonalizeNamesDocument, { first: 2 });
    await query(TestCognitoNamesDocument, { identityPoolId: POOL, identityId: ALICE, first: 2 });
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
    const data = await query(TestCognitoNamesDocument, {
      identityPoolId: POOL,
      identityId: ALICE,
      first: 5,
    });
    expect(nodesOf(data.cognitoDatasets).map((node) => node.datasetName)).toEqual(
      names.slice(0, 5),
    );
    expect(listCalls(stack.emulator, 'cognito-sync')).toBe(2); // five items and the lookahead
  });
});
