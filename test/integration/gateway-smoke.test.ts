// End-to-end wiring of the gateway: GraphQL over HTTP → yoga → Pothos → loaders → AWS SDK v3 →
// the emulator over HTTP. The thorough behaviour suite lives in the other gateway tests.
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Seed } from '../../src/emulator/index.js';
import { BothDatasetsDocument, type BothDatasetsQuery } from '../__generated__/graphql.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = 'us-east-1:00000000-aaaa-4bbb-8ccc-000000000001';
const IDENTITY = 'us-east-1:00000000-aaaa-4bbb-8ccc-000000000002';
const GROUP_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-group/smoke-shop';

const SEED: Seed = {
  accountId: '123456789012',
  region: 'us-east-1',
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        identities: [
          {
            identityId: IDENTITY,
            datasets: ['settings', 'playlists', 'scores'].map((name, i) => ({
              name,
              creationDate: `2024-02-0${i + 1}T10:00:00.000Z`,
              lastModifiedDate: `2024-03-0${i + 1}T10:00:00.000Z`,
              lastModifiedBy: 'smoke-device',
              records: [{ key: 'k', value: 'v' }],
            })),
          },
        ],
      },
    ],
  },
  personalize: {
    schemas: [
      {
        name: 'smoke-schema',
        schema: JSON.stringify({
          type: 'record',
          name: 'Interactions',
          namespace: 'com.amazonaws.personalize.schema',
          fields: [
            { name: 'USER_ID', type: 'string' },
            { name: 'ITEM_ID', type: 'string' },
            { name: 'TIMESTAMP', type: 'long' },
          ],
          version: '1.0',
        }),
        creationDateTime: '2024-01-01T00:00:00.000Z',
      },
    ],
    datasetGroups: [
      {
        name: 'smoke-shop',
        status: 'ACTIVE',
        creationDateTime: '2024-01-01T00:00:00.000Z',
        datasets: [
          {
            name: 'smoke-interactions',
            datasetType: 'Interactions',
            schemaName: 'smoke-schema',
            status: 'ACTIVE',
            creationDateTime: '2024-01-02T00:00:00.000Z',
          },
          {
            name: 'smoke-items',
            datasetType: 'Items',
            schemaName: 'smoke-schema',
            status: 'CREATE IN_PROGRESS',
            creationDateTime: '2024-01-03T00:00:00.000Z',
          },
        ],
      },
    ],
  },
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: SEED });
});

afterAll(async () => {
  await stack.close();
});

describe('the gateway wired to the emulator', () => {
  it('returns the first page of both connections from the seeded data over HTTP', async () => {
    const response = await stack.graphql<BothDatasetsQuery>(print(BothDatasetsDocument), {
      identityPoolId: POOL,
      identityId: IDENTITY,
      datasetGroupArn: GROUP_ARN,
    });

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const cognito = response.body.data?.cognitoDatasets;
    expect(cognito?.edges.map((edge) => edge.node.datasetName).sort()).toEqual([
      'playlists',
      'scores',
      'settings',
    ]);
    expect(cognito?.totalCount).toBe(3);
    expect(cognito?.pageInfo.hasNextPage).toBe(false);
    const personalize = response.body.data?.personalizeDatasets;
    expect(
      personalize?.edges.map(({ node }) => [node.name, node.datasetType, node.status]).sort(),
    ).toEqual([
      ['smoke-interactions', 'INTERACTIONS', 'ACTIVE'],
      ['smoke-items', 'ITEMS', 'CREATE_IN_PROGRESS'],
    ]);
    expect(personalize?.pageInfo.endCursor).toBe(personalize?.edges.at(-1)?.cursor);
  });

  it('answers five aliases of the same connection with one upstream ListDatasets call', async () => {
    stack.emulator.requests.clear();
    const selection = 'edges { cursor node { datasetArn } } pageInfo { endCursor }';
    const aliases = ['a', 'b', 'c', 'd', 'e'];
    const query = `{ ${aliases.map((alias) => `${alias}: personalizeDatasets(first: 1) { ${selection} }`).join(' ')} }`;

    const response = await stack.graphql<Record<string, unknown>>(query);

    expect(response.body.errors).toBeUndefined();
    const pages = aliases.map((alias) => response.body.data?.[alias]);
    expect(pages[0]).toBeDefined();
    for (const page of pages) expect(page).toEqual(pages[0]);
    expect(
      stack.emulator.requests.count({ service: 'personalize', operation: 'ListDatasets' }),
    ).toBe(1);
  });

  it('rejects a malformed identity id as BAD_USER_INPUT naming the argument, without calling AWS', async () => {
    stack.emulator.requests.clear();

    const response = await stack.graphql(
      'query ($pool: String!) { cognitoDatasets(identityPoolId: $pool, identityId: "nobody") { nodes { datasetName } } }',
      { pool: POOL },
    );

    expect(response.body.data).toEqual({ cognitoDatasets: null });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'identityId',
    });
    expect(stack.emulator.requests.count({ service: 'cognito-sync' })).toBe(0);
  });

  it('answers the health check', async () => {
    const response = await fetch(new URL('/health', stack.url));

    expect(response.status).toBe(200);
  });
});
