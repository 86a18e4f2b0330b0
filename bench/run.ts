// `npm run bench`: the gateway against its floors, all against the same emulator in the same run,
// so the figures are ratios that mean something on any machine (issue 13).
//
// Scenarios (Personalize ListDatasets over a generated listing of 10,000 datasets, upstream page 100):
//   sdk-first-page          a plain AWS SDK v3 loop in this process fetching the first page; its
//                           "server" CPU is this process's own
//   yoga-floor-first-page   bench/serve-yoga-floor.ts: bare graphql-yoga, one field, the same SDK
//                           call, the same 20 items (the fair floor)
//   gateway-first-page      gateway `personalizeDatasets(first: 20)`
//   gateway-deep-after      gateway `first: 20, after: <cursor of #5009>`
//   gateway-jwt-first-page  the first page on a second gateway in GATEWAY_AUTH_MODE=gateway, with a
//                           JWT from the emulator's user pool
//   gateway-cached-first-page        the first page on a gateway with GATEWAY_CACHE=memory
//   gateway-redis-cached-first-page  the same with GATEWAY_CACHE=redis (BENCH_REDIS_URL, default
//                           the machine's redis://127.0.0.1:6379)
// The other gateways run with GATEWAY_CACHE=off: one upstream call per request.
// They run interleaved, in the listed order in odd rounds and reversed in even ones (A B C D E,
// E D C B A, ...), with a short warm-up each, so drift on a shared machine lands on all of them
// and no scenario always runs right after the same other one; each is reported as its median over
// the rounds. Then, once,
// yoga-floor-first-page-100c and gateway-first-page-100c (100 connections for 20 s each: the RSS
// target, with the floor under the same load as its same-run baseline), and the upstream-call table.
// Every server is its own process (so is the emulator); CPU and memory come from /proc/<pid>.
import { availableParallelism, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';

import { ListDatasetsCommand, PersonalizeClient } from '@aws-sdk/client-personalize';

import { SERVER_NODE_OPTIONS, startChild, stopChildren } from './children.js';
import {
  PAGE_QUERY,
  BACKWARD_QUERY,
  TOTAL_COUNT_QUERY,
  TOTAL_COUNT_AFTER_QUERY,
  FLOOR_QUERY,
  type GraphqlAnswer,
  graphql,
  cursorAt,
  type EmulatorInfo,
  issueToken,
} from './gateway-requests.js';
import { countUpstream, measure, type Scenario } from './measure.js';
import { loadHttp, loadSdk, type HttpLoad } from './load.js';
import {
  INTERLEAVED,
  JSON_FILE,
  RSS_DEFAULT_HEAP_SCENARIO,
  RSS_FLOOR_SCENARIO,
  RSS_PARTS,
  RSS_SCENARIO,
  UPSTREAM_TABLE,
  DURATION_S,
  WARMUP_S,
  INITIAL_WARMUP_S,
  ROUNDS,
  CONNECTIONS,
  RSS_CONNECTIONS,
  RSS_DURATION_S,
  BUILD,
  PARTS,
  UPSTREAM_PAGE,
  RSS_CEILING_MB,
} from './options.js';
import {
  printRatios,
  printScenarios,
  printUpstreamCalls,
  ratios,
  summarise,
  type Ceiling,
  type Measurement,
  type ScenarioSummary,
  type UpstreamCallCount,
} from './report.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/**
 * The scenarios' order in round `round` (from 1): as listed in odd rounds, reversed in even ones
 * (A B C, C B A, ...), so each scenario runs both before and after its neighbours, and a drift
 * that is linear in time cancels from a neighbour's ratio over two rounds.
 */
function orderOf<T>(list: readonly T[], round: number): T[] {
  return round % 2 === 1 ? [...list] : [...list].reverse();
}

process.once('SIGINT', () => {
  stopChildren();
  process.exit(130);
});

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const startedAt = new Date();
  const emulatorChild = await startChild('serve-emulator.ts', BUILD);
  const emulatorInfo = emulatorChild.info as EmulatorInfo;
  const emulator = { info: emulatorInfo, pid: emulatorChild.pid };
  const upstreamEnv = { BENCH_UPSTREAM: JSON.stringify(emulatorChild.info) };
  const redisUrl = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const [gateway, jwtGateway, floor, cachedGateway, redisGateway] = await Promise.all([
    startChild('serve-gateway.ts', BUILD, upstreamEnv),
    startChild('serve-gateway.ts', BUILD, { ...upstreamEnv, BENCH_AUTH: 'gateway' }),
    startChild('serve-yoga-floor.ts', BUILD, upstreamEnv),
    startChild('serve-gateway.ts', BUILD, { ...upstreamEnv, BENCH_CACHE: 'memory' }),
    startChild('serve-gateway.ts', BUILD, {
      ...upstreamEnv,
      BENCH_CACHE: 'redis',
      BENCH_REDIS_URL: redisUrl,
    }),
  ]);
  // V8 sizes its own heap here (NODE_OPTIONS empty): the same-run baseline of the image's flags.
  const defaultHeapGateway = PARTS.has(RSS_DEFAULT_HEAP_SCENARIO)
    ? await startChild('serve-gateway.ts', BUILD, { ...upstreamEnv, NODE_OPTIONS: '' })
    : undefined;
  const cachedGatewayUrl = (cachedGateway.info as { url: string }).url;
  const redisGatewayUrl = (redisGateway.info as { url: string }).url;
  const gatewayUrl = (gateway.info as { url: string }).url;
  const jwtGatewayUrl = (jwtGateway.info as { url: string }).url;
  const floorUrl = (floor.info as { url: string }).url;
  const token = await issueToken(emulatorInfo);
  const client = new PersonalizeClient({
    endpoint: emulatorInfo.url,
    region: 'us-east-1',
    credentials: emulatorInfo.credentials,
  });
  const deepCursor = await cursorAt(gatewayUrl, 5009);

  /** A scenario POSTing one GraphQL request, and a check that its answer holds `items` items. */
  const httpScenario = (
    name: string,
    serverPid: number,
    request: HttpLoad,
    itemsOf: (answer: GraphqlAnswer) => number | undefined,
  ): Scenario => ({
    name,
    serverPid,
    connections: CONNECTIONS,
    run: (connections, durationS) => loadHttp(request, connections, durationS),
    check: async () => {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...request.headers },
        body: request.body,
      });
      const answer = (await response.json()) as GraphqlAnswer;
      const items = itemsOf(answer);
      if (answer.errors !== undefined || items !== 20) {
        throw new Error(
          `${name}: expected 20 items, got ${String(items)}: ${JSON.stringify(answer.errors)}`,
        );
      }
    },
  });
  const gatewayRequest = (
    url: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): HttpLoad => ({ url, headers, body: JSON.stringify({ query: PAGE_QUERY, variables }) });
  const edgesOf = (answer: GraphqlAnswer): number | undefined =>
    answer.data?.personalizeDatasets?.edges?.length;
  const scenarios: Record<(typeof INTERLEAVED)[number], Scenario> = {
    'sdk-first-page': {
      name: 'sdk-first-page',
      serverPid: process.pid,
      connections: CONNECTIONS,
      run: (connections, durationS) =>
        loadSdk(client, { maxResults: UPSTREAM_PAGE }, connections, durationS),
      check: async () => {
        const output = await client.send(new ListDatasetsCommand({ maxResults: UPSTREAM_PAGE }));
        const items = output.datasets?.length;
        if (items !== UPSTREAM_PAGE) throw new Error(`sdk-first-page: ${String(items)} items`);
      },
    },
    'yoga-floor-first-page': httpScenario(
      'yoga-floor-first-page',
      floor.pid,
      {
        url: floorUrl,
        headers: {},
        body: JSON.stringify({ query: FLOOR_QUERY, variables: { first: 20 } }),
      },
      (answer) =>
        (answer.data as { personalizeDatasets?: readonly unknown[] } | undefined)
          ?.personalizeDatasets?.length,
    ),
    'gateway-first-page': httpScenario(
      'gateway-first-page',
      gateway.pid,
      gatewayRequest(gatewayUrl, { first: 20 }),
      edgesOf,
    ),
    'gateway-deep-after': httpScenario(
      'gateway-deep-after',
      gateway.pid,
      gatewayRequest(gatewayUrl, { first: 20, after: deepCursor }),
      edgesOf,
    ),
    'gateway-jwt-first-page': httpScenario(
      'gateway-jwt-first-page',
      jwtGateway.pid,
      gatewayRequest(jwtGatewayUrl, { first: 20 }, { authorization: `Bearer ${token}` }),
      edgesOf,
    ),
    'gateway-cached-first-page': httpScenario(
      'gateway-cached-first-page',
      cachedGateway.pid,
      gatewayRequest(cachedGatewayUrl, { first: 20 }),
      edgesOf,
    ),
    'gateway-redis-cached-first-page': httpScenario(
      'gateway-redis-cached-first-page',
      redisGateway.pid,
      gatewayRequest(redisGatewayUrl, { first: 20 }),
      edgesOf,
    ),
  };
  // A scenario that answers the wrong thing fast must not pass for a fast one.
  for (const scenario of Object.values(scenarios)) await scenario.check();

  const selected = INTERLEAVED.filter((name) => PARTS.has(name));
  const perRound: Record<string, Measurement[]> = Object.fromEntries(
    selected.map((name) => [name, []]),
  );
  const loadS =
    selected.length * (INITIAL_WARMUP_S + ROUNDS * (WARMUP_S + DURATION_S)) +
    RSS_PARTS.filter((name) => PARTS.has(name)).length * (WARMUP_S + RSS_DURATION_S);
  console.log(
    `${String(ROUNDS)} rounds x ${String(selected.length)} scenarios x (${String(WARMUP_S)} s warm-up + ` +
      `${String(DURATION_S)} s), ${String(CONNECTIONS)} connections: ${(loadS / 60).toFixed(1)} min of load. ` +
      `Servers: ${BUILD === 'compiled' ? 'node on dist/ (compiled)' : 'tsx (TypeScript sources)'}, NODE_ENV=production, ` +
      `NODE_OPTIONS="${SERVER_NODE_OPTIONS}".`,
  );
  if (INITIAL_WARMUP_S > 0) {
    for (const name of selected) await scenarios[name].run(CONNECTIONS, INITIAL_WARMUP_S);
  }
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const name of orderOf(selected, round)) {
      const m = await measure(scenarios[name], emulator, DURATION_S, WARMUP_S);
      perRound[name]?.push(m);
      console.log(
        `  round ${String(round)} ${name.padEnd(24)} ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `server ${m.serverCpuMsPerRequest.toFixed(3)} ms/req  errors ${String(m.errors)}`,
      );
    }
  }
  const summaries: Record<string, ScenarioSummary> = {};
  for (const name of selected) summaries[name] = summarise(perRound[name] ?? []);

  if (PARTS.has(RSS_FLOOR_SCENARIO)) {
    const floorRss: Scenario = {
      ...scenarios['yoga-floor-first-page'],
      name: RSS_FLOOR_SCENARIO,
      connections: RSS_CONNECTIONS,
    };
    summaries[RSS_FLOOR_SCENARIO] = summarise([
      await measure(floorRss, emulator, RSS_DURATION_S, WARMUP_S),
    ]);
  }
  if (PARTS.has(RSS_SCENARIO)) {
    const rss: Scenario = {
      ...scenarios['gateway-first-page'],
      name: RSS_SCENARIO,
      connections: RSS_CONNECTIONS,
    };
    summaries[RSS_SCENARIO] = summarise([await measure(rss, emulator, RSS_DURATION_S, WARMUP_S)]);
  }
  if (defaultHeapGateway !== undefined) {
    const defaultHeap: Scenario = {
      ...httpScenario(
        RSS_DEFAULT_HEAP_SCENARIO,
        defaultHeapGateway.pid,
        gatewayRequest((defaultHeapGateway.info as { url: string }).url, { first: 20 }),
        edgesOf,
      ),
      connections: RSS_CONNECTIONS,
    };
    await defaultHeap.check();
    // Its JIT warm-up, which the interleaved gateways had in their rounds.
    await defaultHeap.run(CONNECTIONS, INITIAL_WARMUP_S);
    summaries[RSS_DEFAULT_HEAP_SCENARIO] = summarise([
      await measure(defaultHeap, emulator, RSS_DURATION_S, WARMUP_S),
    ]);
  }

  const upstreamTable: UpstreamCallCount[] = [];
  if (PARTS.has(UPSTREAM_TABLE)) {
    const before400 = await cursorAt(gatewayUrl, 400);
    const page =
      (variables: Record<string, unknown>, query = PAGE_QUERY) =>
      () =>
        graphql(gatewayUrl, query, variables);
    upstreamTable.push(
      await countUpstream(
        emulatorInfo,
        { name: 'first page', operation: 'first: 20', minimum: '1' },
        page({ first: 20 }),
      ),
      await countUpstream(
        emulatorInfo,
        { name: 'deep after', operation: 'first: 20, after: <cursor of #5009>', minimum: '1' },
        page({ first: 20, after: deepCursor }),
      ),
      await countUpstream(
        emulatorInfo,
        { name: 'last before #400', operation: 'last: 5, before: <cursor of #400>', minimum: '5' },
        page({ last: 5, before: before400 }, BACKWARD_QUERY),
      ),
      await countUpstream(
        emulatorInfo,
        {
          name: 'totalCount after #5009',
          operation: 'first: 20, after: <cursor of #5009> { totalCount } (beyond the cap)',
          minimum: '1',
        },
        () => graphql(gatewayUrl, TOTAL_COUNT_AFTER_QUERY, { after: deepCursor }),
      ),
      await countUpstream(
        emulatorInfo,
        {
          name: 'totalCount beyond cap',
          operation: 'first: 20 { totalCount } (10,000 > 50 pages)',
          minimum: 'none thrown away',
        },
        () => graphql(gatewayUrl, TOTAL_COUNT_QUERY),
      ),
    );
  }
  client.destroy();

  const ratioList = ratios(summaries);
  const rssPeak = summaries[RSS_SCENARIO]?.serverRssPeakMb ?? null;
  const ceilings: Ceiling[] = PARTS.has(RSS_SCENARIO)
    ? [
        {
          label: `gateway RSS peak, ${String(RSS_CONNECTIONS)} connections ${String(RSS_DURATION_S)} s`,
          value: rssPeak,
          atMost: RSS_CEILING_MB,
          unit: `MB (${BUILD})`,
          met: rssPeak === null ? null : rssPeak <= RSS_CEILING_MB,
        },
      ]
    : [];

  console.log('');
  printScenarios(summaries);
  console.log('');
  printRatios(ratioList, ceilings);
  if (upstreamTable.length > 0) {
    console.log('');
    printUpstreamCalls(upstreamTable);
  }
  const loadAfter = loadavg();
  console.log(
    `\nload average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} on ${String(availableParallelism())} CPUs`,
  );

  if (JSON_FILE !== undefined) {
    const report = {
      startedAt: startedAt.toISOString(),
      settings: {
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        initialWarmupS: INITIAL_WARMUP_S,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        rssConnections: RSS_CONNECTIONS,
        rssDurationS: RSS_DURATION_S,
        build: BUILD,
        nodeEnv: 'production',
        nodeOptions: SERVER_NODE_OPTIONS,
        node: process.version,
        cpus: availableParallelism(),
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        upstreamPageSize: UPSTREAM_PAGE,
      },
      scenarios: summaries,
      ratios: ratioList,
      ceilings,
      upstreamCalls: upstreamTable,
    };
    writeFileSync(JSON_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${JSON_FILE}`);
  }
}

try {
  await main();
} finally {
  stopChildren();
}
