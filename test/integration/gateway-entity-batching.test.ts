// Acceptance: objects asked for by key (`_entities`, `node`, `nodes`, a dataset's group) are
// fetched with the fewest upstream calls the APIs allow. Cognito datasets of one identity come
// from one ListDatasets (it returns every field a CognitoDataset has: the same values as
// DescribeDataset), falling back to DescribeDataset for what the listing does not hold; the
// groups of many Personalize datasets come from one ListDatasetGroups unless a Describe-only
// field is selected. Counted with the emulator's request log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  cognitoListingSeed,
  gwCognitoId,
  gwDataset,
  gwGroup,
  GW_ACCOUNT_ID,
  GW_REGION,
  mergeSeeds,
  personalizeSection,
  type DatasetTypeName,
} from '../helpers/gateway-seeds.js';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { globalId } from '../helpers/typed-graphql.js';

const POOL = gwCognitoId(0xb0);
const ALICE = gwCognitoId(0xb001);
const BOB = gwCognitoId(0xb002);
const DATASETS_EACH = 10;

// Six groups holding 15 datasets between them (3, 3, 3, 2, 2, 2).
const GROUP_SIZES = [3, 3, 3, 2, 2, 2] as const;
const TYPES: readonly DatasetTypeName[] = ['Interactions', 'Items', 'Users'];

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [
    { identityId: ALICE, datasetCount: DATASETS_EACH },
    { identityId: BOB, datasetCount: DATASETS_EACH },
  ]),
  {
    accountId: GW_ACCOUNT_ID,
    region: GW_REGION,
    personalize: personalizeSection(
      GROUP_SIZES.map((size, g) =>
        gwGroup(
          `batch-group-${g}`,
          g * 10,
          TYPES.slice(0, size).map((type, t) => gwDataset(`batch-${g}-${t}`, type, g * 10 + t)),
        ),
      ),
    ),
  },
);

const COGNITO_FIELDS = `
  id
  identityPoolId
  identityId
  datasetName
  creationDate
  lastModifiedDate
  lastModifiedBy
  dataStorage
  numRecords
`;

interface CognitoDataset {
  readonly id: string;
  readonly identityPoolId: string;
  readonly identityId: string;
  readonly datasetName: string;
  readonly numRecords: number | null;
}

let stack: Stack;
let listed: Record<string, readonly CognitoDataset[]>;

function calls(service: 'cognito-sync' | 'personalize', operation?: string): number {
  return stack.emulator.requests.count(
    operation === undefined ? { service } : { service, operation },
  );
}

async function ok<T>(response: Promise<GraphQLResponse<T>>): Promise<T> {
  const { body } = await response;
  expect(body.errors).toBeUndefined();
  if (body.data === undefined) throw new Error('no data');
  return body.data;
}

async function listCognito(identityId: string): Promise<readonly CognitoDataset[]> {
  const data = await ok(
    stack.graphql<{ cognitoDatasets: { nodes: CognitoDataset[] } }>(
      `query ($pool: String!, $id: String!) {
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 20) { nodes { ${COGNITO_FIELDS} } }
      }`,
      { pool: POOL, id: identityId },
    ),
  );
  return data.cognitoDatasets.nodes;
}

function entities(representations: readonly Record<string, unknown>[], fields = COGNITO_FIELDS) {
  return stack.graphql<{ _entities: (CognitoDataset | null)[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CognitoDataset { ${fields} } } }`,
    { r: representations },
  );
}

function byKey(identityId: string, datasetName: string) {
  return { __typename: 'CognitoDataset', identityPoolId: POOL, identityId, datasetName };
}

function cognitoGlobalId(identityId: string, datasetName: string): string {
  return globalId('CognitoDataset', [POOL, identityId, datasetName].join('|'));
}

function twentyOfTwoIdentities(): CognitoDataset[] {
  return [...(listed[ALICE] ?? []), ...(listed[BOB] ?? [])];
}

beforeAll(async () => {
  // One attempt per call: the failing-listing test needs no SDK retries (nor their backoff).
  stack = await startStack({
    seed: SEED,
    env: { GATEWAY_SUBGRAPH: 'true', GATEWAY_UPSTREAM_MAX_ATTEMPTS: '1' },
  });
  listed = { [ALICE]: await listCognito(ALICE), [BOB]: await listCognito(BOB) };
  expect([listed[ALICE]?.length, listed[BOB]?.length]).toEqual([DATASETS_EACH, DATASETS_EACH]);
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
});

describe('Cognito datasets by key', () => {
  it('answers 20 `_entities` of 2 identities with one ListDatasets per identity, every field as listed', async () => {
    const wanted = twentyOfTwoIdentities();
    // Both key forms, interleaved across the identities.
    const representations = wanted.map((dataset, index) =>
      index % 2 === 0
        ? { __typename: 'CognitoDataset', id: dataset.id }
        : byKey(dataset.identityId, dataset.datasetName),
    );
    const data = await ok(entities(representations));
    expect(data._entities).toEqual(wanted);
    expect(calls('cognito-sync', 'ListDatasets')).toBe(2);
    expect(stack.emulator.requests.count()).toBe(2);
  });

  it('answers the same 20 through `nodes(ids:)` with 2 upstream calls', async () => {
    const wanted = twentyOfTwoIdentities();
    const data = await ok(
      stack.graphql<{ nodes: unknown[] }>(
        `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on CognitoDataset { ${COGNITO_FIELDS} } } }`,
        { ids: wanted.map((d) => d.id) },
      ),
    );
    expect(data.nodes).toEqual(wanted);
    expect(stack.emulator.requests.count()).toBe(2);
  });

  it('gives from the listing exactly what DescribeDataset gives', async () => {
    const [first] = listed[ALICE] ?? [];
    if (first === undefined) throw new Error('no dataset');
    // One key alone is described.
    const described = await ok(
      stack.graphql<{ node: unknown }>(
        `query ($id: ID!) { node(id: $id) { ... on CognitoDataset { ${COGNITO_FIELDS} } } }`,
        { id: first.id },
      ),
    );
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(1);
    expect(calls('cognito-sync', 'ListDatasets')).toBe(0);
    expect(described.node).toEqual(first);
    expect(described.node).toMatchObject({ numRecords: 1, lastModifiedBy: 'gw-device' });
  });

  it('describes what the listing does not hold: null for a dataset that does not exist', async () => {
    const [a, b] = listed[ALICE] ?? [];
    if (a === undefined || b === undefined) throw new Error('no datasets');
    const data = await ok(
      entities([
        byKey(ALICE, a.datasetName),
        byKey(ALICE, 'no-such-dataset'),
        byKey(ALICE, b.datasetName),
      ]),
    );
    expect(data._entities).toEqual([a, null, b]);
    expect(calls('cognito-sync', 'ListDatasets')).toBe(1);
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(1);
  });

  it('answers every key of an identity whose listing fails with the coded error, and describes none', async () => {
    stack.emulator.faults.set([
      { service: 'cognito-sync', operation: 'ListDatasets', errorRate: 1 },
    ]);
    try {
      const [a, b] = listed[ALICE] ?? [];
      if (a === undefined || b === undefined) throw new Error('no datasets');
      const response = await entities([byKey(ALICE, a.datasetName), byKey(ALICE, b.datasetName)]);
      expect(response.body.data?._entities).toEqual([null, null]);
      const codes = (response.body.errors ?? []).map((e) => [e.path?.[1], e.extensions?.code]);
      expect(codes).toHaveLength(2);
      expect(new Set(codes.map(([, code]) => code)).size).toBe(1);
      expect(codes[0]?.[1]).toMatch(/^UPSTREAM_/);
      expect(calls('cognito-sync', 'DescribeDataset')).toBe(0);
    } finally {
      stack.emulator.faults.set([]);
    }
  });
});

describe('Cognito datasets by key, over a listing of many pages', () => {
  let paged: Stack;

  beforeAll(async () => {
    paged = await startStack({
      seed: SEED,
      env: { GATEWAY_SUBGRAPH: 'true', GATEWAY_COGNITO_PAGE_SIZE: '2' },
    });
  });

  beforeEach(() => {
    paged.emulator.requests.clear();
  });

  afterAll(async () => {
    await paged.close();
  });

  const names = (indexes: readonly number[]) =>
    indexes.map((i) => `ds${DATASETS_EACH}-${String(i).padStart(3, '0')}`);

  async function fetchByIds(datasetNames: readonly string[]) {
    const response = await paged.graphql<{ nodes: ({ datasetName: string } | null)[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on CognitoDataset { datasetName } } }',
      { ids: datasetNames.map((name) => cognitoGlobalId(ALICE, name)) },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.nodes.map((n) => n?.datasetName)).toEqual(datasetNames);
    return {
      list: paged.emulator.requests.count({ service: 'cognito-sync', operation: 'ListDatasets' }),
      describe: paged.emulator.requests.count({
        service: 'cognito-sync',
        operation: 'DescribeDataset',
      }),
    };
  }

  it('pages through the listing while its pages hold the keys', async () => {
    // Datasets 0-3 fill the first two pages of two: 2 calls instead of 4.
    expect(await fetchByIds(names([0, 1, 2, 3]))).toEqual({ list: 2, describe: 0 });
  });

  it('stops at a page that finds fewer keys than pages read, and describes the rest', async () => {
    // Page 1 finds dataset 0; page 2 (1, 2) finds none: stop, describe 5 and 9 (n + 1 calls at most).
    expect(await fetchByIds(names([0, 5, 9]))).toEqual({ list: 2, describe: 2 });
  });
});

describe('the group of each of 15 Personalize datasets in 6 groups', () => {
  interface Listed {
    readonly personalizeDatasets: {
      readonly nodes: readonly {
        readonly name: string;
        readonly datasetGroup: { readonly name: string; readonly roleArn?: string | null } | null;
      }[];
    };
  }

  const query = (groupFields: string) => `{
    personalizeDatasets(first: 15) { nodes { name datasetGroup { ${groupFields} } } }
  }`;

  function expectGroups(data: Listed): void {
    const pairs = data.personalizeDatasets.nodes.map((d) => [d.name, d.datasetGroup?.name]);
    expect(pairs).toHaveLength(15);
    for (const [dataset, group] of pairs) {
      expect(group).toBe(`batch-group-${dataset?.split('-')[1] ?? ''}`);
    }
  }

  it('reads the listed group fields from one ListDatasetGroups', async () => {
    const data = await ok(
      stack.graphql<Listed>(
        query('id name datasetGroupArn status statusName domain creationDateTime failureReason'),
      ),
    );
    expectGroups(data);
    expect(calls('personalize', 'ListDatasets')).toBe(1);
    expect(calls('personalize', 'ListDatasetGroups')).toBe(1);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(0);
  });

  it('describes each distinct group once when a Describe-only field is selected', async () => {
    const data = await ok(
      stack.graphql<Listed>(query('name ... on PersonalizeDatasetGroup { roleArn }')),
    );
    expectGroups(data);
    expect(calls('personalize', 'ListDatasetGroups')).toBe(0);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(GROUP_SIZES.length);
  });

  it('finds a Describe-only field through a named fragment too', async () => {
    await ok(
      stack.graphql<Listed>(
        `${query('...G')} fragment G on PersonalizeDatasetGroup { name kmsKeyArn }`,
      ),
    );
    expect(calls('personalize', 'ListDatasetGroups')).toBe(0);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(GROUP_SIZES.length);
  });
});

describe('with the upstream cache on', () => {
  let cached: Stack;

  beforeAll(async () => {
    cached = await startStack({
      seed: SEED,
      env: { GATEWAY_SUBGRAPH: 'true', GATEWAY_CACHE: 'memory' },
    });
  });

  afterAll(async () => {
    await cached.close();
  });

  it("answers entities from the pages a listing cached, and keeps each identity's pages apart", async () => {
    const listing = await cached.graphql<{ cognitoDatasets: { nodes: CognitoDataset[] } }>(
      `query ($pool: String!, $id: String!) {
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 20) { nodes { ${COGNITO_FIELDS} } }
      }`,
      { pool: POOL, id: ALICE },
    );
    expect(listing.body.errors).toBeUndefined();
    cached.emulator.requests.clear();
    const names = (listing.body.data?.cognitoDatasets.nodes ?? []).slice(0, 3);
    expect(names).toHaveLength(3);
    const response = await cached.graphql<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CognitoDataset { ${COGNITO_FIELDS} } } }`,
      {
        r: [
          ...names.map((d) => byKey(ALICE, d.datasetName)),
          ...names.map((d) => byKey(BOB, d.datasetName)),
        ],
      },
    );
    expect(response.body.errors).toBeUndefined();
    // Alice's from the cached page (the listing's own key); Bob's listing is another key: one call.
    expect(response.body.data?._entities.slice(0, 3)).toEqual(names);
    expect(response.body.data?._entities.slice(3)).toEqual(
      names.map((d) => ({ ...d, id: cognitoGlobalId(BOB, d.datasetName), identityId: BOB })),
    );
    expect(cached.emulator.requests.count({ service: 'cognito-sync' })).toBe(1);
    expect(
      cached.emulator.requests
        .entries({ service: 'cognito-sync' })
        .map((e) => e.input['IdentityId']),
    ).toEqual([BOB]);
  });
});
