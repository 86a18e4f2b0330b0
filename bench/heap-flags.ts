// `npm run bench:heap`: V8 heap settings (NODE_OPTIONS) compared under the RSS scenario's load
// (the built gateway, `personalizeDatasets(first: 20)`, 100 connections). One gateway per setting,
// all against one emulator, measured in interleaved rounds (A B C, A B C, ...) so that the
// machine's drift lands on all of them: each setting's CPU per request is reported as its median
// ratio to the first setting's in the same round, with the range over the rounds, and its RSS
// peak as the highest of its rounds. This is how the image's NODE_OPTIONS were chosen
// (docs/performance.md); run it to weigh other flags for another machine or memory limit.
import { parseArgs } from 'node:util';

import { SERVER_NODE_OPTIONS, startChild, stopChildren } from './children.js';
import { numberFlag } from './flags.js';
import { PAGE_QUERY, type EmulatorInfo } from './gateway-requests.js';
import { loadHttp } from './load.js';
import { measure, type Scenario } from './measure.js';
import { median } from './report.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const USAGE = `Usage: npm run bench:heap -- [options] [-- NODE_OPTIONS ...]

Each argument after the second -- is one setting, the NODE_OPTIONS of one gateway ('' for V8's own
sizing); the first is the baseline. Default: '' and the Dockerfile's
"${SERVER_NODE_OPTIONS}".

  --rounds N        interleaved rounds (default 6)
  --duration S      measured seconds per setting and round (default 5)
  --connections N   concurrent connections (default 100)
  --help            show this help

Needs the build (\`npm run build\`): the gateways run on plain node from dist/.`;

function parse() {
  try {
    return parseArgs({
      options: {
        rounds: { type: 'string', default: '6' },
        duration: { type: 'string', default: '5' },
        connections: { type: 'string', default: '100' },
        help: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}
const { values: flags, positionals } = parse();
if (flags.help === true) {
  console.log(USAGE);
  process.exit(0);
}
const ROUNDS = numberFlag('rounds', flags.rounds, 1, true, USAGE);
const DURATION_S = numberFlag('duration', flags.duration, 1, false, USAGE);
const CONNECTIONS = numberFlag('connections', flags.connections, 1, true, USAGE);
const SETTINGS = positionals.length > 0 ? positionals : ['', SERVER_NODE_OPTIONS];

interface Rounds {
  readonly cpuMsPerRequest: number[];
  readonly cpuRatio: number[];
  readonly requestsPerSecond: number[];
  readonly p99Ms: number[];
  readonly rssPeakMb: number[];
  errors: number;
}

try {
  const emulator = await startChild('serve-emulator.ts', 'compiled');
  const info = emulator.info as EmulatorInfo;
  const gateways = await Promise.all(
    SETTINGS.map((nodeOptions) =>
      startChild('serve-gateway.ts', 'compiled', {
        BENCH_UPSTREAM: JSON.stringify(info),
        NODE_OPTIONS: nodeOptions,
      }),
    ),
  );
  const scenarios = gateways.map((gateway, i): Scenario => ({
    name: SETTINGS[i] === '' ? '(V8 defaults)' : (SETTINGS[i] ?? ''),
    serverPid: gateway.pid,
    connections: CONNECTIONS,
    run: (connections, durationS) =>
      loadHttp(
        {
          url: (gateway.info as { url: string }).url,
          headers: {},
          body: JSON.stringify({ query: PAGE_QUERY, variables: { first: 20 } }),
        },
        connections,
        durationS,
      ),
    check: () => Promise.resolve(),
  }));
  console.log(
    `${String(ROUNDS)} rounds x ${String(SETTINGS.length)} settings x ${String(DURATION_S)} s at ${String(CONNECTIONS)} connections`,
  );
  // The JIT's warm-up, unmeasured.
  for (const scenario of scenarios) await scenario.run(10, 3);
  const results: Rounds[] = scenarios.map(() => ({
    cpuMsPerRequest: [],
    cpuRatio: [],
    requestsPerSecond: [],
    p99Ms: [],
    rssPeakMb: [],
    errors: 0,
  }));
  for (let round = 1; round <= ROUNDS; round += 1) {
    let baseline = Number.NaN;
    for (const [i, scenario] of scenarios.entries()) {
      const m = await measure(scenario, { info, pid: emulator.pid }, DURATION_S, 0.5);
      if (i === 0) baseline = m.serverCpuMsPerRequest;
      const result = results[i];
      if (result === undefined) continue;
      result.cpuMsPerRequest.push(m.serverCpuMsPerRequest);
      result.cpuRatio.push(m.serverCpuMsPerRequest / baseline);
      result.requestsPerSecond.push(m.requestsPerSecond);
      result.p99Ms.push(m.p99Ms);
      result.rssPeakMb.push(m.serverRssPeakMb ?? Number.NaN);
      result.errors += m.errors;
    }
    console.log(`  round ${String(round)} done`);
  }
  console.log(
    `\n${'NODE_OPTIONS'.padEnd(52)} ${'CPU ms/req'.padStart(10)} ${'ratio'.padStart(6)} ${'range'.padStart(11)} ${'req/s'.padStart(6)} ${'p99 ms'.padStart(7)} ${'RSS MB'.padStart(7)} errors`,
  );
  for (const [i, scenario] of scenarios.entries()) {
    const r = results[i];
    if (r === undefined) continue;
    const range = `${Math.min(...r.cpuRatio).toFixed(2)}-${Math.max(...r.cpuRatio).toFixed(2)}`;
    console.log(
      `${scenario.name.padEnd(52)} ${median(r.cpuMsPerRequest).toFixed(3).padStart(10)} ${`${median(r.cpuRatio).toFixed(2)}x`.padStart(6)} ${range.padStart(11)} ${median(r.requestsPerSecond).toFixed(0).padStart(6)} ${median(r.p99Ms).toFixed(0).padStart(7)} ${Math.max(
        ...r.rssPeakMb,
      )
        .toFixed(0)
        .padStart(7)} ${String(r.errors)}`,
    );
  }
} finally {
  stopChildren();
}
