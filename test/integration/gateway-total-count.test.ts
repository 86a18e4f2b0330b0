// Acceptance: totalCount is exact when selected, costs nothing when not selected, and is null when
// counting would read more upstream pages than GATEWAY_MAX_WALK_PAGES allows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { listCalls, sdkCognitoNames, sdkPersonalizeArns } from '../helpers/gateway-oracle.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  gwDatasetGroupArn,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0x7c);
const ALICE = gwCognitoId(0x7c01);
const NOBODY = gwCognitoId(0x7c02);
const PAGE = 5;
const COUNT = 30; // six upstream pages of five
const MAX_WALK_PAGES = 6;

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [
    { identityId: ALICE, datasetCount: 12 },
    { identityId: NOBODY, datasetCount: 0 },
  ]),
  personalizeListingSeed(COUNT),
);

interface Counted {
  readonly totalCount?: number | null;
  readonly edges: readonly unknown[];
}

async function personalize(on: Stack, selection: string, groupArn?: string): Promise<Counted> {
  const response = await on.graphql<{ personalizeDatasets: Counted }>(
    `query ($group: String) { personalizeDatasets(datasetGroupArn: $group, first: 2) { ${selection} } }`,
    groupArn === undefined ? {} : { group: groupArn },
  );
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const connection = response.body.data?.personalizeDatasets;
  if (connection === undefined) throw new Error('no connection');
  return connection;
}

async function cognito(on: Stack, identityId: string, selection: string): Promise<Counted> {
  const response = await on.graphql<{ cognitoDatasets: Counted }>(
    `query ($pool: String!, $id: String!) {
      cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) { ${selection} }
    }`,
    { pool: POOL, id: identityId },
  );
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const connection = response.body.data?.cognitoDatasets;
  if (connection === undefined) throw new Error('no connection');
  return connection;
}

describe('within the walk cap', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      env: {
        GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE),
        GATEWAY_COGNITO_PAGE_SIZE: String(PAGE),
        GATEWAY_MAX_WALK_PAGES: String(MAX_WALK_PAGES),
      },
    });
  });

  beforeEach(() => {
    stack.emulator.requests.clear();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('counts every Personalize dataset across all upstream pages, reading each page once', async () => {
    const expected = (await sdkPersonalizeArns(stack.emulator)).length;
    stack.emulator.requests.clear();
    const connection = await personalize(stack, 'totalCount edges { cursor }');
    expect(connection.totalCount).toBe(expected);
    expect(connection.totalCount).toBe(COUNT);
    expect(connection.edges).toHaveLength(2);
    expect(listCalls(stack.emulator, 'personalize')).toBe(COUNT / PAGE);
  });

  it('counts the datasets of one dataset group', async () => {
    const group = gwDatasetGroupArn('bulk-group-2');
    const expected = (await sdkPersonalizeArns(stack.emulator, group)).length;
    const connection = await personalize(stack, 'totalCount', group);
    expect(connection.totalCount).toBe(expected);
    expect(connection.totalCount).toBe(5);
  });

  it("counts a Cognito identity's datasets, and an empty identity as 0", async () => {
    const expected = (await sdkCognitoNames(stack.emulator, POOL, ALICE)).length;
    expect((await cognito(stack, ALICE, 'totalCount')).totalCount).toBe(expected);
    expect((await cognito(stack, NOBODY, 'totalCount')).totalCount).toBe(0);
    expect(
      (await personalize(stack, 'totalCount', gwDatasetGroupArn('no-such-group'))).totalCount,
    ).toBe(0);
  });

  it('makes no extra upstream call when totalCount is not selected', async () => {
    await personalize(stack, 'edges { cursor } pageInfo { hasNextPage }');
    expect(listCalls(stack.emulator, 'personalize')).toBe(1);
    stack.emulator.requests.clear();
    await cognito(stack, ALICE, 'edges { cursor } pageInfo { hasNextPage }');
    expect(listCalls(stack.emulator, 'cognito-sync')).toBe(1);
  });
});

describe('beyond the walk cap', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      env: {
        GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE),
        GATEWAY_COGNITO_PAGE_SIZE: String(PAGE),
        GATEWAY_MAX_WALK_PAGES: String(MAX_WALK_PAGES - 1),
      },
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers totalCount null, still returns the page, and stops reading at the cap', async () => {
    stack.emulator.requests.clear();
    const connection = await personalize(stack, 'totalCount edges { cursor }');
    expect(connection.totalCount).toBeNull();
    expect(connection.edges).toHaveLength(2);
    expect(listCalls(stack.emulator, 'personalize')).toBeLessThanOrEqual(MAX_WALK_PAGES - 1);
  });

  it('still counts a listing that fits within the cap', async () => {
    expect((await cognito(stack, ALICE, 'totalCount')).totalCount).toBe(12);
  });
});
