// Acceptance: Personalize dataset groups as a connection, each with its own nested `datasets`
// connection, and every dataset's `datasetGroup`. The N+1 shapes cost one upstream call per
// distinct group (counted in the emulator's request log), and nested cursors are bound to their
// group. Upstream pages hold 3 items, so listings span several pages.
import type { RequestLogEntry } from '../../src/emulator/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  TestDatasetsWithGroupDocument,
  TestGroupDatasetsPageDocument,
  TestGroupsPageDocument,
  TestGroupsWithDatasetsDocument,
  type TestGroupDatasetsPageQuery,
  type TestGroupsPageQuery,
} from '../__generated__/graphql.js';
import { personalizeClient } from '../helpers/emulator.js';
import { sdkPersonalizeArns } from '../helpers/gateway-oracle.js';
import {
  GW_ACCOUNT_ID,
  GW_REGION,
  gwDatasetGroupArn,
  gwTime,
  personalizeListingSeed,
  personalizeSection,
} from '../helpers/gateway-seeds.js';
import { datasetGroupArns, walkDatasetGroups } from '../helpers/personalize.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { data, globalId, run } from '../helpers/typed-graphql.js';

const PAGE = 3;
const BULK_GROUPS = 20;
const ROLE_ARN = `arn:aws:iam::${GW_ACCOUNT_ID}:role/PersonalizeAccess`;
const VOD_GROUP = gwDatasetGroupArn('vod-group');
const ODD_GROUP = gwDatasetGroupArn('odd-group');

let stack: Stack;
/** Every group ARN in ListDatasetGroups order, read with the SDK. */
let groupArns: string[];
/** The groups that hold five datasets each, in the same order. */
let bulkArns: string[];

beforeAll(async () => {
  const bulk = personalizeListingSeed(BULK_GROUPS * 5).personalize?.datasetGroups ?? [];
  stack = await startStack({
    seed: {
      accountId: GW_ACCOUNT_ID,
      region: GW_REGION,
      personalize: personalizeSection([
        ...bulk,
        {
          name: 'vod-group',
          status: 'CREATE IN_PROGRESS',
          domain: 'VIDEO_ON_DEMAND',
          roleArn: ROLE_ARN,
          creationDateTime: gwTime(500),
          datasets: [],
        },
        {
          name: 'odd-group',
          status: 'ARCHIVED',
          failureReason: 'archived by a test',
          creationDateTime: gwTime(501),
          datasets: [],
        },
      ]),
    },
    env: { GATEWAY_PERSONALIZE_PAGE_SIZE: String(PAGE) },
  });
  const client = personalizeClient(stack.emulator);
  try {
    groupArns = datasetGroupArns((await walkDatasetGroups(client, 7)).items);
  } finally {
    client.destroy();
  }
  expect(groupArns).toHaveLength(BULK_GROUPS + 2);
  bulkArns = groupArns.filter((arn) => arn !== VOD_GROUP && arn !== ODD_GROUP);
});

beforeEach(() => {
  stack.emulator.requests.clear();
  stack.emulator.faults.clear();
});

afterAll(async () => {
  await stack.close();
});

function calls(operation: string): number {
  return stack.emulator.requests.count({ service: 'personalize', operation });
}

function overlaps(a: RequestLogEntry, b: RequestLogEntry): boolean {
  return a.startedAt < b.startedAt + b.durationMs && b.startedAt < a.startedAt + a.durationMs;
}

describe('personalizeDatasetGroups', () => {
  it('walks every dataset group exactly once, in the upstream order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const result: TestGroupsPageQuery = await data(stack, TestGroupsPageDocument, {
        first: 4,
        after,
      });
      const connection = result.personalizeDatasetGroups;
      if (connection === null) throw new Error('no connection');
      seen.push(...connection.edges.map((edge) => edge.node.datasetGroupArn));
      expect(connection.totalCount).toBe(groupArns.length);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(groupArns);
  });

  it('pages backward from a cursor', async () => {
    const forward = await data(stack, TestGroupsPageDocument, { first: 10 });
    const tenth = forward.personalizeDatasetGroups?.edges[9];
    if (tenth === undefined) throw new Error('no tenth edge');
    const backward = await data(stack, TestGroupsPageDocument, { last: 3, before: tenth.cursor });
    expect(backward.personalizeDatasetGroups?.edges.map((e) => e.node.datasetGroupArn)).toEqual(
      groupArns.slice(6, 9),
    );
    expect(backward.personalizeDatasetGroups?.pageInfo).toMatchObject({
      hasPreviousPage: true,
      hasNextPage: true,
    });
  });

  it('maps status and domain onto enums and keeps the names AWS sent', async () => {
    const result = await data(stack, TestGroupsWithDatasetsDocument, {
      first: groupArns.length,
      datasetsFirst: 1,
    });
    const groups = new Map(
      result.personalizeDatasetGroups?.edges.map((edge) => [edge.node.datasetGroupArn, edge.node]),
    );
    expect(groups.get(VOD_GROUP)).toMatchObject({
      name: 'vod-group',
      status: 'CREATE_IN_PROGRESS',
      statusName: 'CREATE IN_PROGRESS',
      domain: 'VIDEO_ON_DEMAND',
      domainName: 'VIDEO_ON_DEMAND',
      datasets: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
    expect(groups.get(ODD_GROUP)).toMatchObject({
      status: 'UNKNOWN',
      statusName: 'ARCHIVED',
      domain: null,
      domainName: null,
    });
  });

  it('gives each group a global id that node(id) resolves to the same group', async () => {
    const result = await data(stack, TestGroupsWithDatasetsDocument, { first: 2 });
    for (const edge of result.personalizeDatasetGroups?.edges ?? []) {
      expect(edge.node.id).toBe(globalId('PersonalizeDatasetGroup', edge.node.datasetGroupArn));
      const page = await data(stack, TestGroupDatasetsPageDocument, { id: edge.node.id });
      expect(page.node).toMatchObject({ datasetGroupArn: edge.node.datasetGroupArn });
    }
  });

  it('rejects a cursor of another listing with BAD_USER_INPUT and no upstream call', async () => {
    const foreign = await stack.graphql<{
      personalizeDatasets: { pageInfo: { endCursor: string } };
    }>(`{ personalizeDatasets(first: 1) { pageInfo { endCursor } } }`);
    const cursor = foreign.body.data?.personalizeDatasets.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    stack.emulator.requests.clear();
    const response = await run(stack, TestGroupsPageDocument, { first: 2, after: cursor ?? null });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'after',
    });
    expect(stack.emulator.requests.count()).toBe(0);
  });
});

describe('nested datasets of each group', () => {
  it('costs one ListDatasets call per listed group, issued concurrently', async () => {
    // Latency makes concurrent calls overlap in the log; sequential calls never do.
    stack.emulator.faults.set([
      { service: 'personalize', operation: 'ListDatasets', latencyMs: 40 },
    ]);
    const result = await data(stack, TestGroupsWithDatasetsDocument, {
      first: BULK_GROUPS,
      datasetsFirst: 2,
    });
    const groups = result.personalizeDatasetGroups?.edges.map((edge) => edge.node) ?? [];
    expect(groups.map((group) => group.datasetGroupArn)).toEqual(groupArns.slice(0, BULK_GROUPS));

    const listCalls = stack.emulator.requests.entries({
      service: 'personalize',
      operation: 'ListDatasets',
    });
    expect(listCalls).toHaveLength(BULK_GROUPS);
    expect(new Set(listCalls.map((entry) => entry.input['datasetGroupArn']))).toEqual(
      new Set(groupArns.slice(0, BULK_GROUPS)),
    );
    expect(listCalls.some((a, i) => listCalls.slice(i + 1).some((b) => overlaps(a, b)))).toBe(true);

    for (const group of groups) {
      const expected = await sdkPersonalizeArns(stack.emulator, group.datasetGroupArn);
      expect(group.datasets?.nodes.map((node) => node.datasetArn)).toEqual(expected.slice(0, 2));
      expect(group.datasets?.pageInfo.hasNextPage).toBe(expected.length > 2);
    }
  });

  it('walks every dataset of a group exactly once, across upstream pages', async () => {
    for (const groupArn of bulkArns.slice(0, 3)) {
      const expected = await sdkPersonalizeArns(stack.emulator, groupArn);
      expect(expected.length).toBeGreaterThan(PAGE);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: TestGroupDatasetsPageQuery = await data(
          stack,
          TestGroupDatasetsPageDocument,
          {
            id: globalId('PersonalizeDatasetGroup', groupArn),
            first: 2,
            after,
          },
        );
        const connection =
          result.node?.__typename === 'PersonalizeDatasetGroup' ? result.node.datasets : null;
        if (connection === null) throw new Error('no datasets');
        seen.push(...connection.edges.map((edge) => edge.node.datasetArn));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor ?? null;
      }
      expect(seen).toEqual(expected);
    }
  });

  it("rejects one group's cursor on another group with BAD_USER_INPUT and no ListDatasets call", async () => {
    const [groupA, groupB] = bulkArns;
    const first = await data(stack, TestGroupDatasetsPageDocument, {
      id: globalId('PersonalizeDatasetGroup', groupA ?? ''),
      first: 1,
    });
    const cursor =
      first.node?.__typename === 'PersonalizeDatasetGroup'
        ? first.node.datasets?.pageInfo.endCursor
        : null;
    expect(cursor).toEqual(expect.any(String));
    stack.emulator.requests.clear();

    const response = await run(stack, TestGroupDatasetsPageDocument, {
      id: globalId('PersonalizeDatasetGroup', groupB ?? ''),
      first: 1,
      after: cursor ?? null,
    });
    expect(response.body.data?.node).toMatchObject({ datasetGroupArn: groupB, datasets: null });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]).toMatchObject({
      path: ['node', 'datasets'],
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
    expect(calls('ListDatasets')).toBe(0);
  });

  it('rejects a nested cursor on the unfiltered personalizeDatasets listing', async () => {
    const first = await data(stack, TestGroupDatasetsPageDocument, {
      id: globalId('PersonalizeDatasetGroup', bulkArns[0] ?? ''),
      first: 1,
    });
    const cursor =
      first.node?.__typename === 'PersonalizeDatasetGroup'
        ? first.node.datasets?.pageInfo.endCursor
        : null;
    stack.emulator.requests.clear();
    const response = await stack.graphql(
      `query ($after: String) { personalizeDatasets(first: 1, after: $after) { nodes { name } } }`,
      { after: cursor },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests.count()).toBe(0);
  });
});

describe('PersonalizeDataset.datasetGroup', () => {
  it('costs one DescribeDatasetGroup call per distinct group, however many datasets ask', async () => {
    const result = await data(stack, TestDatasetsWithGroupDocument, { first: 100 });
    const datasets = result.personalizeDatasets?.nodes ?? [];
    expect(datasets).toHaveLength(BULK_GROUPS * 5);
    for (const dataset of datasets) {
      expect(dataset.datasetGroup).toMatchObject({
        datasetGroupArn: dataset.datasetGroupArn,
        id: globalId('PersonalizeDatasetGroup', dataset.datasetGroupArn ?? ''),
        status: 'ACTIVE',
        roleArn: null,
      });
      expect(dataset.datasetArn.replace(':dataset/', ':dataset-group/')).toMatch(
        new RegExp(`^${dataset.datasetGroupArn ?? '-'}/`),
      );
    }
    expect(calls('DescribeDatasetGroup')).toBe(BULK_GROUPS);
    // The group ARN is read from the dataset ARN: no DescribeDataset call.
    expect(calls('DescribeDataset')).toBe(0);
  });

  it('costs one DescribeDatasetGroup call for twenty datasets of the same group', async () => {
    const groupArn = bulkArns[0] ?? '';
    const aliases = ['a', 'b', 'c', 'd']
      .map(
        (alias) =>
          `${alias}: personalizeDatasets(datasetGroupArn: $arn) { nodes { datasetGroup { name roleArn } } }`,
      )
      .join('\n');
    const response = await stack.graphql<Record<string, { nodes: { datasetGroup: unknown }[] }>>(
      `query ($arn: String) { ${aliases} }`,
      { arn: groupArn },
    );
    expect(response.body.errors).toBeUndefined();
    const groups = Object.values(response.body.data ?? {}).flatMap((page) =>
      page.nodes.map((node) => node.datasetGroup),
    );
    expect(groups).toHaveLength(20);
    expect(new Set(groups.map((group) => JSON.stringify(group))).size).toBe(1);
    expect(calls('DescribeDatasetGroup')).toBe(1);
  });

  it('reads the fields only DescribeDatasetGroup returns once per group', async () => {
    const result = await data(stack, TestGroupsWithDatasetsDocument, { first: 0 });
    expect(result.personalizeDatasetGroups?.edges).toEqual([]);
    const response = await stack.graphql<{ node: { roleArn: string | null } }>(
      `query ($id: ID!) { node(id: $id) { ... on PersonalizeDatasetGroup { roleArn kmsKeyArn } } }`,
      { id: globalId('PersonalizeDatasetGroup', VOD_GROUP) },
    );
    expect(response.body.data?.node).toEqual({ roleArn: ROLE_ARN, kmsKeyArn: null });
    expect(calls('DescribeDatasetGroup')).toBe(1);
  });
});
