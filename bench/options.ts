// `npm run bench` options: the scenario names, the flags and their defaults, parsed once at start.
import { parseArgs } from 'node:util';

import { SERVER_NODE_OPTIONS, type Build } from './children.js';
import { numberFlag as checkedNumber } from './flags.js';

export const INTERLEAVED = [
  'sdk-first-page',
  'yoga-floor-first-page',
  'gateway-first-page',
  'gateway-deep-after',
  'gateway-jwt-first-page',
  'gateway-cached-first-page',
  'gateway-redis-cached-first-page',
] as const;
export const RSS_SCENARIO = 'gateway-first-page-100c';
export const UPSTREAM_TABLE = 'upstream-calls';
/** The yoga floor under the RSS scenario's load, run just before it: its same-run RSS baseline. */
export const RSS_FLOOR_SCENARIO = 'yoga-floor-first-page-100c';
/** The RSS scenario on a gateway with V8's own heap sizing: what the image's heap flags trade. */
export const RSS_DEFAULT_HEAP_SCENARIO = 'gateway-100c-v8-default-heap';
export const RSS_PARTS = [RSS_FLOOR_SCENARIO, RSS_SCENARIO, RSS_DEFAULT_HEAP_SCENARIO] as const;
export const ALL_PARTS: readonly string[] = [...INTERLEAVED, ...RSS_PARTS, UPSTREAM_TABLE];

const USAGE = `Usage: npm run bench -- [options]

  --duration S        measured seconds per scenario and round (default 3, or BENCH_DURATION_S)
  --warmup S          unmeasured seconds before each scenario in each round (default 0.5)
  --initial-warmup S  unmeasured seconds of each scenario once before the first round, for the
                      JIT (default 3)
  --rounds N          interleaved rounds; each scenario reports its median (default 6)
  --connections N     concurrent connections / SDK callers (default 10, or BENCH_CONNECTIONS)
  --rss-connections N connections of ${RSS_PARTS.join(', ')}
                      (default 100)
  --rss-duration S    seconds of each of them (default 20)
  --scenarios LIST    comma-separated parts to run (default all):
                      ${ALL_PARTS.join(',\n                      ')}
  --compiled          run the servers on plain node from dist/ (\`npm run build\` first) instead
                      of through tsx (the default)
  --json FILE         also write the results as JSON to FILE
  --help              show this help

Servers run with NODE_ENV=production and the Dockerfile's NODE_OPTIONS, as in the container
image (now "${SERVER_NODE_OPTIONS}"),
or with BENCH_NODE_OPTIONS when it is set; ${RSS_DEFAULT_HEAP_SCENARIO} runs with none. With
BENCH_CPU_PROFILE_DIR set, each server writes a V8 CPU profile there when it stops; with
BENCH_SERVER_LOG_DIR set, what each prints on stdout besides its JSON line (a V8 GC trace, say:
docs/performance.md) goes to a file there. Upstream page 100, listing of 10,000 Personalize
datasets (BENCH_PERSONALIZE_GROUPS x 5).`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    'initial-warmup': { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    'rss-connections': { type: 'string' },
    'rss-duration': { type: 'string' },
    scenarios: { type: 'string' },
    compiled: { type: 'boolean' },
    json: { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (flags.help === true) {
  console.log(USAGE);
  process.exit(0);
}

function numberFlag(name: string, raw: string, min: number, integer: boolean): number {
  return checkedNumber(name, raw, min, integer, USAGE);
}

export const DURATION_S = numberFlag(
  'duration',
  flags.duration ?? process.env['BENCH_DURATION_S'] ?? '3',
  1,
  false,
);
export const WARMUP_S = numberFlag('warmup', flags.warmup ?? '0.5', 0, false);
export const INITIAL_WARMUP_S = numberFlag(
  'initial-warmup',
  flags['initial-warmup'] ?? '3',
  0,
  false,
);
export const ROUNDS = numberFlag('rounds', flags.rounds ?? '6', 1, true);
export const CONNECTIONS = numberFlag(
  'connections',
  flags.connections ?? process.env['BENCH_CONNECTIONS'] ?? '10',
  1,
  true,
);
export const RSS_CONNECTIONS = numberFlag(
  'rss-connections',
  flags['rss-connections'] ?? '100',
  1,
  true,
);
export const RSS_DURATION_S = numberFlag('rss-duration', flags['rss-duration'] ?? '20', 1, false);
export const BUILD: Build = flags.compiled === true ? 'compiled' : 'tsx';
/** Where to write the JSON report, if anywhere. */
export const JSON_FILE: string | undefined = flags.json;
export const PARTS = new Set(flags.scenarios?.split(',').map((part) => part.trim()) ?? ALL_PARTS);
for (const part of PARTS) {
  if (!ALL_PARTS.includes(part)) {
    console.error(`--scenarios: unknown '${part}'\n\n${USAGE}`);
    process.exit(2);
  }
}
export const UPSTREAM_PAGE = 100;
export const RSS_CEILING_MB = 200;
