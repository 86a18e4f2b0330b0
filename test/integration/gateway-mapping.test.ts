// Acceptance: the first page of each connection carries every dataset member, mapped the way the
// schema promises (DateTime as ISO-8601, enums plus raw names, the pool id on Cognito items),
// checked against the seed and against the same listing read with the AWS SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Seed } from '../../src/emulator/index.js';
import { TestPersonalizeNamesDocument } from '../__generated__/graphql.js';
import { sdkCognitoDatasets, sdkPersonalizeDatasets } from '../helpers/gateway-oracle.js';
import {
  GW_ACCOUNT_ID,
  GW_REGION,
  gwCognitoId,
  gwDataset,
  gwDatasetGroupArn,
  gwGroup,
  gwTime,
  personalizeSection,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  pageOf,
  personalizeListing,
  type CognitoNode,
  type Listing,
  type PersonalizeNode,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { run } from '../helpers/typed-graphql.js';

const POOL = gwCognitoId(0xa1);
const ALICE = gwCognitoId(1);
const BOB = gwCognitoId(2);
const NOBODY = gwCognitoId(3);

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Raw AWS status → the enum value clients see; 'ARCHIVED' is a value the schema does not know. */
const STATUS_CASES = [
  ['retail-interactions', 'Interactions', 'ACTIVE', 'INTERACTIONS', 'ACTIVE'],
  ['retail-items', 'Items', 'CREATE PENDING', 'ITEMS', 'CREATE_PENDING'],
  ['retail-users', 'Users', 'CREATE IN_PROGRESS', 'USERS', 'CREATE_IN_PROGRESS'],
  ['retail-actions', 'Actions', 'ARCHIVED', 'ACTIONS', 'UNKNOWN'],
  [
    'retail-action-inter',
    'Action_Interactions',
    'CREATE FAILED',
    'ACTION_INTERACTIONS',
    'CREATE_FAILED',
  ],
  ['media-interactions', 'Interactions', 'DELETE PENDING', 'INTERACTIONS', 'DELETE_PENDING'],
  ['media-items', 'Items', 'DELETE IN_PROGRESS', 'ITEMS', 'DELETE_IN_PROGRESS'],
  ['media-users', 'Users', 'UPDATE PENDING', 'USERS', 'UPDATE_PENDING'],
] as const;

const SEED: Seed = {
  accountId: GW_ACCOUNT_ID,
  region: GW_REGION,
  personalize: personalizeSection([
    gwGroup('gw-retail', 0, [
      gwDataset('retail-interactions', 'Interactions', 1, { lastUpdatedDateTime: gwTime(30) }),
      gwDataset('retail-items', 'Items', 2, { status: 'CREATE PENDING' }),
      gwDataset('retail-users', 'Users', 3, { status: 'CREATE IN_PROGRESS' }),
      gwDataset('retail-actions', 'Actions', 4, { status: 'ARCHIVED' }),
      gwDataset('retail-action-inter', 'Action_Interactions', 5, { status: 'CREATE FAILED' }),
    ]),
    gwGroup('gw-media', 10, [
      gwDataset('media-interactions', 'Interactions', 11, { status: 'DELETE PENDING' }),
      gwDataset('media-items', 'Items', 12, { status: 'DELETE IN_PROGRESS' }),
      gwDataset('media-users', 'Users', 13, { status: 'UPDATE PENDING' }),
    ]),
  ]),
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        identities: [
          {
            identityId: ALICE,
            datasets: [
              {
                name: 'profile',
                creationDate: gwTime(0),
                lastModifiedDate: gwTime(5),
                lastModifiedBy: 'phone-1',
                records: [
                  { key: 'name', value: 'Alice' },
                  { key: 'email', value: 'alice@example.com' },
                ],
              },
              {
                name: 'settings',
                creationDate: gwTime(1),
                lastModifiedDate: gwTime(7),
                lastModifiedBy: 'tablet-2',
                records: [{ key: 'theme', value: 'dark' }],
              },
              { name: 'empty.one', creationDate: gwTime(2), records: [] },
            ],
          },
          {
            identityId: BOB,
            datasets: [
              { name: 'bob:prefs', creationDate: gwTime(3), records: [{ key: 'a', value: 'b' }] },
            ],
          },
          { identityId: NOBODY, datasets: [] },
        ],
      },
    ],
  },
};

function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

function expectIsoInstant(value: string | null, expected: string | null): void {
  if (expected === null) {
    expect(value).toBeNull();
    return;
  }
  expect(value).toMatch(ISO_UTC);
  expect(Date.parse(value ?? '')).toBe(Date.parse(expected));
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: SEED });
});

afterAll(async () => {
  await stack.close();
});

describe('personalizeDatasets, first page', () => {
  it('lists every dataset of every group in the order the SDK lists them, with every member mapped', async () => {
    const page = await pageOf(personalizeListing(stack), { first: 50 });
    const upstream = await sdkPersonalizeDatasets(stack.emulator);

    expect(page.nodes.map((node) => node.datasetArn)).toEqual(
      upstream.map((item) => item.datasetArn),
    );
    upstream.forEach((item, i) => {
      const node = page.nodes[i] as PersonalizeNode;
      expect(node.name).toBe(item.name);
      expect(node.datasetTypeName).toBe(item.datasetType);
      expect(node.statusName).toBe(item.status);
      expectIsoInstant(node.creationDateTime, iso(item.creationDateTime));
      expectIsoInstant(node.lastUpdatedDateTime, iso(item.lastUpdatedDateTime));
    });
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it.each(STATUS_CASES)(
    'maps %s (%s, status "%s") to datasetType %s and status %s, keeping both raw names',
    async (name, rawType, rawStatus, type, status) => {
      const page = await pageOf(personalizeListing(stack), { first: 50 });
      const node = page.nodes.find((candidate) => candidate.name === name);
      expect(node).toMatchObject({
        datasetType: type,
        datasetTypeName: rawType,
        status,
        statusName: rawStatus,
      });
    },
  );

  it('reports creation and update times as ISO-8601 UTC strings equal to the seeded instants', async () => {
    const page = await pageOf(personalizeListing(stack), { first: 50 });
    const updated = page.nodes.find((node) => node.name === 'retail-interactions');
    expectIsoInstant(updated?.creationDateTime ?? null, gwTime(1));
    expectIsoInstant(updated?.lastUpdatedDateTime ?? null, gwTime(30));
  });

  it('builds dataset ARNs from the account, the region and the group', async () => {
    const page = await pageOf(personalizeListing(stack), { first: 50 });
    for (const node of page.nodes) {
      expect(node.datasetArn).toMatch(
        new RegExp(`^arn:aws:personalize:${GW_REGION}:${GW_ACCOUNT_ID}:dataset/gw-(retail|media)/`),
      );
    }
  });

  it('lists only the datasets of the dataset group a client names', async () => {
    const group = gwDatasetGroupArn('gw-media');
    const page = await pageOf(personalizeListing(stack, group), { first: 50 });
    const upstream = await sdkPersonalizeDatasets(stack.emulator, group);

    expect(page.nodes.map((node) => node.name)).toEqual(upstream.map((item) => item.name));
    expect(page.nodes.map((node) => node.name).sort()).toEqual([
      'media-interactions',
      'media-items',
      'media-users',
    ]);
  });

  it('returns the default page size of datasets when the client passes neither first nor last', async () => {
    const page = await pageOf(personalizeListing(stack), {});
    expect(page.nodes).toHaveLength(STATUS_CASES.length);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('serves the connection, nodes and edges, under any selection of fields', async () => {
    const response = await run(stack, TestPersonalizeNamesDocument, { first: 2 });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.personalizeDatasets?.nodes).toHaveLength(2);
  });
});

describe('cognitoDatasets, first page', () => {
  it("lists an identity's datasets in the order the SDK lists them, with every member mapped", async () => {
    const page = await pageOf(cognitoListing(stack, POOL, ALICE), { first: 20 });
    const upstream = await sdkCognitoDatasets(stack.emulator, POOL, ALICE);

    expect(page.nodes.map((node) => node.datasetName)).toEqual(
      upstream.map((item) => item.DatasetName),
    );
    upstream.forEach((item, i) => {
      const node = page.nodes[i] as CognitoNode;
      expect(node.identityPoolId).toBe(POOL);
      expect(node.identityId).toBe(ALICE);
      expect(node.lastModifiedBy).toBe(item.LastModifiedBy ?? null);
      expect(node.dataStorage).toBe(item.DataStorage ?? null);
      expect(node.numRecords).toBe(item.NumRecords ?? null);
      expectIsoInstant(node.creationDate, iso(item.CreationDate));
      expectIsoInstant(node.lastModifiedDate, iso(item.LastModifiedDate));
    });
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('reports the seeded names, writers, record counts and dates', async () => {
    const page = await pageOf(cognitoListing(stack, POOL, ALICE), { first: 20 });
    const profile = page.nodes.find((node) => node.datasetName === 'profile');
    expect(profile).toMatchObject({
      identityPoolId: POOL,
      identityId: ALICE,
      lastModifiedBy: 'phone-1',
      numRecords: 2,
    });
    expect(profile?.dataStorage).toBeGreaterThan(0);
    expectIsoInstant(profile?.creationDate ?? null, gwTime(0));
    expectIsoInstant(profile?.lastModifiedDate ?? null, gwTime(5));
    const empty = page.nodes.find((node) => node.datasetName === 'empty.one');
    expect(empty).toMatchObject({ numRecords: 0, dataStorage: 0 });
  });

  it("lists only the asked identity's datasets, dataset names with ':' included", async () => {
    const page = await pageOf(cognitoListing(stack, POOL, BOB), {});
    expect(page.nodes.map((node) => [node.identityId, node.datasetName])).toEqual([
      [BOB, 'bob:prefs'],
    ]);
  });
});

describe('empty listings', () => {
  it.each([
    [
      'an identity without datasets',
      (): Listing<unknown> => cognitoListing(stack, POOL, NOBODY) as Listing<unknown>,
    ],
    [
      'an identity the pool does not know',
      (): Listing<unknown> => cognitoListing(stack, POOL, gwCognitoId(0xdead)) as Listing<unknown>,
    ],
    [
      'a dataset group without datasets',
      (): Listing<unknown> =>
        personalizeListing(stack, gwDatasetGroupArn('nothing-here')) as Listing<unknown>,
    ],
  ])('returns no edges, null cursors and no further pages for %s', async (_label, listingOf) => {
    for (const args of [{}, { first: 5 }, { last: 5 }]) {
      const page = await pageOf(listingOf(), args);
      expect(page.edges).toEqual([]);
      expect(page.nodes).toEqual([]);
      expect(page.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
    }
  });
});
