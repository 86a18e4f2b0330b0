// `npm run soak` (node --expose-gc --import tsx scripts/soak.ts): the gateway and the emulator in
// this process, under a fixed concurrency of mixed queries for SOAK_SECONDS. The load runs in
// rounds; between two rounds nothing is in flight, a full GC runs, and heapUsed and RSS are
// sampled. After the warm-up (caches, JIT, connection pools filling up) the heap must stay flat:
// the run fails (exit 1) when heapUsed after the last round exceeds heapUsed after the warm-up by
// more than SOAK_MAX_HEAP_GROWTH_MB, or when any operation fails.
//
// Settings (environment): SOAK_SECONDS (default 120), SOAK_WARMUP_SECONDS (default a quarter of
// the run, at least one round), SOAK_ROUND_SECONDS (default 5), SOAK_CONNECTIONS (default 16),
// SOAK_MAX_HEAP_GROWTH_MB (default 16).
import { setTimeout as sleep } from 'node:timers/promises';

import autocannon from 'autocannon';

import { loadConfig, withLocalUpstream } from '../src/config/index.js';
import { generateSeed, startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { createGateway } from '../src/server.js';

// The SDK's one-time notice that its 2027 releases need Node 22 would only clutter the output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const MB = 1024 * 1024;

function setting(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number (got "${text}")`);
  }
  return value;
}

const SECONDS = setting('SOAK_SECONDS', 120);
const ROUND_SECONDS = setting('SOAK_ROUND_SECONDS', 5);
const WARMUP_SECONDS = setting('SOAK_WARMUP_SECONDS', Math.max(ROUND_SECONDS, SECONDS / 4));
const CONNECTIONS = setting('SOAK_CONNECTIONS', 16);
const MAX_GROWTH_MB = setting('SOAK_MAX_HEAP_GROWTH_MB', 16);

interface Operation {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

interface Sample {
  readonly atSeconds: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
  readonly operations: number;
}

const DATASET_FIELDS = 'id name datasetArn datasetType status creationDateTime';

const QUERIES = {
  personalizePage: `query($first: Int, $after: String, $last: Int) {
    personalizeDatasets(first: $first, after: $after, last: $last) {
      edges { cursor node { ${DATASET_FIELDS} } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`,
  cognitoPage: `query($pool: String!, $identity: String!, $first: Int, $last: Int) {
    cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: $first, last: $last) {
      edges { cursor node { id datasetName numRecords lastModifiedDate } }
      totalCount
      pageInfo { hasNextPage endCursor }
    }
  }`,
  groupsWithDatasets: `query($first: Int) {
    personalizeDatasetGroups(first: $first) {
      nodes { id name status datasets(first: 5) { nodes { ${DATASET_FIELDS} } } }
    }
  }`,
  nodes: `query($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ... on PersonalizeDataset { name datasetGroup { name } }
      ... on CognitoDataset { datasetName numRecords }
    }
  }`,
} as const;

interface PageData {
  readonly personalizeDatasets: {
    readonly edges: readonly { readonly cursor: string; readonly node: { readonly id: string } }[];
  };
}

async function graphql<T>(url: string, query: string, variables: object): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`planning query failed: ${JSON.stringify(body)}`);
  }
  return body.data;
}

/** The mix: first pages, deep cursors, `last` walks, totalCount, nested groups, nodes. */
async function planOperations(url: string, emulatorSeed: ReturnType<typeof generateSeed>) {
  const pool = emulatorSeed.cognitoSync?.identityPools[0];
  if (pool === undefined) throw new Error('the seed has no identity pool');
  const listing = await graphql<PageData>(url, QUERIES.personalizePage, { first: 100 });
  const edges = listing.personalizeDatasets.edges;
  const at = (i: number): { cursor: string; node: { id: string } } => {
    const edge = edges[i % edges.length];
    if (edge === undefined) throw new Error('the Personalize listing is empty');
    return edge;
  };
  const operations: Operation[] = [
    { name: 'personalize first page', query: QUERIES.personalizePage, variables: { first: 20 } },
    {
      name: 'personalize deep after',
      query: QUERIES.personalizePage,
      variables: { first: 20, after: at(70).cursor },
    },
    { name: 'personalize last', query: QUERIES.personalizePage, variables: { last: 10 } },
    { name: 'groups with datasets', query: QUERIES.groupsWithDatasets, variables: { first: 10 } },
    {
      name: 'nodes',
      query: QUERIES.nodes,
      variables: { ids: [at(3).node.id, at(40).node.id, at(77).node.id] },
    },
  ];
  for (const [i, identity] of pool.identities.slice(0, 5).entries()) {
    operations.push({
      name: `cognito identity ${i}`,
      query: QUERIES.cognitoPage,
      variables: {
        pool: pool.identityPoolId,
        identity: identity.identityId,
        ...(i % 2 === 0 ? { first: 5 } : { last: 3 }),
      },
    });
  }
  return operations;
}

/** One round of load; resolves to the operations done and those that failed. */
async function round(
  url: string,
  operations: readonly Operation[],
  seconds: number,
): Promise<{ done: number; failed: number; firstFailure: string | undefined }> {
  let failed = 0;
  let firstFailure: string | undefined;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: operations.map((operation) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: operation.query, variables: operation.variables }),
      onResponse: (status: number, body: string) => {
        if (status !== 200 || body.includes('"errors"')) {
          failed += 1;
          firstFailure ??= `${operation.name}: HTTP ${status} ${body.slice(0, 300)}`;
        }
      },
    })),
  });
  failed += result.errors + result.timeouts;
  return { done: result.requests.total, failed, firstFailure };
}

function collectGarbage(): void {
  const { gc } = globalThis;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run soak does)');
  // Twice: the first pass runs finalizers (FinalizationRegistry, weak references) whose
  // garbage the second pass frees.
  gc();
  gc();
}

async function sample(emulator: RunningEmulator, startedAt: number, operations: number) {
  // The emulator's request log keeps thousands of entries by design; it is not the gateway's.
  emulator.requests.clear();
  // Let sockets close and timers of the finished requests settle before measuring.
  await sleep(200);
  collectGarbage();
  const memory = process.memoryUsage();
  return {
    atSeconds: Math.round((performance.now() - startedAt) / 1000),
    heapUsedMb: memory.heapUsed / MB,
    rssMb: memory.rss / MB,
    operations,
  } satisfies Sample;
}

function format(s: Sample): string {
  return `${String(s.atSeconds).padStart(5)} s  heapUsed ${s.heapUsedMb.toFixed(1).padStart(7)} MB  rss ${s.rssMb.toFixed(1).padStart(7)} MB  operations ${s.operations}`;
}

async function main(): Promise<number> {
  if (globalThis.gc === undefined) {
    process.stderr.write('Run with node --expose-gc: npm run soak\n');
    return 2;
  }
  const seed = generateSeed({
    cognitoIdentities: 200,
    cognitoDatasetsPerIdentity: 12,
    personalizeDatasetGroups: 60,
    personalizeDatasetsPerGroup: 5,
    seed: 11,
  });
  const emulator = await startEmulator({ seed });
  const config = withLocalUpstream(
    loadConfig({
      GATEWAY_DEMO: 'false',
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      AWS_REGION: 'us-east-1',
      HOST: '127.0.0.1',
      PORT: '0',
      GATEWAY_CURSOR_SECRET: 'soak-test-cursor-secret-0123456789abcdef-0123',
      GATEWAY_AUTH_MODE: 'none',
      LOG_LEVEL: 'silent',
      // Several upstream pages per `last` walk and per totalCount.
      GATEWAY_COGNITO_PAGE_SIZE: '4',
      GATEWAY_PERSONALIZE_PAGE_SIZE: '50',
    }),
    { endpoint: emulator.url, credentials: emulator.credentials },
  );
  const gateway = await createGateway(config);
  try {
    const { url } = await gateway.listen();
    const operations = await planOperations(url, seed);
    process.stdout.write(
      `soak: ${SECONDS} s of ${operations.length} mixed operations at ${CONNECTIONS} connections, ` +
        `rounds of ${ROUND_SECONDS} s, warm-up ${WARMUP_SECONDS} s, bound ${MAX_GROWTH_MB} MB of heap growth\n`,
    );

    const startedAt = performance.now();
    const samples: Sample[] = [];
    let total = 0;
    let failed = 0;
    let firstFailure: string | undefined;
    let baseline: Sample | undefined;
    while ((performance.now() - startedAt) / 1000 < SECONDS) {
      const outcome = await round(url, operations, ROUND_SECONDS);
      total += outcome.done;
      failed += outcome.failed;
      firstFailure ??= outcome.firstFailure;
      const current = await sample(emulator, startedAt, total);
      const warm = current.atSeconds >= WARMUP_SECONDS;
      if (warm && baseline === undefined) baseline = current;
      samples.push(current);
      process.stdout.write(`${format(current)}${warm ? '' : '  (warm-up)'}\n`);
    }

    const last = samples.at(-1);
    if (baseline === undefined || last === undefined || baseline === last) {
      process.stderr.write('soak: too short to measure anything after the warm-up\n');
      return 1;
    }
    const after = samples.filter((s) => s.atSeconds >= baseline.atSeconds);
    const growth = last.heapUsedMb - baseline.heapUsedMb;
    const peak = Math.max(...after.map((s) => s.heapUsedMb)) - baseline.heapUsedMb;
    const seconds = last.atSeconds - baseline.atSeconds;
    process.stdout.write(
      [
        '',
        `operations: ${total} (${(total / last.atSeconds).toFixed(0)}/s), failed: ${failed}`,
        `heapUsed after warm-up: ${baseline.heapUsedMb.toFixed(1)} MB; at the end: ${last.heapUsedMb.toFixed(1)} MB`,
        `heap growth over the last ${seconds} s: ${growth.toFixed(1)} MB (highest sample +${peak.toFixed(1)} MB; bound ${MAX_GROWTH_MB} MB)`,
        `rss: ${baseline.rssMb.toFixed(1)} MB after warm-up, ${last.rssMb.toFixed(1)} MB at the end (not bounded: the allocator keeps freed pages)`,
        '',
      ].join('\n'),
    );
    if (failed > 0) {
      process.stderr.write(
        `soak: FAILED: ${failed} operations failed; first: ${firstFailure ?? '?'}\n`,
      );
      return 1;
    }
    if (growth > MAX_GROWTH_MB) {
      process.stderr.write(
        `soak: FAILED: the heap grew ${growth.toFixed(1)} MB after the warm-up\n`,
      );
      return 1;
    }
    process.stdout.write('soak: passed\n');
    return 0;
  } finally {
    await gateway.close();
    await emulator.close();
  }
}

process.exitCode = await main();
