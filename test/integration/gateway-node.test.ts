// Acceptance: Relay Object Identification. Every dataset and dataset group has a global id that
// node(id) and nodes(ids) resolve again through the services' Describe calls, one upstream call
// per distinct id; unknown ids are null, malformed ids BAD_USER_INPUT before any upstream call.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  TestCognitoDatasetIdsDocument,
  TestDatasetGroupIdsDocument,
  TestDescribeOnlyFieldsDocument,
  TestNodeDocument,
  TestNodesDocument,
  TestPersonalizeDatasetIdsDocument,
  type NodeFieldsFragment,
} from '../__generated__/graphql.js';
import {
  cognitoListingSeed,
  GW_ACCOUNT_ID,
  GW_REGION,
  gwCognitoId,
  gwDatasetGroupArn,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { data, globalId, run } from '../helpers/typed-graphql.js';

const POOL = gwCognitoId(0x71);
const ALICE = gwCognitoId(0x7101);
const MAX_NODE_IDS = 8;
const GROUP_0 = gwDatasetGroupArn('bulk-group-0');
const GROUP_1 = gwDatasetGroupArn('bulk-group-1');
const DATASET_ARN_PREFIX = `arn:aws:personalize:${GW_REGION}:${GW_ACCOUNT_ID}:dataset/`;

let stack: Stack;
let cognitoDatasets: readonly NodeFieldsFragment[];
let personalizeDatasets: readonly NodeFieldsFragment[];
let datasetGroups: readonly NodeFieldsFragment[];

beforeAll(async () => {
  stack = await startStack({
    seed: mergeSeeds(
      cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 4 }]),
      personalizeListingSeed(10),
    ),
    env: { GATEWAY_MAX_NODE_IDS: String(MAX_NODE_IDS) },
  });
  cognitoDatasets =
    (await data(stack, TestCognitoDatasetIdsDocument, { identityPoolId: POOL, identityId: ALICE }))
      .cognitoDatasets?.nodes ?? [];
  personalizeDatasets =
    (await data(stack, TestPersonalizeDatasetIdsDocument, {})).personalizeDatasets?.nodes ?? [];
  datasetGroups =
    (await data(stack, TestDatasetGroupIdsDocument, {})).personalizeDatasetGroups?.nodes ?? [];
  expect([cognitoDatasets.length, personalizeDatasets.length, datasetGroups.length]).toEqual([
    4, 10, 2,
  ]);
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
});

function describeCalls(service: 'cognito-sync' | 'personalize', operation: string): number {
  return stack.emulator.requests.count({ service, operation });
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

describe('node(id) refetches what a listing returned', () => {
  it.each([
    ['a Cognito dataset', () => cognitoDatasets, 'cognito-sync', 'DescribeDataset'],
    ['a Personalize dataset', () => personalizeDatasets, 'personalize', 'DescribeDataset'],
    ['a Personalize dataset group', () => datasetGroups, 'personalize', 'DescribeDatasetGroup'],
  ] as const)(
    'gives back %s with the same id and fields, through one Describe call',
    async (_what, listed, service, operation) => {
      for (const item of listed()) {
        stack.emulator.requests.clear();
        const { node } = await data(stack, TestNodeDocument, { id: item.id });
        expect(node).toEqual(item);
        expect(describeCalls(service, operation)).toBe(1);
      }
    },
  );

  it('gives every object a distinct id', () => {
    const ids = [...cognitoDatasets, ...personalizeDatasets, ...datasetGroups].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves the fields only Describe returns', async () => {
    const dataset = await data(stack, TestDescribeOnlyFieldsDocument, {
      id: at(personalizeDatasets, 0).id,
    });
    const described = dataset.node?.__typename === 'PersonalizeDataset' ? dataset.node : null;
    expect(described?.schemaArn).toMatch(/:schema\/gw-schema$/);
    expect(described?.datasetGroupArn).toMatch(/:dataset-group\/bulk-group-\d$/);
    const group = await data(stack, TestDescribeOnlyFieldsDocument, {
      id: globalId('PersonalizeDatasetGroup', GROUP_1),
    });
    expect(group.node).toEqual({
      __typename: 'PersonalizeDatasetGroup',
      id: globalId('PersonalizeDatasetGroup', GROUP_1),
      roleArn: null,
      kmsKeyArn: null,
    });
  });
});

describe('node(id) for an object that does not exist', () => {
  it.each([
    ['CognitoDataset', `${POOL}|${ALICE}|no-such-dataset`, 'cognito-sync', 'DescribeDataset'],
    ['CognitoDataset', `${POOL}|${gwCognitoId(0x7199)}|x`, 'cognito-sync', 'DescribeDataset'],
    [
      'PersonalizeDataset',
      `${DATASET_ARN_PREFIX}no-such-group/ITEMS`,
      'personalize',
      'DescribeDataset',
    ],
    [
      'PersonalizeDatasetGroup',
      gwDatasetGroupArn('no-such-group'),
      'personalize',
      'DescribeDatasetGroup',
    ],
  ] as const)(
    'is null for a well-formed %s id (%s) after asking the upstream',
    async (typename, rawId, service, operation) => {
      const response = await run(stack, TestNodeDocument, { id: globalId(typename, rawId) });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({ node: null });
      expect(describeCalls(service, operation)).toBe(1);
    },
  );
});

describe('a malformed id', () => {
  // "~~~" encodes to "+" characters, which base64url spells differently.
  const withPlus = globalId('PersonalizeDatasetGroup', gwDatasetGroupArn('x~~~'));
  const base64url = withPlus.replaceAll('+', '-').replaceAll('/', '_');
  const malformed: readonly (readonly [string, string])[] = [
    ['not base64', 'not base64!'],
    ['base64url instead of base64', base64url],
    ['without a type name', Buffer.from(GROUP_0.slice(4)).toString('base64')],
    ['with an empty raw id', globalId('PersonalizeDataset', '')],
    ['naming an unknown type', globalId('Dataset', GROUP_0)],
    ['naming a type without ids', globalId('PageInfo', 'x')],
    ['with a Cognito key of two parts', globalId('CognitoDataset', `${POOL}|${ALICE}`)],
    ['with a Cognito key of four parts', globalId('CognitoDataset', `${POOL}|${ALICE}|a|b`)],
    ['with a bad identity pool', globalId('CognitoDataset', `pool|${ALICE}|a`)],
    ['with a bad dataset name', globalId('CognitoDataset', `${POOL}|${ALICE}|bad name`)],
    [
      'with a dataset name too long',
      globalId('CognitoDataset', `${POOL}|${ALICE}|${'n'.repeat(129)}`),
    ],
    ['with a non-ARN dataset', globalId('PersonalizeDataset', 'my-dataset')],
    ['with a non-Personalize ARN', globalId('PersonalizeDatasetGroup', 'arn:aws:s3:::bucket/x')],
    [
      'with an ARN too long',
      globalId('PersonalizeDataset', `${DATASET_ARN_PREFIX}${'g'.repeat(250)}/ITEMS`),
    ],
    ['far too long', 'A'.repeat(4096)],
  ];

  it.each(malformed)(
    '%s is BAD_USER_INPUT for node(id), with no upstream call',
    async (_what, id) => {
      const response = await run(stack, TestNodeDocument, { id });
      expect(response.body.data).toEqual({ node: null });
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors?.[0]).toMatchObject({
        path: ['node'],
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(response.body.errors?.[0]?.message).toMatch(/^Invalid global id: /);
      expect(stack.emulator.requests.count()).toBe(0);
    },
  );

  it('is an id the gateway issued, stripped of its base64 padding', async () => {
    const issued = [...cognitoDatasets, ...personalizeDatasets, ...datasetGroups].map((n) => n.id);
    const padded = issued.find((id) => id.endsWith('='));
    if (padded === undefined) throw new Error('no issued id has base64 padding');
    const response = await run(stack, TestNodeDocument, { id: padded.replace(/=+$/, '') });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it('fails nodes(ids) as a whole, with no upstream call for its valid ids', async () => {
    const response = await run(stack, TestNodesDocument, {
      ids: [
        at(personalizeDatasets, 0).id,
        globalId('CognitoDataset', 'x'),
        at(datasetGroups, 0).id,
      ],
    });
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests.count()).toBe(0);
  });
});

describe('nodes(ids)', () => {
  it('returns objects of every type in the order asked, null in place of unknown ones', async () => {
    const unknown = globalId('PersonalizeDatasetGroup', gwDatasetGroupArn('gone'));
    const asked = [
      at(datasetGroups, 1),
      at(cognitoDatasets, 2),
      null,
      at(personalizeDatasets, 7),
      at(cognitoDatasets, 0),
    ];
    const { nodes } = await data(stack, TestNodesDocument, {
      ids: asked.map((item) => item?.id ?? unknown),
    });
    expect(nodes).toEqual(asked);
  });

  it('makes one upstream call per distinct id however often an id repeats', async () => {
    const a = at(personalizeDatasets, 1);
    const b = at(personalizeDatasets, 2);
    const c = at(cognitoDatasets, 1);
    const g = at(datasetGroups, 0);
    const asked = [a, b, a, c, g, a, c, b];
    const { nodes } = await data(stack, TestNodesDocument, { ids: asked.map((n) => n.id) });
    expect(nodes).toEqual(asked);
    expect(describeCalls('personalize', 'DescribeDataset')).toBe(2);
    expect(describeCalls('cognito-sync', 'DescribeDataset')).toBe(1);
    expect(describeCalls('personalize', 'DescribeDatasetGroup')).toBe(1);
    expect(stack.emulator.requests.count()).toBe(4);
  });

  it('dedupes the same object asked through node and nodes in one request', async () => {
    const target = at(personalizeDatasets, 3);
    const document = `query ($id: ID!) {
      one: node(id: $id) { id }
      two: node(id: $id) { id }
      many: nodes(ids: [$id, $id]) { id }
    }`;
    const response = await stack.graphql(document, { id: target.id });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      one: { id: target.id },
      two: { id: target.id },
      many: [{ id: target.id }, { id: target.id }],
    });
    expect(describeCalls('personalize', 'DescribeDataset')).toBe(1);
  });

  it(`accepts up to GATEWAY_MAX_NODE_IDS (${MAX_NODE_IDS}) ids`, async () => {
    const asked = personalizeDatasets.slice(0, MAX_NODE_IDS);
    const { nodes } = await data(stack, TestNodesDocument, { ids: asked.map((n) => n.id) });
    expect(nodes).toEqual(asked);
  });

  it('refuses more ids than GATEWAY_MAX_NODE_IDS with BAD_USER_INPUT, before any upstream call', async () => {
    const response = await run(stack, TestNodesDocument, {
      ids: personalizeDatasets.slice(0, MAX_NODE_IDS + 1).map((n) => n.id),
    });
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'ids',
    });
    expect(response.body.errors?.[0]?.message).toContain(`at most ${MAX_NODE_IDS}`);
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it('answers an empty list with an empty list and no upstream call', async () => {
    expect(await data(stack, TestNodesDocument, { ids: [] })).toEqual({ nodes: [] });
    expect(stack.emulator.requests.count()).toBe(0);
  });
});
