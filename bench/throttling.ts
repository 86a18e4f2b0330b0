// `npm run bench:throttling`: the gateway's retry settings under random upstream throttling
// (30% of calls refused, the emulator's fault injection), each configuration in the same run
// against the same listing and the same mix of operations, so the figures compare.
//
// Reported per configuration: operations answered with no error, operations per second, and the
// p50/p99 latency of an operation. The mix reads several upstream pages per operation (small
// upstream pages), like the fault test in test/integration/gateway-resilience.test.ts.
import { parseArgs } from 'node:util';

import { generateSeed, startEmulator } from '../src/emulator/index.js';
import { loadConfig, withLocalUpstream } from '../src/config/index.js';
import { createGateway } from '../src/server.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const USAGE = `Usage: npm run bench:throttling -- [options]
  --operations N   operations per configuration (default 300)
  --duration S     stop a configuration after S seconds (default 60)
  --rate R         share of upstream calls throttled (default 0.3)
  --help           show this help`;
const { values: flags } = parseArgs({
  options: {
    operations: { type: 'string', default: '300' },
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '0.3' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (flags.help === true) {
  console.log(USAGE);
  process.exit(0);
}
const OPERATIONS = Number(flags.operations);
const DURATION_MS = Number(flags.duration) * 1000;
const RATE = Number(flags.rate);
const CONCURRENCY = 10;

/** The configurations compared: the defaults against the settings they replaced. */
const CONFIGURATIONS: readonly { name: string; env: Record<string, string> }[] = [
  { name: 'defaults', env: {} },
  {
    name: 'before: adaptive, 3 attempts',
    env: { GATEWAY_UPSTREAM_RETRY_MODE: 'adaptive', GATEWAY_UPSTREAM_MAX_ATTEMPTS: '3' },
  },
  {
    name: 'standard, 3 attempts',
    env: { GATEWAY_UPSTREAM_RETRY_MODE: 'standard', GATEWAY_UPSTREAM_MAX_ATTEMPTS: '3' },
  },
];

const seed = generateSeed({
  cognitoIdentities: 6,
  cognitoDatasetsPerIdentity: 12,
  personalizeDatasetGroups: 8,
  personalizeDatasetsPerGroup: 5,
  seed: 5,
});
const pool = seed.cognitoSync?.identityPools[0];
if (pool === undefined) throw new Error('the seed has no identity pool');

const COGNITO = `query C($pool: String!, $identity: String!, $first: Int, $last: Int) {
  cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: $first, last: $last) {
    nodes { datasetName numRecords } pageInfo { hasNextPage endCursor }
  }
}`;
const PERSONALIZE = `query P($first: Int, $last: Int) {
  personalizeDatasets(first: $first, last: $last) { nodes { name status } pageInfo { hasNextPage } }
}`;
const GROUPS = `query G { personalizeDatasetGroups(first: 4) { nodes { name datasets(first: 3) { nodes { name } } } } }`;

function operation(n: number): { query: string; variables: Record<string, unknown> } {
  const identity = pool?.identities[n % (pool.identities.length || 1)]?.identityId ?? '';
  switch (n % 5) {
    case 0:
      return { query: COGNITO, variables: { pool: pool?.identityPoolId, identity, first: 8 } };
    case 1:
      return { query: COGNITO, variables: { pool: pool?.identityPoolId, identity, last: 3 } };
    case 2:
      return { query: PERSONALIZE, variables: { first: 15 } };
    case 3:
      return { query: PERSONALIZE, variables: { last: 4 } };
    default:
      return { query: GROUPS, variables: {} };
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

const emulator = await startEmulator({ seed, faultSeed: 20_240_506 });
try {
  const rows: string[] = [];
  for (const { name, env } of CONFIGURATIONS) {
    const config = withLocalUpstream(
      loadConfig({
        GATEWAY_DEMO: 'false',
        GATEWAY_AUTH_MODE: 'none',
        GATEWAY_SHUTDOWN_DRAIN_MS: '0',
        AWS_REGION: 'us-east-1',
        HOST: '127.0.0.1',
        PORT: '0',
        GATEWAY_CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef0123456789',
        GATEWAY_COGNITO_PAGE_SIZE: '5',
        GATEWAY_PERSONALIZE_PAGE_SIZE: '7',
        LOG_LEVEL: 'silent',
        ...env,
      }),
      { endpoint: emulator.url, credentials: emulator.credentials },
    );
    const gateway = await createGateway(config);
    const { url } = await gateway.listen();
    emulator.faults.set([{ throttleRate: RATE }]);
    const latencies: number[] = [];
    let ok = 0;
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < OPERATIONS && performance.now() - started < DURATION_MS) {
        const { query, variables } = operation(next);
        next += 1;
        const t0 = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        latencies.push(performance.now() - t0);
        if (response.status === 200 && body.errors === undefined) ok += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedS = (performance.now() - started) / 1000;
    emulator.faults.clear();
    await gateway.close();
    latencies.sort((a, b) => a - b);
    rows.push(
      [
        name.padEnd(30),
        `${String(latencies.length).padStart(5)} ops`,
        `${((100 * ok) / latencies.length).toFixed(1).padStart(6)}% ok`,
        `${(latencies.length / elapsedS).toFixed(1).padStart(6)} ops/s`,
        `p50 ${(percentile(latencies, 0.5) / 1000).toFixed(2).padStart(6)} s`,
        `p99 ${(percentile(latencies, 0.99) / 1000).toFixed(2).padStart(6)} s`,
      ].join('  '),
    );
    console.log(rows.at(-1));
  }
} finally {
  await emulator.close();
}
