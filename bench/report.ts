// What `npm run bench` makes of its rounds: each scenario's median over the rounds, the ratios
// issue 13 sets targets on (each also per round, as a range, since rounds ran interleaved and a
// ratio within one round is the one drift cancels from), and the printed tables.

/** One scenario measured in one round. */
export interface Measurement {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU (user + system) of the process serving the scenario, per operation answered. */
  readonly serverCpuMsPerRequest: number;
  /** The emulator's CPU per operation: the upstream's share. */
  readonly emulatorCpuMsPerRequest: number;
  /** The bench process's own CPU (autocannon, or the SDK loop, which is also its "server"). */
  readonly loadGeneratorCpuMsPerRequest: number;
  /**
   * Emulator calls in the window over the operations sent in it: answered, failed, and the ones
   * still out when the window closed (one per connection), which may or may not have reached
   * upstream, so read it to about connections/operations; the upstream-call table is exact.
   */
  readonly upstreamCallsPerOperation: number;
  readonly errors: number;
  readonly errorKinds: Readonly<Record<string, number>>;
  readonly operations: number;
  /** Peak resident set (VmHWM) of the serving process during the window; null for the SDK loop. */
  readonly serverRssPeakMb: number | null;
}

/** A scenario over all its rounds: medians, except errors and operations, which are totals. */
export interface ScenarioSummary extends Measurement {
  readonly rounds: readonly Measurement[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function sumCounts(
  list: readonly Readonly<Record<string, number>>[],
): Readonly<Record<string, number>> {
  const sum: Record<string, number> = {};
  for (const counts of list) {
    for (const [kind, n] of Object.entries(counts)) sum[kind] = (sum[kind] ?? 0) + n;
  }
  return sum;
}

export function summarise(rounds: readonly Measurement[]): ScenarioSummary {
  const of = (pick: (m: Measurement) => number): number => median(rounds.map(pick));
  const rss = rounds.map((m) => m.serverRssPeakMb).filter((v): v is number => v !== null);
  return {
    requestsPerSecond: of((m) => m.requestsPerSecond),
    p50Ms: of((m) => m.p50Ms),
    p99Ms: of((m) => m.p99Ms),
    serverCpuMsPerRequest: of((m) => m.serverCpuMsPerRequest),
    emulatorCpuMsPerRequest: of((m) => m.emulatorCpuMsPerRequest),
    loadGeneratorCpuMsPerRequest: of((m) => m.loadGeneratorCpuMsPerRequest),
    upstreamCallsPerOperation: of((m) => m.upstreamCallsPerOperation),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    errorKinds: sumCounts(rounds.map((m) => m.errorKinds)),
    operations: rounds.reduce((sum, m) => sum + m.operations, 0),
    // The peak over the rounds, not their median: a memory ceiling is about the worst moment.
    serverRssPeakMb: rss.length === 0 ? null : Math.max(...rss),
    rounds,
  };
}

export type Metric = 'requestsPerSecond' | 'serverCpuMsPerRequest';

/** A ratio of two scenarios' metric, with the issue-13 target on it when there is one. */
export interface RatioSpec {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly metric: Metric;
  readonly target?: { readonly atLeast: number } | { readonly atMost: number };
}

export interface Ratio extends RatioSpec {
  /** numerator's median over denominator's median. */
  readonly value: number;
  /** The lowest and highest ratio within a single round. */
  readonly perRound: readonly [number, number];
  /** The median of the ratios within single rounds: the one drift cancels from best. */
  readonly perRoundMedian: number;
  readonly met: boolean | null;
}

/** Issue 13's targets, and the ratios that put them in context. */
export const RATIOS: readonly RatioSpec[] = [
  {
    label: 'gateway first page / yoga floor, throughput',
    numerator: 'gateway-first-page',
    denominator: 'yoga-floor-first-page',
    metric: 'requestsPerSecond',
    target: { atLeast: 0.9 },
  },
  {
    label: 'gateway first page / yoga floor, CPU per request',
    numerator: 'gateway-first-page',
    denominator: 'yoga-floor-first-page',
    metric: 'serverCpuMsPerRequest',
    target: { atMost: 1.15 },
  },
  {
    label: 'gateway first page / SDK loop, throughput',
    numerator: 'gateway-first-page',
    denominator: 'sdk-first-page',
    metric: 'requestsPerSecond',
  },
  {
    label: 'gateway first page / SDK loop, CPU per request',
    numerator: 'gateway-first-page',
    denominator: 'sdk-first-page',
    metric: 'serverCpuMsPerRequest',
  },
  {
    label: 'yoga floor / SDK loop, throughput',
    numerator: 'yoga-floor-first-page',
    denominator: 'sdk-first-page',
    metric: 'requestsPerSecond',
  },
  {
    label: 'deep after / first page, throughput',
    numerator: 'gateway-deep-after',
    denominator: 'gateway-first-page',
    metric: 'requestsPerSecond',
    target: { atLeast: 0.9 },
  },
  {
    label: 'JWT / no auth first page, throughput',
    numerator: 'gateway-jwt-first-page',
    denominator: 'gateway-first-page',
    metric: 'requestsPerSecond',
    target: { atLeast: 0.95 },
  },
  {
    label: 'cached first page (memory) / SDK loop, throughput',
    numerator: 'gateway-cached-first-page',
    denominator: 'sdk-first-page',
    metric: 'requestsPerSecond',
    target: { atLeast: 1.5 },
  },
  {
    label: 'cached first page (Redis) / SDK loop, throughput',
    numerator: 'gateway-redis-cached-first-page',
    denominator: 'sdk-first-page',
    metric: 'requestsPerSecond',
    target: { atLeast: 1.5 },
  },
  {
    label: '100 connections, image heap flags / V8 default heap, CPU per request',
    numerator: 'gateway-first-page-100c',
    denominator: 'gateway-100c-v8-default-heap',
    metric: 'serverCpuMsPerRequest',
  },
  {
    label: '100 connections, image heap flags / V8 default heap, throughput',
    numerator: 'gateway-first-page-100c',
    denominator: 'gateway-100c-v8-default-heap',
    metric: 'requestsPerSecond',
  },
];

function meets(value: number, target: RatioSpec['target']): boolean | null {
  if (target === undefined || !Number.isFinite(value)) return null;
  return 'atLeast' in target ? value >= target.atLeast : value <= target.atMost;
}

/** The ratios whose two scenarios both ran. */
export function ratios(scenarios: Readonly<Record<string, ScenarioSummary>>): Ratio[] {
  const out: Ratio[] = [];
  for (const spec of RATIOS) {
    const top = scenarios[spec.numerator];
    const bottom = scenarios[spec.denominator];
    if (top === undefined || bottom === undefined) continue;
    const value = top[spec.metric] / bottom[spec.metric];
    const perRound = top.rounds.map((m, i) => {
      const other = bottom.rounds[i];
      return other === undefined ? Number.NaN : m[spec.metric] / other[spec.metric];
    });
    out.push({
      ...spec,
      value,
      perRound: [Math.min(...perRound), Math.max(...perRound)],
      perRoundMedian: median(perRound),
      met: meets(value, spec.target),
    });
  }
  return out;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
}

const fixed = (value: number | null, digits: number): string =>
  value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);

export function printScenarios(scenarios: Readonly<Record<string, ScenarioSummary>>): void {
  const widths = [34, 8, 7, 7, 10, 9, 9, 11, 6, 7, 8];
  console.log(
    row(
      [
        'scenario (median of rounds)',
        'req/s',
        'p50 ms',
        'p99 ms',
        'server CPU',
        'emu CPU',
        'load CPU',
        'upstream/op',
        'errors',
        'ops',
        'RSS MB',
      ],
      widths,
    ),
  );
  console.log(row(['', '', '', '', 'ms/req', 'ms/req', 'ms/req', '', '', '', 'peak'], widths));
  for (const [name, s] of Object.entries(scenarios)) {
    console.log(
      row(
        [
          name,
          fixed(s.requestsPerSecond, 0),
          fixed(s.p50Ms, 2),
          fixed(s.p99Ms, 2),
          fixed(s.serverCpuMsPerRequest, 3),
          fixed(s.emulatorCpuMsPerRequest, 3),
          fixed(s.loadGeneratorCpuMsPerRequest, 3),
          fixed(s.upstreamCallsPerOperation, 2),
          String(s.errors),
          String(s.operations),
          fixed(s.serverRssPeakMb, 0),
        ],
        widths,
      ),
    );
  }
  for (const [name, s] of Object.entries(scenarios)) {
    if (s.errors === 0) continue;
    const kinds = Object.entries(s.errorKinds).map(([kind, n]) => `${kind} ${String(n)}`);
    console.log(`  errors of ${name}: ${kinds.join(', ')}`);
  }
}

/** A target that is not a ratio: a fixed ceiling on a figure. */
export interface Ceiling {
  readonly label: string;
  readonly value: number | null;
  readonly atMost: number;
  readonly unit: string;
  readonly met: boolean | null;
}

export function printRatios(list: readonly Ratio[], ceilings: readonly Ceiling[]): void {
  const widths = [50, 7, 11, 13, 9, 5];
  console.log(row(['ratio', 'medians', 'per round', 'rounds', 'target', 'met'], widths));
  console.log(row(['', 'ratio', 'median', 'range', '', ''], widths));
  const verdict = (met: boolean | null): string => (met === null ? '' : met ? 'yes' : 'NO');
  for (const r of list) {
    const target =
      r.target === undefined
        ? ''
        : 'atLeast' in r.target
          ? `>= ${r.target.atLeast.toFixed(2)}`
          : `<= ${r.target.atMost.toFixed(2)}`;
    console.log(
      row(
        [
          r.label,
          `${r.value.toFixed(2)}x`,
          `${r.perRoundMedian.toFixed(2)}x`,
          `${r.perRound[0].toFixed(2)}-${r.perRound[1].toFixed(2)}x`,
          target,
          verdict(r.met),
        ],
        widths,
      ),
    );
  }
  for (const c of ceilings) {
    console.log(
      row(
        [
          c.label,
          c.value === null ? '-' : c.value.toFixed(0),
          '',
          c.unit,
          `<= ${String(c.atMost)}`,
          verdict(c.met),
        ],
        widths,
      ),
    );
  }
}

/** One row of the upstream-call table: a single operation, and what it cost upstream. */
export interface UpstreamCallCount {
  readonly name: string;
  readonly operation: string;
  readonly callsPerOperation: number;
  /** What the issue says is enough, when it says. */
  readonly minimum: string;
  /** A short account of the answer (edges returned, totalCount, or the error code). */
  readonly answer: string;
}

export function printUpstreamCalls(list: readonly UpstreamCallCount[]): void {
  const widths = [22, 46, 10, 24, 28];
  console.log(
    row(['upstream calls', 'operation', 'calls/op', 'enough (issue 13)', 'answer'], widths),
  );
  for (const u of list) {
    console.log(
      row([u.name, u.operation, u.callsPerOperation.toFixed(2), u.minimum, u.answer], widths),
    );
  }
}
