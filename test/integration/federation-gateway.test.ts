// Acceptance: the gateway as an Apollo Federation v2 subgraph behind a real Apollo Gateway,
// composed with a second subgraph (accounts) that references datasets by key. A query crossing
// both subgraphs gets our fields, and the entity fetch is batched: one `_entities` request per
// entity type, one Describe call per distinct key however often accounts repeat it. `_entities`
// sent directly: unknown keys are null, malformed keys are BAD_USER_INPUT errors for that entity.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  TestFederationKeysDocument,
  type TestFederationKeysQuery,
} from '../__generated__/graphql.js';
import { startAccountsSubgraph, type AccountRecord } from '../helpers/accounts-subgraph.js';
import { startApolloGateway, type RunningApolloGateway } from '../helpers/apollo-gateway.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  gwDataset,
  gwDatasetGroupArn,
  gwGroup,
  GW_ACCOUNT_ID,
  GW_REGION,
  mergeSeeds,
  personalizeSection,
} from '../helpers/gateway-seeds.js';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { data, globalId } from '../helpers/typed-graphql.js';

const POOL = gwCognitoId(0xfe);
const ALICE = gwCognitoId(0xfe01);
const BOB = gwCognitoId(0xfe02);

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [
    { identityId: ALICE, datasetCount: 3 },
    { identityId: BOB, datasetCount: 1 },
  ]),
  {
    accountId: GW_ACCOUNT_ID,
    region: GW_REGION,
    personalize: personalizeSection([
      gwGroup('fed-movies', 0, [
        gwDataset('movies-interactions', 'Interactions', 1),
        gwDataset('movies-items', 'Items', 2),
        gwDataset('movies-users', 'Users', 3),
      ]),
      gwGroup('fed-books', 10, [
        gwDataset('books-interactions', 'Interactions', 11),
        gwDataset('books-items', 'Items', 12),
      ]),
    ]),
  },
);

type ListedDataset = NonNullable<TestFederationKeysQuery['personalizeDatasets']>['nodes'][number];
type ListedGroup = NonNullable<
  TestFederationKeysQuery['personalizeDatasetGroups']
>['nodes'][number];
type ListedCognitoDataset = NonNullable<
  TestFederationKeysQuery['cognitoDatasets']
>['nodes'][number];

let stack: Stack;
let accounts: Awaited<ReturnType<typeof startAccountsSubgraph>>;
let gateway: RunningApolloGateway;
let datasets: Map<string, ListedDataset>;
let groups: Map<string, ListedGroup>;
const closers: (() => Promise<void>)[] = [];
let aliceDatasets: readonly ListedCognitoDataset[];
let bobDatasets: readonly ListedCognitoDataset[];

function found<T>(map: ReadonlyMap<string, T>, name: string): T {
  const value = map.get(name);
  if (value === undefined) throw new Error(`nothing named ${name}`);
  return value;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

function cognitoKey(dataset: ListedCognitoDataset) {
  return {
    identityPoolId: dataset.identityPoolId,
    identityId: dataset.identityId,
    datasetName: dataset.datasetName,
  };
}

// Three accounts naming four distinct Personalize datasets seven times, two distinct Cognito
// datasets three times, and two distinct dataset groups (by global id) twice.
function accountRecords(): AccountRecord[] {
  const arn = (name: string) => found(datasets, name).datasetArn;
  return [
    {
      id: 'acct-1',
      name: 'Ada',
      favoriteDatasetArns: [arn('movies-interactions'), arn('movies-items')],
      cognitoDataset: cognitoKey(at(aliceDatasets, 0)),
      pinnedGroupId: found(groups, 'fed-movies').id,
    },
    {
      id: 'acct-2',
      name: 'Grace',
      favoriteDatasetArns: [arn('movies-items'), arn('books-interactions')],
      cognitoDataset: cognitoKey(at(aliceDatasets, 0)),
      pinnedGroupId: found(groups, 'fed-books').id,
    },
    {
      id: 'acct-3',
      name: 'Linus',
      favoriteDatasetArns: [
        arn('books-items'),
        arn('movies-interactions'),
        arn('books-interactions'),
      ],
      cognitoDataset: cognitoKey(at(bobDatasets, 0)),
      pinnedGroupId: null,
    },
  ];
}

beforeAll(async () => {
  stack = await startStack({ seed: SEED, env: { GATEWAY_SUBGRAPH: 'true' } });
  closers.push(() => stack.close());
  const alice = await data(stack, TestFederationKeysDocument, {
    identityPoolId: POOL,
    identityId: ALICE,
  });
  const bob = await data(stack, TestFederationKeysDocument, {
    identityPoolId: POOL,
    identityId: BOB,
  });
  datasets = new Map((alice.personalizeDatasets?.nodes ?? []).map((d) => [d.name, d]));
  groups = new Map((alice.personalizeDatasetGroups?.nodes ?? []).map((g) => [g.name, g]));
  aliceDatasets = alice.cognitoDatasets?.nodes ?? [];
  bobDatasets = bob.cognitoDatasets?.nodes ?? [];
  expect([datasets.size, groups.size, aliceDatasets.length, bobDatasets.length]).toEqual([
    5, 2, 3, 1,
  ]);

  accounts = await startAccountsSubgraph(accountRecords());
  closers.push(() => accounts.close());
  gateway = await startApolloGateway([
    { name: 'datasets', url: stack.url },
    { name: 'accounts', url: accounts.url },
  ]);
  closers.push(() => gateway.close());
});

beforeEach(() => {
  stack.emulator.requests.clear();
  gateway.fetches.length = 0;
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function post<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLResponse<T>['body'],
  };
}

function calls(service: 'cognito-sync' | 'personalize', operation: string): number {
  return stack.emulator.requests.count({ service, operation });
}

/** The representations of each `_entities` fetch the gateway sent to our subgraph. */
function entityFetches(): { readonly __typename: string }[][] {
  return gateway.fetches
    .filter((f) => f.subgraph === 'datasets' && f.query.includes('_entities'))
    .map((f) => f.variables['representations'] as { __typename: string }[]);
}

const ACCOUNTS_WITH_DATASETS = /* GraphQL */ `
  query AccountsWithDatasets {
    accounts {
      id
      name
      favoriteDatasets {
        id
        name
        datasetArn
        datasetTypeName
        datasetGroup {
          name
          datasetGroupArn
        }
      }
      cognitoDataset {
        id
        datasetName
        identityId
        numRecords
      }
    }
  }
`;

interface AccountsWithDatasets {
  readonly accounts: readonly {
    readonly id: string;
    readonly name: string;
    readonly favoriteDatasets: readonly unknown[];
    readonly cognitoDataset: unknown;
  }[];
}

describe('a query across the accounts subgraph and ours, through Apollo Gateway', () => {
  it('gets each referenced dataset with our fields, its group and the Cognito dataset', async () => {
    const response = await post<AccountsWithDatasets>(gateway.url, ACCOUNTS_WITH_DATASETS);
    expect(response.body.errors).toBeUndefined();

    const dataset = (name: string) => {
      const listed = found(datasets, name);
      const groupName = name.startsWith('movies-') ? 'fed-movies' : 'fed-books';
      return {
        id: listed.id,
        name,
        datasetArn: listed.datasetArn,
        datasetTypeName: listed.datasetTypeName,
        datasetGroup: { name: groupName, datasetGroupArn: gwDatasetGroupArn(groupName) },
      };
    };
    const cognito = (listed: ListedCognitoDataset) => ({
      id: listed.id,
      datasetName: listed.datasetName,
      identityId: listed.identityId,
      numRecords: 1,
    });
    expect(response.body.data?.accounts).toEqual([
      {
        id: 'acct-1',
        name: 'Ada',
        favoriteDatasets: [dataset('movies-interactions'), dataset('movies-items')],
        cognitoDataset: cognito(at(aliceDatasets, 0)),
      },
      {
        id: 'acct-2',
        name: 'Grace',
        favoriteDatasets: [dataset('movies-items'), dataset('books-interactions')],
        cognitoDataset: cognito(at(aliceDatasets, 0)),
      },
      {
        id: 'acct-3',
        name: 'Linus',
        favoriteDatasets: [
          dataset('books-items'),
          dataset('movies-interactions'),
          dataset('books-interactions'),
        ],
        cognitoDataset: cognito(at(bobDatasets, 0)),
      },
    ]);
  });

  it('fetches each entity type in one `_entities` request and each distinct key once upstream', async () => {
    await post(gateway.url, ACCOUNTS_WITH_DATASETS);

    // The gateway sends every reference, repeats included, in one request per entity type...
    const fetched = entityFetches();
    const typenames = fetched.map((representations) => [
      ...new Set(representations.map((r) => r.__typename)),
    ]);
    expect(typenames.sort()).toEqual([['CognitoDataset'], ['PersonalizeDataset']]);
    const personalize = fetched.find((r) => r[0]?.__typename === 'PersonalizeDataset') ?? [];
    const cognito = fetched.find((r) => r[0]?.__typename === 'CognitoDataset') ?? [];
    expect([personalize.length, cognito.length]).toEqual([7, 3]);

    // ...and our loaders turn them into one Describe call per distinct dataset; the two distinct
    // groups (only listed fields selected) come from one ListDatasetGroups page; the two Cognito
    // datasets are of two identities, one key each: one Describe each.
    expect(calls('personalize', 'DescribeDataset')).toBe(4);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(0);
    expect(calls('personalize', 'ListDatasetGroups')).toBe(1);
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(2);
    expect(calls('personalize', 'ListDatasets') + calls('cognito-sync', 'ListDatasets')).toBe(0);
  });

  it('resolves a dataset group referenced by its global id, with its nested datasets', async () => {
    interface PinnedGroups {
      readonly accounts: readonly {
        readonly name: string;
        readonly pinnedGroup: {
          readonly name: string;
          readonly datasets: { readonly nodes: readonly { readonly name: string }[] };
        } | null;
      }[];
    }
    const response = await post<PinnedGroups>(
      gateway.url,
      /* GraphQL */ `
        {
          accounts {
            name
            pinnedGroup {
              name
              datasets(first: 5) {
                nodes {
                  name
                }
              }
            }
          }
        }
      `,
    );
    expect(response.body.errors).toBeUndefined();
    // The listing order is the upstream's; what matters is which datasets each group holds.
    const pinned = response.body.data?.accounts.map((account) => [
      account.name,
      account.pinnedGroup?.name ?? null,
      account.pinnedGroup?.datasets.nodes.map((d) => d.name).sort() ?? null,
    ]);
    expect(pinned).toEqual([
      ['Ada', 'fed-movies', ['movies-interactions', 'movies-items', 'movies-users']],
      ['Grace', 'fed-books', ['books-interactions', 'books-items']],
      ['Linus', null, null],
    ]);
    expect(entityFetches().map((r) => r.map((rep) => rep.__typename))).toEqual([
      ['PersonalizeDatasetGroup', 'PersonalizeDatasetGroup'],
    ]);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(2);
    expect(calls('personalize', 'ListDatasets')).toBe(2);
  });

  it('composed the supergraph from our live `_service { sdl }` with our keys', () => {
    expect(gateway.supergraphSdl).toContain(
      '@join__type(graph: DATASETS, key: "identityPoolId identityId datasetName")',
    );
    expect(gateway.supergraphSdl).toContain('@join__type(graph: DATASETS, key: "datasetArn")');
    expect(gateway.supergraphSdl).toContain('@join__type(graph: DATASETS, key: "datasetGroupArn")');
  });
});

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on PersonalizeDataset {
        name
      }
      ... on PersonalizeDatasetGroup {
        name
      }
      ... on CognitoDataset {
        datasetName
      }
    }
  }
`;

type Entity = { readonly __typename: string } & Record<string, unknown>;

function entities(representations: readonly Record<string, unknown>[]) {
  return post<{ _entities: (Entity | null)[] }>(stack.url, ENTITIES, { representations });
}

describe('_entities sent to our subgraph directly', () => {
  it('resolves every key form, and one Describe call per distinct object across key forms', async () => {
    const dataset = found(datasets, 'movies-items');
    const group = found(groups, 'fed-books');
    const alice = at(aliceDatasets, 1);
    const response = await entities([
      { __typename: 'PersonalizeDataset', datasetArn: dataset.datasetArn },
      { __typename: 'PersonalizeDataset', id: dataset.id },
      { __typename: 'PersonalizeDataset', datasetArn: dataset.datasetArn },
      { __typename: 'PersonalizeDatasetGroup', datasetGroupArn: group.datasetGroupArn },
      { __typename: 'PersonalizeDatasetGroup', id: group.id },
      { __typename: 'CognitoDataset', ...cognitoKey(alice) },
      { __typename: 'CognitoDataset', id: alice.id },
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?._entities).toEqual([
      { __typename: 'PersonalizeDataset', name: 'movies-items' },
      { __typename: 'PersonalizeDataset', name: 'movies-items' },
      { __typename: 'PersonalizeDataset', name: 'movies-items' },
      { __typename: 'PersonalizeDatasetGroup', name: 'fed-books' },
      { __typename: 'PersonalizeDatasetGroup', name: 'fed-books' },
      { __typename: 'CognitoDataset', datasetName: alice.datasetName },
      { __typename: 'CognitoDataset', datasetName: alice.datasetName },
    ]);
    expect(calls('personalize', 'DescribeDataset')).toBe(1);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(1);
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(1);
  });

  it('is null for a well-formed key of an object that does not exist', async () => {
    const arnPrefix = `arn:aws:personalize:${GW_REGION}:${GW_ACCOUNT_ID}`;
    const response = await entities([
      { __typename: 'PersonalizeDataset', datasetArn: `${arnPrefix}:dataset/fed-none/ITEMS` },
      {
        __typename: 'PersonalizeDatasetGroup',
        id: globalId('PersonalizeDatasetGroup', gwDatasetGroupArn('fed-none')),
      },
      {
        __typename: 'CognitoDataset',
        identityPoolId: POOL,
        identityId: ALICE,
        datasetName: 'none',
      },
      { __typename: 'PersonalizeDataset', datasetArn: found(datasets, 'books-items').datasetArn },
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?._entities).toEqual([
      null,
      null,
      null,
      { __typename: 'PersonalizeDataset', name: 'books-items' },
    ]);
  });

  it('answers a malformed key with BAD_USER_INPUT for that entity alone, before any upstream call', async () => {
    const dataset = found(datasets, 'books-items');
    const cognitoId = at(aliceDatasets, 0).id;
    const response = await entities([
      { __typename: 'PersonalizeDataset', datasetArn: 'not-an-arn' },
      { __typename: 'PersonalizeDataset', id: 'not base64!' },
      { __typename: 'PersonalizeDataset', id: cognitoId },
      { __typename: 'PersonalizeDataset' },
      { __typename: 'PersonalizeDataset', datasetArn: 42 },
      { __typename: 'CognitoDataset', identityPoolId: POOL, identityId: ALICE },
      { __typename: 'CognitoDataset', identityPoolId: 'pool', identityId: ALICE, datasetName: 'x' },
      { __typename: 'PersonalizeDatasetGroup', datasetGroupArn: '' },
      { __typename: 'PersonalizeDataset', datasetArn: dataset.datasetArn },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.data?._entities).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      { __typename: 'PersonalizeDataset', name: 'books-items' },
    ]);
    const errors = response.body.errors ?? [];
    const errorIndexes = errors.map((e) => (e.path?.[0] === '_entities' ? e.path[1] : e.path));
    expect(errorIndexes.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const error of errors) {
      expect(error.extensions?.code, error.message).toBe('BAD_USER_INPUT');
      expect(error.message).not.toMatch(/\bat .+\.(ts|js):\d+/);
    }
    const messageAt = (index: number) => errors.find((e) => e.path?.[1] === index)?.message;
    expect(messageAt(2)).toMatch(/names a CognitoDataset, not a PersonalizeDataset/);
    expect(messageAt(3)).toMatch(/lacks `datasetArn`; it needs `id` or `datasetArn`/);
    expect(messageAt(5)).toMatch(/lacks `datasetName`/);
    expect(calls('personalize', 'DescribeDataset')).toBe(1);
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(0);
  });

  it.each([
    ['a type that does not exist', { __typename: 'NoSuchType', id: 'x' }],
    ['a type that is not an entity', { __typename: 'PageInfo', hasNextPage: true }],
    ['no __typename', { datasetArn: 'arn' }],
    ['not an object', 'PersonalizeDataset'],
  ] as const)(
    'refuses a representation of %s with BAD_USER_INPUT before any upstream call',
    async (_what, representation) => {
      const datasetArn = found(datasets, 'books-items').datasetArn;
      const response = await post<{ _entities: unknown }>(stack.url, ENTITIES, {
        representations: [{ __typename: 'PersonalizeDataset', datasetArn }, representation],
      });
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.message).toMatch(
        /^representations\[1\] must be an object whose __typename is an entity of this subgraph \(CognitoDataset, PersonalizeDataset, PersonalizeDatasetGroup\)/,
      );
      expect(stack.emulator.requests.count()).toBe(0);
    },
  );
});
