// GATEWAY_MAX_UPSTREAM_CALLS over real HTTP against the emulator: a request whose plan needs more
// upstream calls than the ceiling is refused before any call (the amplification finding: one
// 88 KB nodes(ids:) request used to make 700 Describe calls); ids repeated across fields count
// once; and calls only the answers reveal (a backward walk) stop at the ceiling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { personalizeListingSeed } from '../helpers/gateway-seeds.js';
import { startStack, type Stack } from '../helpers/stack.js';

const DATASETS = 700;
const MAX_NODE_IDS = 100;

let stack: Stack;
let ids: string[];

beforeAll(async () => {
  stack = await startStack({
    seed: personalizeListingSeed(DATASETS),
    env: { GATEWAY_PERSONALIZE_PAGE_SIZE: '100', GATEWAY_MAX_COST: '1000000' },
  });
  ids = [];
  let after: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof listPage>> = await listPage(after);
    ids.push(...page.nodes.map((node) => node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
});

afterAll(async () => {
  await stack.close();
});

async function listPage(after: string | null): Promise<{
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}> {
  const response = await stack.graphql<{
    personalizeDatasets: {
      nodes: { id: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }>(
    `query($after: String) { personalizeDatasets(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
    { after },
  );
  if (response.body.data === undefined) throw new Error(JSON.stringify(response.body));
  return response.body.data.personalizeDatasets;
}

/** Seven `nodes` fields of 100 ids each, as the 88 KB request. */
function sevenNodesFields(idsOf: (field: number) => readonly string[]): {
  query: string;
  variables: Record<string, unknown>;
} {
  const fields = Array.from({ length: 7 }, (_, f) => `n${f}: nodes(ids: $ids${f}) { id }`);
  const params = Array.from({ length: 7 }, (_, f) => `$ids${f}: [ID!]!`);
  return {
    query: `query(${params.join(', ')}) { ${fields.join(' ')} }`,
    variables: Object.fromEntries(Array.from({ length: 7 }, (_, f) => [`ids${f}`, idsOf(f)])),
  };
}

const describes = (): number =>
  stack.emulator.requests.entries().filter((entry) => entry.operation === 'DescribeDataset').length;

describe('the plan check before execution', () => {
  it('refuses 700 distinct ids in one request with UPSTREAM_CALL_LIMIT_EXCEEDED, before any call', async () => {
    expect(ids).toHaveLength(DATASETS);
    stack.emulator.requests.clear();
    const { query, variables } = sevenNodesFields((f) =>
      ids.slice(f * MAX_NODE_IDS, (f + 1) * MAX_NODE_IDS),
    );
    const response = await stack.graphql(query, variables);

    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_CALL_LIMIT_EXCEEDED',
      upstreamCalls: 700,
      maxUpstreamCalls: 250,
    });
    expect(response.body.errors?.[0]?.message).toMatch(/at least 700 upstream calls/);
    expect(stack.emulator.requests.entries()).toHaveLength(0);
  });

  it('counts an id once however many fields ask for it, and serves them', async () => {
    stack.emulator.requests.clear();
    const same = ids.slice(0, MAX_NODE_IDS);
    const { query, variables } = sevenNodesFields(() => same);
    const response = await stack.graphql<Record<string, { id: string }[]>>(query, variables);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['n6']?.map((node) => node.id)).toEqual(same);
    expect(describes()).toBe(MAX_NODE_IDS);
  });

  it('multiplies nested connections by the edges asked for', async () => {
    // 1 page of groups + 100 groups × 1 page of datasets + 100 × totalCount = 201: allowed.
    const fits = await stack.graphql(
      `{ personalizeDatasetGroups(first: 100) { nodes { datasets(first: 5) { totalCount nodes { name } } } } }`,
    );
    expect(fits.body.errors).toBeUndefined();
    // Three such connections side by side: 603 > 250.
    const over = await stack.graphql(
      `{ a: personalizeDatasetGroups(first: 100) { nodes { datasets(first: 5) { totalCount nodes { name } } } }
         b: personalizeDatasetGroups(first: 100) { nodes { datasets(first: 5) { totalCount nodes { name } } } }
         c: personalizeDatasetGroups(first: 100) { nodes { datasets(first: 5) { totalCount nodes { name } } } } }`,
    );
    expect(over.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_CALL_LIMIT_EXCEEDED',
      upstreamCalls: 603,
    });
  });
});

describe('the ceiling at run time', () => {
  let small: Stack;
  const CEILING = 3;

  beforeAll(async () => {
    small = await startStack({
      seed: personalizeListingSeed(40),
      env: { GATEWAY_MAX_UPSTREAM_CALLS: String(CEILING), GATEWAY_PERSONALIZE_PAGE_SIZE: '5' },
    });
  });

  afterAll(async () => {
    await small.close();
  });

  it('stops a walk the plan could not foresee at the ceiling and fails only that field', async () => {
    small.emulator.requests.clear();
    // `last` reads the listing from its start: 8 pages of 5, where the plan knows of one.
    const response = await small.graphql<{ personalizeDatasets: unknown; first: unknown }>(
      `{ personalizeDatasets(last: 2) { nodes { name } } }`,
    );

    expect(response.status).toBe(200);
    expect(response.body.data?.personalizeDatasets).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'UPSTREAM_CALL_LIMIT_EXCEEDED',
    ]);
    expect(small.emulator.requests.entries().length).toBeLessThanOrEqual(CEILING);
  });
});
