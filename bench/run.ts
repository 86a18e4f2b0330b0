// `npm run bench`: the gateway against a plain AWS SDK loop, both against the same emulator in the
// same run, so the figures are ratios that mean something on any machine.
//
// Scenarios (Personalize ListDatasets over a generated listing of 10,000 datasets):
//   first page   gateway `personalizeDatasets(first: 20)`          vs SDK ListDatasets (maxResults 100)
//   deep after   gateway `first: 20, after: <cursor at #5009>`     vs SDK ListDatasets (the token of that page)
//   JWT auth     gateway first page with a verified JWT (GATEWAY_AUTH_MODE=gateway) vs the same
//                page on the gateway without caller auth: the price of authentication alone
// The SDK baseline fetches the same upstream page the gateway needs; the gateway's extra cost is
// GraphQL parsing, validation, cursor verification, DataLoader and the HTTP hop.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { ListDatasetsCommand, PersonalizeClient } from '@aws-sdk/client-personalize';
import autocannon from 'autocannon';

// The SDK's one-time notice that its 2027 releases need Node 22 would only clutter the table.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const USAGE = `Usage: npm run bench -- [options]
  --duration S      seconds per scenario (default 8, or BENCH_DURATION_S)
  --connections N   concurrent connections (default 10, or BENCH_CONNECTIONS)
  --help            show this help`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (flags.help === true) {
  console.log(USAGE);
  process.exit(0);
}

function positiveNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (!(value > 0)) {
    console.error(`${name} must be a positive number, got '${raw}'\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const DURATION_S = positiveNumber(
  '--duration',
  flags.duration ?? process.env['BENCH_DURATION_S'] ?? '8',
);
const CONNECTIONS = positiveNumber(
  '--connections',
  flags.connections ?? process.env['BENCH_CONNECTIONS'] ?? '10',
);
const UPSTREAM_PAGE = 100;

interface StackInfo {
  readonly gatewayUrl: string;
  /** The same gateway with GATEWAY_AUTH_MODE=gateway, and a token it accepts. */
  readonly authGatewayUrl: string;
  readonly token: string;
  readonly emulatorUrl: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

interface Result {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly operations: number;
  readonly errors: number;
  readonly upstreamCallsPerOperation: number;
}

const PAGE_QUERY = /* GraphQL */ `
  query Bench($first: Int!, $after: String) {
    personalizeDatasets(first: $first, after: $after) {
      edges {
        cursor
        node {
          datasetArn
          name
          datasetType
          status
          creationDateTime
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface PageData {
  readonly personalizeDatasets: {
    readonly edges: readonly unknown[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  } | null;
}

/** Starts a bench server script and resolves to the JSON line it prints once it listens. */
async function startChild(
  script: string,
  env: Record<string, string> = {},
): Promise<{ info: unknown; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => {
      reject(new Error(`${script} exited with ${String(code)}`));
    });
  });
  return { info: JSON.parse(first) as unknown, stop: () => child.kill('SIGTERM') };
}

// Three processes, as in production: the emulator (standing in for AWS), the gateway, and this
// load generator, which also runs the SDK baseline. Neither side shares an event loop with AWS.
async function startSystemUnderTest(): Promise<{ info: StackInfo; stop: () => void }> {
  const emulator = await startChild('bench/serve-emulator.ts');
  const emulatorInfo = emulator.info as { url: string; credentials: StackInfo['credentials'] };
  const started: { stop: () => void }[] = [emulator];
  try {
    const gateway = await startChild('bench/serve-gateway.ts', {
      BENCH_UPSTREAM: JSON.stringify(emulator.info),
    });
    started.push(gateway);
    const authGateway = await startChild('bench/serve-gateway.ts', {
      BENCH_UPSTREAM: JSON.stringify(emulator.info),
      BENCH_AUTH: 'gateway',
    });
    started.push(authGateway);
    return {
      info: {
        gatewayUrl: (gateway.info as { url: string }).url,
        authGatewayUrl: (authGateway.info as { url: string }).url,
        token: await issueToken(emulatorInfo.url),
        emulatorUrl: emulatorInfo.url,
        credentials: emulatorInfo.credentials,
      },
      stop: () => {
        for (const child of started) child.stop();
      },
    };
  } catch (error) {
    for (const child of started) child.stop();
    throw error;
  }
}

/** A token of the emulator's user pool with the scope that reads Personalize. */
async function issueToken(emulatorUrl: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/_emulator/tokens`, {
    method: 'POST',
    body: JSON.stringify({
      subject: 'bench',
      expiresInSeconds: 3600,
      claims: { scope: 'personalize:read' },
    }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function graphql(url: string, variables: Record<string, unknown>): Promise<PageData> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE_QUERY, variables }),
  });
  const body = (await response.json()) as { data?: PageData; errors?: unknown[] };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}

async function upstreamCalls(emulatorUrl: string): Promise<number> {
  const response = await fetch(`${emulatorUrl}/_emulator/requests`);
  return ((await response.json()) as { count: number }).count;
}

async function resetUpstreamLog(emulatorUrl: string): Promise<void> {
  await fetch(`${emulatorUrl}/_emulator/reset-log`, { method: 'POST' });
}

async function loadGateway(
  name: string,
  info: StackInfo,
  variables: Record<string, unknown>,
  durationS = DURATION_S,
  auth = false,
): Promise<Result> {
  await resetUpstreamLog(info.emulatorUrl);
  const result = await autocannon({
    url: auth ? info.authGatewayUrl : info.gatewayUrl,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth ? { authorization: `Bearer ${info.token}` } : {}),
    },
    body: JSON.stringify({ query: PAGE_QUERY, variables }),
    connections: CONNECTIONS,
    duration: durationS,
    // GraphQL errors arrive with HTTP 200: count them, so a failing query cannot pass for a fast one.
    verifyBody: (body) => body !== undefined && !body.toString().includes('"errors"'),
  });
  const operations = result.requests.total;
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    operations,
    errors: result.errors + result.non2xx + result.mismatches,
    upstreamCallsPerOperation: (await upstreamCalls(info.emulatorUrl)) / Math.max(operations, 1),
  };
}

/** A closed loop of CONNECTIONS concurrent SDK callers for DURATION_S, like autocannon's. */
async function loadSdk(
  name: string,
  info: StackInfo,
  client: PersonalizeClient,
  nextToken: string | undefined,
  durationS = DURATION_S,
): Promise<Result> {
  await resetUpstreamLog(info.emulatorUrl);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await client.send(
          new ListDatasetsCommand({
            maxResults: UPSTREAM_PAGE,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name,
    requestsPerSecond: latencies.length / elapsedS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    operations: latencies.length,
    errors,
    upstreamCallsPerOperation:
      (await upstreamCalls(info.emulatorUrl)) / Math.max(latencies.length, 1),
  };
}

/** The gateway cursor of item #5009 and the SDK token of the upstream page holding it. */
async function deepPosition(
  info: StackInfo,
  client: PersonalizeClient,
): Promise<{ cursor: string; token: string }> {
  let after: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const data: PageData = await graphql(info.gatewayUrl, { first: 100, after });
    after = data.personalizeDatasets?.pageInfo.endCursor ?? null;
  }
  const tenMore = await graphql(info.gatewayUrl, { first: 10, after });
  const cursor = tenMore.personalizeDatasets?.pageInfo.endCursor;

  let token: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const output = await client.send(
      new ListDatasetsCommand({
        maxResults: UPSTREAM_PAGE,
        ...(token === undefined ? {} : { nextToken: token }),
      }),
    );
    token = output.nextToken;
  }
  if (cursor == null || token === undefined) throw new Error('the generated listing is too short');
  return { cursor, token };
}

function printTable(pairs: readonly (readonly [Result, Result, string])[]): void {
  const row = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(12))).join(' ');
  console.log(row(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'upstream/op', 'errors', 'ops']));
  for (const pair of pairs) {
    for (const r of pair.slice(0, 2) as Result[]) {
      console.log(
        row([
          r.name,
          r.requestsPerSecond.toFixed(0),
          r.p50Ms.toFixed(2),
          r.p99Ms.toFixed(2),
          r.upstreamCallsPerOperation.toFixed(2),
          String(r.errors),
          String(r.operations),
        ]),
      );
    }
    const [gateway, baseline, label] = pair;
    console.log(
      row([
        `  ${label}`,
        `${(gateway.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}x`,
        `${(gateway.p50Ms / baseline.p50Ms).toFixed(2)}x`,
        `${(gateway.p99Ms / baseline.p99Ms).toFixed(2)}x`,
        '',
        '',
        '',
      ]),
    );
  }
}

const { info, stop } = await startSystemUnderTest();
try {
  const client = new PersonalizeClient({
    endpoint: info.emulatorUrl,
    region: 'us-east-1',
    credentials: info.credentials,
  });
  const deep = await deepPosition(info, client);
  // Warm both paths (JIT, keep-alive sockets) before measuring.
  await loadSdk('warm-up', info, client, undefined, 2);
  await loadGateway('warm-up', info, { first: 20 }, 2);
  await loadGateway('warm-up', info, { first: 20 }, 2, true);

  console.log(
    `\n${CONNECTIONS} connections, ${DURATION_S} s per scenario, listing of 10,000 Personalize datasets, upstream page ${UPSTREAM_PAGE}\n`,
  );
  printTable([
    [
      await loadGateway('gateway first page', info, { first: 20 }),
      await loadSdk('SDK first page', info, client, undefined),
      'gateway / SDK baseline',
    ],
    [
      await loadGateway('gateway deep after (#5009)', info, { first: 20, after: deep.cursor }),
      await loadSdk('SDK deep page (token)', info, client, deep.token),
      'gateway / SDK baseline',
    ],
    [
      await loadGateway('gateway + JWT first page', info, { first: 20 }, DURATION_S, true),
      await loadGateway('gateway, no auth', info, { first: 20 }),
      'JWT auth / no auth',
    ],
  ]);
  client.destroy();
} finally {
  stop();
}
