// Acceptance: the gateway under upstream faults, over real HTTP against the emulator. Throttling is
// retried away without changing a single answer; a failing or slow service fails only its own
// field, inside the request's deadline; a client that goes away stops its upstream calls; and the
// process-wide cap bounds the calls in flight at a service, whatever the number of requests.
import { request as httpRequest } from 'node:http';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { generateSeed } from '../../src/emulator/index.js';
import type { RequestLogEntry, Seed } from '../../src/emulator/index.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import { callsOf } from '../helpers/emulator.js';
import { eventually } from '../helpers/eventually.js';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';

interface Operation {
  readonly label: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** Runs `work` over `items` with at most `concurrency` at once; results in input order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

const CURSOR_FIELDS = new Set(['cursor', 'startCursor', 'endCursor']);

/**
 * A response without its cursors. A cursor holds the upstream next token of its page, and the
 * emulator (like AWS) issues a fresh token on every call, so the same position gets a different
 * cursor on every read beyond the first upstream page; everything else must be identical.
 */
function withoutCursors(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCursors);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => !(CURSOR_FIELDS.has(key) && typeof inner === 'string'))
      .map(([key, inner]) => [key, withoutCursors(inner)]),
  );
}

const COGNITO_FIELDS = 'identityId datasetName creationDate lastModifiedDate numRecords';
const PERSONALIZE_FIELDS = 'id name datasetArn datasetType status creationDateTime';
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

const COGNITO_PAGE = `query CognitoPage($pool: String!, $identity: String!, $first: Int, $after: String, $last: Int) {
  cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: $first, after: $after, last: $last) {
    edges { cursor node { id ${COGNITO_FIELDS} } }
    ${PAGE_INFO}
  }
}`;

const PERSONALIZE_PAGE = `query PersonalizePage($group: String, $first: Int, $after: String, $last: Int) {
  personalizeDatasets(datasetGroupArn: $group, first: $first, after: $after, last: $last) {
    edges { cursor node { ${PERSONALIZE_FIELDS} } }
    ${PAGE_INFO}
  }
}`;

const GROUPS_WITH_DATASETS = `query GroupsWithDatasets($first: Int, $after: String, $inner: Int) {
  personalizeDatasetGroups(first: $first, after: $after) {
    nodes { id name datasetGroupArn status datasets(first: $inner) { nodes { ${PERSONALIZE_FIELDS} } ${PAGE_INFO} } }
    ${PAGE_INFO}
  }
}`;

const NODE_FIELDS = `id
  ... on CognitoDataset { ${COGNITO_FIELDS} }
  ... on PersonalizeDataset { ${PERSONALIZE_FIELDS} datasetGroup { name } }
  ... on PersonalizeDatasetGroup { name datasetGroupArn statusName }`;

const NODE = `query Node($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`;
const NODES = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`;

interface Edge {
  readonly cursor: string;
  readonly node: { readonly id: string };
}
interface PageData {
  readonly edges: readonly Edge[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Every edge of a listing, read forward `size` at a time (fault-free, to plan the run). */
async function walk(
  stack: Stack,
  query: string,
  field: string,
  variables: Record<string, unknown>,
  size: number,
): Promise<Edge[]> {
  const edges: Edge[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<Record<string, PageData>> = await stack.graphql(query, {
      ...variables,
      first: size,
      after,
    });
    const page = response.body.data?.[field];
    if (page === undefined || response.body.errors !== undefined) {
      throw new Error(`walk failed: ${JSON.stringify(response.body)}`);
    }
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) return edges;
    after = page.pageInfo.endCursor;
  }
}

describe('30% of upstream calls throttled', () => {
  // Upstream pages far smaller than client pages, so most operations take several upstream calls
  // (a `last` reads its listing from the start): about 2.5 calls per operation.
  const SEED = generateSeed({
    cognitoIdentities: 6,
    cognitoDatasetsPerIdentity: 12,
    personalizeDatasetGroups: 8,
    personalizeDatasetsPerGroup: 5,
    seed: 5,
  });
  // With the default retry settings (7 attempts, jittered backoff capped at 4 s) an upstream call
  // fails only when all 7 attempts are throttled: 0.3^7 = 2.2e-4. About 2.7 calls per operation
  // make 0.06% of operations expected to fail; the target is at least 99.5% answered in full.
  // 600 operations allow 3 failures: the chance of more is about 0.05%.
  const OPERATIONS = 600;
  const CONCURRENCY = 10;
  const THROTTLE_RATE = 0.3;
  const TARGET_SUCCESS = 0.995;
  // Adaptive mode only (the second test): its throttling backoff grows from 1 s to 20 s, so a call
  // that needs all 14 attempts may wait 191 s; the deadline must not cut it short.
  const ADAPTIVE_MAX_ATTEMPTS = 14;
  const ADAPTIVE_DEADLINE_MS = 240_000;
  // The SDK's retry quota (a token bucket per client, 500 tokens): a throttled retry costs 5, a
  // success gives back the cost of its last retry, or 1 without a retry. At 30% that is on average
  // +0.7 - 5 × 0.18 (expected retries beyond the first, unrefunded) ≈ +0.06 tokens per call: the
  // bucket stays near full, and emptying it would take ~100 unrefunded retries in flight at once,
  // where this run has at most CONCURRENCY × 2.5 calls in flight.

  let stack: Stack;
  let operations: Operation[];

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      emulator: { faultSeed: 20_240_506 },
      // The retry settings and the request deadline are the defaults.
      env: { GATEWAY_COGNITO_PAGE_SIZE: '5', GATEWAY_PERSONALIZE_PAGE_SIZE: '7' },
    });
    operations = await planOperations(stack, SEED, OPERATIONS);
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers at least 99.5% of several hundred mixed operations exactly as without faults, with the default retries, and the rest with a retryable error inside the deadline', async () => {
    expect(operations).toHaveLength(OPERATIONS);
    const send = (op: Operation): Promise<GraphQLResponse<unknown>> =>
      stack.graphql(op.query, op.variables);

    const oracle = await mapConcurrently(operations, CONCURRENCY, send);
    for (const [i, response] of oracle.entries()) {
      expect(response.body.errors, operations[i]?.label).toBeUndefined();
    }

    stack.emulator.requests.clear();
    stack.emulator.faults.set([{ throttleRate: THROTTLE_RATE }]);
    const faulty = await mapConcurrently(operations, CONCURRENCY, send);
    stack.emulator.faults.clear();

    let answered = 0;
    for (const [i, response] of faulty.entries()) {
      expect(response.status, operations[i]?.label).toBe(200);
      if (response.body.errors === undefined) {
        answered += 1;
        expect(withoutCursors(response.body), operations[i]?.label).toEqual(
          withoutCursors(oracle[i]?.body),
        );
        continue;
      }
      // A call whose every attempt was throttled: the field says so, the client may retry. Never
      // DEADLINE_EXCEEDED: the retries of one call fit inside the request deadline.
      for (const error of response.body.errors) {
        expect(error.extensions?.code, operations[i]?.label).toBe('RATE_LIMITED');
      }
    }
    expect(answered / OPERATIONS).toBeGreaterThanOrEqual(TARGET_SUCCESS);
    const attempts = stack.emulator.requests.entries();
    const throttled = attempts.filter((attempt) => attempt.fault === 'throttle').length;
    // Every call ends in exactly one answered attempt.
    expect(attempts.length - throttled).toBeLessThan(2_000);
    // The faults really happened, at about the configured rate (the bounds are > 6 sigma wide).
    expect(throttled / attempts.length).toBeGreaterThan(0.2);
    expect(throttled / attempts.length).toBeLessThan(0.4);
  }, 300_000);

  it('answers correctly in adaptive retry mode too, only slower', async () => {
    // The same run, shortened: the rate limiter slows every client down after each throttle.
    const adaptive = await startStack({
      seed: SEED,
      emulator: { faultSeed: 7 },
      env: {
        GATEWAY_COGNITO_PAGE_SIZE: '5',
        GATEWAY_PERSONALIZE_PAGE_SIZE: '7',
        GATEWAY_UPSTREAM_RETRY_MODE: 'adaptive',
        GATEWAY_UPSTREAM_MAX_ATTEMPTS: String(ADAPTIVE_MAX_ATTEMPTS),
        GATEWAY_REQUEST_TIMEOUT_MS: String(ADAPTIVE_DEADLINE_MS),
      },
    });
    try {
      // One operation of each kind (the plan cycles through the kinds).
      const sample = operations.slice(0, 10);
      const oracle = await mapConcurrently(sample, 5, (op) =>
        adaptive.graphql(op.query, op.variables),
      );
      adaptive.emulator.faults.set([{ throttleRate: THROTTLE_RATE }]);
      const faulty = await mapConcurrently(sample, 5, (op) =>
        adaptive.graphql(op.query, op.variables),
      );
      for (const [i, response] of faulty.entries()) {
        expect(withoutCursors(response.body), sample[i]?.label).toEqual(
          withoutCursors(oracle[i]?.body),
        );
        expect(response.body.errors, sample[i]?.label).toBeUndefined();
      }
      const throttled = adaptive.emulator.requests
        .entries()
        .filter((call) => call.fault === 'throttle');
      expect(throttled.length).toBeGreaterThan(0);
    } finally {
      await adaptive.close();
    }
  }, 300_000);
});

/** The run: a fixed mix of every kind of read, with cursors and ids taken from a fault-free walk. */
async function planOperations(stack: Stack, seed: Seed, count: number): Promise<Operation[]> {
  const pool = seed.cognitoSync?.identityPools[0];
  if (pool === undefined) throw new Error('the seed has no identity pool');
  const identities = pool.identities.map((identity) => identity.identityId);

  const cognitoEdges = new Map<string, Edge[]>();
  for (const identity of identities) {
    const variables = { pool: pool.identityPoolId, identity };
    cognitoEdges.set(identity, await walk(stack, COGNITO_PAGE, 'cognitoDatasets', variables, 4));
  }
  const personalizeEdges = await walk(stack, PERSONALIZE_PAGE, 'personalizeDatasets', {}, 6);
  const groupsResponse = await stack.graphql<{
    personalizeDatasetGroups: { nodes: { id: string; datasetGroupArn: string }[] };
  }>(GROUPS_WITH_DATASETS, { first: 100, inner: 1 });
  const groups = groupsResponse.body.data?.personalizeDatasetGroups.nodes ?? [];
  if (groups.length === 0) throw new Error('no dataset groups');

  const ids = [
    ...[...cognitoEdges.values()].flatMap((edges) => edges.map((edge) => edge.node.id)),
    ...personalizeEdges.map((edge) => edge.node.id),
    ...groups.map((group) => group.id),
  ];
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

  const kinds: ((n: number) => Operation)[] = [
    (n) => ({
      label: `cognito first page #${n}`,
      query: COGNITO_PAGE,
      variables: { pool: pool.identityPoolId, identity: pick(identities, n), first: 4 },
    }),
    (n) => {
      const identity = pick(identities, n);
      const edges = cognitoEdges.get(identity) ?? [];
      return {
        label: `cognito deep after #${n}`,
        query: COGNITO_PAGE,
        variables: {
          pool: pool.identityPoolId,
          identity,
          first: 3,
          after: pick(edges, 6 + (n % 5)).cursor,
        },
      };
    },
    (n) => ({
      label: `cognito last #${n}`,
      query: COGNITO_PAGE,
      variables: { pool: pool.identityPoolId, identity: pick(identities, n), last: 3 },
    }),
    (n) => ({
      label: `personalize first page #${n}`,
      query: PERSONALIZE_PAGE,
      variables: { first: 5 + (n % 4) },
    }),
    (n) => ({
      label: `personalize deep after #${n}`,
      query: PERSONALIZE_PAGE,
      variables: { first: 6, after: pick(personalizeEdges, 15 + ((n * 7) % 20)).cursor },
    }),
    (n) => ({
      label: `personalize last #${n}`,
      query: PERSONALIZE_PAGE,
      variables: { last: 2 + (n % 5) },
    }),
    (n) => ({
      label: `personalize of one group #${n}`,
      query: PERSONALIZE_PAGE,
      variables: { group: pick(groups, n).datasetGroupArn, first: 3 },
    }),
    (n) => ({
      label: `groups with nested datasets #${n}`,
      query: GROUPS_WITH_DATASETS,
      variables: { first: 3 + (n % 3), inner: 2 + (n % 3) },
    }),
    (n) => ({ label: `node #${n}`, query: NODE, variables: { id: pick(ids, n * 13) } }),
    (n) => ({
      label: `nodes #${n}`,
      query: NODES,
      variables: { ids: [pick(ids, n * 7), pick(ids, n * 7 + 31), pick(ids, n * 7 + 62)] },
    }),
  ];
  return Array.from({ length: count }, (_, n) => pick(kinds, n)(Math.floor(n / kinds.length)));
}

const POOL = gwCognitoId(0xa1);
const ALICE = gwCognitoId(0xa101);
const BOTH_FIELDS = `query Both($pool: String!, $identity: String!) {
  cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: 2) { nodes { datasetName } }
  personalizeDatasets(first: 2) { nodes { name } }
}`;

interface BothData {
  readonly cognitoDatasets: { readonly nodes: readonly { datasetName: string }[] } | null;
  readonly personalizeDatasets: { readonly nodes: readonly { name: string }[] } | null;
}

function errorCodes(response: GraphQLResponse<unknown>): [string, string | undefined][] {
  return (response.body.errors ?? []).map((error) => [
    (error.path ?? []).join('.'),
    error.extensions?.code,
  ]);
}

describe('a failing or slow service fails only its own field', () => {
  const SEED: Seed = mergeSeeds(
    cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 3 }]),
    personalizeListingSeed(6),
  );
  const UPSTREAM_TIMEOUT_MS = 200;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      env: {
        GATEWAY_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
        GATEWAY_UPSTREAM_MAX_ATTEMPTS: '2',
        // Far beyond two timed-out attempts and their backoff: UPSTREAM_TIMEOUT must come first.
        GATEWAY_REQUEST_TIMEOUT_MS: '20000',
      },
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers UPSTREAM_UNAVAILABLE on cognitoDatasets when Cognito Sync fails with 5xx, and the Personalize datasets', async () => {
    stack.emulator.faults.set([{ service: 'cognito-sync', errorRate: 1 }]);
    const response = await stack.graphql<BothData>(BOTH_FIELDS, { pool: POOL, identity: ALICE });
    stack.emulator.faults.clear();

    expect(response.status).toBe(200);
    expect(errorCodes(response)).toEqual([['cognitoDatasets', 'UPSTREAM_UNAVAILABLE']]);
    expect(response.body.data?.cognitoDatasets).toBeNull();
    expect(response.body.data?.personalizeDatasets?.nodes).toHaveLength(2);
  });

  it('answers UPSTREAM_TIMEOUT on cognitoDatasets when Cognito Sync is slower than the upstream timeout, well inside the deadline', async () => {
    stack.emulator.faults.set([{ service: 'cognito-sync', latencyMs: UPSTREAM_TIMEOUT_MS * 10 }]);
    const response = await stack.graphql<BothData>(BOTH_FIELDS, { pool: POOL, identity: ALICE });
    stack.emulator.faults.clear();

    expect(response.status).toBe(200);
    // Not DEADLINE_EXCEEDED: the per-attempt timeout ended the call before the deadline did.
    expect(errorCodes(response)).toEqual([['cognitoDatasets', 'UPSTREAM_TIMEOUT']]);
    expect(response.body.data?.personalizeDatasets?.nodes).toHaveLength(2);
  });
});

describe('a service failing steadily with 5xx: the retry budget', () => {
  const SEED: Seed = personalizeListingSeed(6);
  const FAILING_REQUESTS = 60;
  // The SDK's retry quota per client (one per service here): 500 tokens, 14 per 5xx retry.
  const BUDGET_RETRIES = Math.floor(500 / 14);
  const DEFAULT_ATTEMPTS = 7;
  let stack: Stack;

  beforeAll(async () => {
    // The default retry settings: the budget is what is under test.
    stack = await startStack({ seed: SEED });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('stops retrying once the budget is spent, answers every request, and recovers at once', async () => {
    stack.emulator.requests.clear();
    stack.emulator.faults.set([{ service: 'personalize', errorRate: 1 }]);
    const failing = await mapConcurrently(
      Array.from({ length: FAILING_REQUESTS }, (_, i) => i),
      5,
      () => stack.graphql(`{ personalizeDatasets(first: 2) { nodes { name } } }`),
    );
    stack.emulator.faults.clear();
    for (const response of failing) {
      expect(response.status).toBe(200);
      expect(errorCodes(response)).toEqual([['personalizeDatasets', 'UPSTREAM_UNAVAILABLE']]);
    }
    const attempts = stack.emulator.requests.entries().length;
    // Without a budget every call would make all its attempts: 60 × 7 = 420.
    expect(attempts).toBeLessThan(FAILING_REQUESTS * DEFAULT_ATTEMPTS);
    // One attempt per call, plus the retries the budget held (and those already waiting when
    // it ran out: at most one per call in flight).
    expect(attempts).toBeLessThanOrEqual(FAILING_REQUESTS + BUDGET_RETRIES + 5);

    // Recovered: no retry is needed, so an empty budget costs nothing.
    const after = await stack.graphql<{ personalizeDatasets: { nodes: unknown[] } }>(
      `{ personalizeDatasets(first: 2) { nodes { name } } }`,
    );
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data?.personalizeDatasets.nodes).toHaveLength(2);
  });
});

describe('the request deadline', () => {
  const SEED: Seed = mergeSeeds(
    cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 3 }]),
    personalizeListingSeed(12),
  );
  const DEADLINE_MS = 3_000;
  const ENV = {
    GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
    // The per-attempt timeout stays far longer: only the deadline can end these calls.
    GATEWAY_UPSTREAM_TIMEOUT_MS: '60000',
  };
  let stack: Stack;

  afterEach(async () => {
    await stack.close();
  });

  it('aborts the slow upstream call and answers DEADLINE_EXCEEDED on its field, with the other field and HTTP 200', async () => {
    stack = await startStack({ seed: SEED, env: ENV });
    stack.emulator.faults.set([{ service: 'cognito-sync', latencyMs: 60_000 }]);
    const response = await stack.graphql<BothData>(BOTH_FIELDS, { pool: POOL, identity: ALICE });

    expect(response.status).toBe(200);
    expect(errorCodes(response)).toEqual([['cognitoDatasets', 'DEADLINE_EXCEEDED']]);
    expect(response.body.data?.personalizeDatasets?.nodes).toHaveLength(2);
    // The emulator saw the gateway hang up on the call instead of waiting a minute for it.
    const aborted = await eventually('the aborted Cognito Sync call in the log', () =>
      stack.emulator.requests
        .entries({ service: 'cognito-sync', operation: 'ListDatasets' })
        .find((entry) => entry.aborted),
    );
    expect(aborted.status).toBe(0);
  });

  it('fails a call still queued behind the service cap at the deadline, without ever sending it', async () => {
    // One Personalize slot. Request B lists groups (slowly), then their datasets; meanwhile
    // request A takes the slot for a call slower than its own deadline, which ends after B's.
    // B's nested call waits behind A's until B's deadline passes.
    stack = await startStack({
      seed: SEED,
      env: { ...ENV, GATEWAY_UPSTREAM_SERVICE_CONCURRENCY: '1' },
    });
    stack.emulator.faults.set([
      { service: 'personalize', operation: 'ListDatasetGroups', latencyMs: DEADLINE_MS * 0.6 },
      { service: 'personalize', operation: 'ListDatasets', latencyMs: 60_000 },
    ]);
    const groupsWithDatasets = stack.graphql(
      `{ personalizeDatasetGroups(first: 1) { nodes { name datasets(first: 1) { nodes { name } } } } }`,
      undefined,
      { 'x-request-id': 'request-b' },
    );
    // A is sent once B's ListDatasetGroups holds the slot (it is at the emulator, held by the
    // latency), so A's call queues for the slot ahead of B's nested one.
    await eventually("B's ListDatasetGroups at the emulator", () =>
      stack.emulator.requests
        .inFlight({ service: 'personalize', operation: 'ListDatasetGroups' })
        .some((call) => call.clientRequestId === 'request-b'),
    );
    let aAnswered = false;
    const datasets = stack
      .graphql(`{ personalizeDatasets(first: 1) { nodes { name } } }`, undefined, {
        'x-request-id': 'request-a',
      })
      .finally(() => {
        aAnswered = true;
      });

    const b = await groupsWithDatasets;
    // B is answered at its own deadline, while A's call still holds the only slot.
    expect(aAnswered).toBe(false);
    expect(b.status).toBe(200);
    expect(errorCodes(b)).toEqual([
      ['personalizeDatasetGroups.nodes.0.datasets', 'DEADLINE_EXCEEDED'],
    ]);
    const a = await datasets;
    expect(errorCodes(a)).toEqual([['personalizeDatasets', 'DEADLINE_EXCEEDED']]);
    await eventually('request A in the log', () => callsOf(stack.emulator, 'request-a').length > 0);
    // B's queued ListDatasets never reached the emulator.
    expect(callsOf(stack.emulator, 'request-b').map((call) => call.operation)).toEqual([
      'ListDatasetGroups',
    ]);
  });
});

describe('a client that disconnects', () => {
  const PAGES = 30;
  const SEED: Seed = cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: PAGES * 2 }]);
  const LATENCY_MS = 250;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      // Two datasets per upstream page: `last` reads 30 pages one after the other (7.5 s).
      env: { GATEWAY_COGNITO_PAGE_SIZE: '2' },
    });
    stack.emulator.faults.set([{ service: 'cognito-sync', latencyMs: LATENCY_MS }]);
  });

  afterAll(async () => {
    await stack.close();
  });

  /** GraphQL operations the gateway has finished, as its /metrics count them. */
  async function operationsDone(on: Stack): Promise<number> {
    const metrics = await (await fetch(new URL('/metrics', on.url))).text();
    return metrics
      .split('\n')
      .filter((line) => line.startsWith('gateway_graphql_operations_total{'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  const LAST_PAGE = JSON.stringify({
    query: `query($pool: String!, $identity: String!) { cognitoDatasets(identityPoolId: $pool, identityId: $identity, last: 2) { nodes { datasetName } } }`,
    variables: { pool: POOL, identity: ALICE },
  });

  const DISCONNECTS: readonly {
    readonly how: string;
    readonly send: (url: string, requestId: string) => () => void;
  }[] = [
    {
      how: 'aborts its fetch',
      send: (url, requestId) => {
        const controller = new AbortController();
        fetch(url, {
          method: 'POST',
          signal: controller.signal,
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: LAST_PAGE,
        }).catch(() => undefined);
        return () => {
          controller.abort();
        };
      },
    },
    {
      how: 'destroys its socket',
      send: (url, requestId) => {
        const request = httpRequest(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        });
        request.on('error', () => undefined);
        request.end(LAST_PAGE);
        return () => {
          request.destroy();
        };
      },
    },
  ];

  it.each(DISCONNECTS)(
    'stops its upstream calls when it $how mid-walk',
    async ({ how, send }) => {
      const requestId = `disconnect-${how.replace(/\W+/g, '-')}`;
      const operationsBefore = await operationsDone(stack);
      const disconnect = send(stack.url, requestId);
      await eventually('two pages read', () => callsOf(stack.emulator, requestId).length >= 2);
      disconnect();

      const aborted = await eventually('the aborted call in the log', () =>
        callsOf(stack.emulator, requestId).find((call) => call.aborted),
      );
      // The operation is over once every resolver has settled (graphql-js waits for them all),
      // so a walk that went on past the disconnect would have made its calls by then.
      await eventually(
        'the operation to end',
        async () => (await operationsDone(stack)) > operationsBefore,
      );
      expect(stack.emulator.requests.inFlight({ service: 'cognito-sync' })).toEqual([]);
      const calls = callsOf(stack.emulator, requestId);
      expect(calls.length).toBeLessThan(PAGES);
      // The aborted call was the last one, and the only one the walk did not finish.
      expect(calls.filter((call) => call.aborted)).toEqual([aborted]);
      expect(Math.max(...calls.map((call) => call.startedAt))).toBe(aborted.startedAt);
    },
    30_000,
  );
});

describe('the process-wide cap on upstream calls per service', () => {
  const CAP = 2;
  const IDENTITIES = Array.from({ length: 6 }, (_, i) => gwCognitoId(0xb100 + i));
  const SEED: Seed = mergeSeeds(
    cognitoListingSeed(
      POOL,
      IDENTITIES.map((identityId) => ({ identityId, datasetCount: 6 })),
    ),
    personalizeListingSeed(20),
  );
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      seed: SEED,
      env: {
        GATEWAY_UPSTREAM_SERVICE_CONCURRENCY: String(CAP),
        // Each request alone could run 8 calls at once; only the process-wide cap holds them.
        GATEWAY_UPSTREAM_CONCURRENCY: '8',
        GATEWAY_COGNITO_PAGE_SIZE: '2',
        GATEWAY_PERSONALIZE_PAGE_SIZE: '5',
      },
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  /** The most calls of `service` the emulator had in flight at any instant. */
  function maxInFlight(entries: readonly RequestLogEntry[]): number {
    // startedAt is whole milliseconds: shorten each call by 2 ms so that a call starting right
    // as the previous one ended does not count as overlapping it.
    const events = entries.flatMap((entry) => [
      { at: entry.startedAt, delta: 1 },
      { at: entry.startedAt + Math.max(entry.durationMs - 2, 0), delta: -1 },
    ]);
    events.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let current = 0;
    let most = 0;
    for (const event of events) {
      current += event.delta;
      most = Math.max(most, current);
    }
    return most;
  }

  // One service at a time, so each burst meets its own service's cap alone: the emulator is one
  // origin for both services, and the HTTP agent's sockets per origin are capped at the same
  // number (a second bound behind the gateway's own queue).
  const BURSTS = [
    {
      service: 'cognito-sync' as const,
      query: `query($pool: String!, $identity: String!) {
        cognitoDatasets(identityPoolId: $pool, identityId: $identity, last: 2) { nodes { datasetName } }
        again: cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: 1) { nodes { datasetName } }
      }`,
    },
    {
      service: 'personalize' as const,
      query: `{
        personalizeDatasets(last: 3) { nodes { name } }
        personalizeDatasetGroups(first: 4) { nodes { datasets(first: 1) { nodes { name } } } }
      }`,
    },
  ];

  it.each(BURSTS)(
    'never has more $service calls in flight at the emulator than the cap, across many requests',
    async ({ service, query }) => {
      stack.emulator.requests.clear();
      stack.emulator.faults.set([{ latencyMs: 100 }]);
      const responses = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          stack.graphql(query, { pool: POOL, identity: IDENTITIES[i % IDENTITIES.length] }),
        ),
      );
      stack.emulator.faults.clear();

      for (const response of responses) expect(response.body.errors).toBeUndefined();
      const entries = stack.emulator.requests.entries({ service });
      expect(entries.length).toBeGreaterThan(40);
      // Reached (the load needed the cap) and never exceeded.
      expect(maxInFlight(entries)).toBe(CAP);
    },
    60_000,
  );
});
