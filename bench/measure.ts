// One measured window of a bench scenario (load, CPU and RSS of its server read from /proc, the
// emulator's call count) and the upstream-call table's rows: what bench/run.ts repeats per round.
import { setTimeout as delay } from 'node:timers/promises';

import {
  resetUpstreamLog,
  upstreamCalls,
  type EmulatorInfo,
  type GraphqlAnswer,
} from './gateway-requests.js';
import type { LoadResult } from './load.js';
import { cpuMs, resetPeakRss, rssMb } from './proc.js';
import type { Measurement, UpstreamCallCount } from './report.js';

/** What a scenario drives and which process serves it. */
export interface Scenario {
  readonly name: string;
  readonly serverPid: number;
  readonly connections: number;
  run(connections: number, durationS: number): Promise<LoadResult>;
  /** Throws unless one call answers what the scenario claims to measure. */
  check(): Promise<void>;
}

/** Runs `scenario` for `durationS` after `warmupS` unmeasured, reading /proc around the window. */
export async function measure(
  scenario: Scenario,
  emulator: { readonly info: EmulatorInfo; readonly pid: number },
  durationS: number,
  warmupS: number,
): Promise<Measurement> {
  if (warmupS > 0) {
    await scenario.run(scenario.connections, warmupS);
    // The warm-up's dropped calls may still reach the emulator; let them land before counting.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await resetUpstreamLog(emulator.info);
  const ownsServer = scenario.serverPid !== process.pid;
  const peakResettable = ownsServer && resetPeakRss(scenario.serverPid);
  // Sampled too, in case the kernel will not reset VmHWM.
  let sampledPeak = ownsServer ? rssMb(scenario.serverPid, 'VmRSS') : 0;
  const sampler = ownsServer
    ? setInterval(() => {
        sampledPeak = Math.max(sampledPeak, rssMb(scenario.serverPid, 'VmRSS'));
      }, 100)
    : undefined;
  const before = {
    server: cpuMs(scenario.serverPid),
    emulator: cpuMs(emulator.pid),
    self: cpuMs(process.pid),
  };
  const result = await scenario.run(scenario.connections, durationS);
  const after = {
    server: cpuMs(scenario.serverPid),
    emulator: cpuMs(emulator.pid),
    self: cpuMs(process.pid),
  };
  clearInterval(sampler);
  const calls = await upstreamCalls(emulator.info);
  const per = (ms: number): number => ms / Math.max(result.operations, 1);
  return {
    requestsPerSecond: result.operations / result.elapsedS,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    serverCpuMsPerRequest: per(after.server - before.server),
    emulatorCpuMsPerRequest: per(after.emulator - before.emulator),
    loadGeneratorCpuMsPerRequest: per(after.self - before.self),
    upstreamCallsPerOperation:
      calls / Math.max(result.operations + result.errors + result.unanswered, 1),
    errors: result.errors,
    errorKinds: result.errorKinds,
    operations: result.operations,
    serverRssPeakMb: !ownsServer
      ? null
      : peakResettable
        ? Math.max(rssMb(scenario.serverPid, 'VmHWM'), sampledPeak)
        : sampledPeak,
  };
}

/**
 * Resolves once no upstream call has arrived for `quietMs`: a scenario's load stops with requests
 * still in flight at the servers, and their upstream calls would count against the next row.
 */
async function upstreamQuiet(emulator: EmulatorInfo, quietMs = 300): Promise<void> {
  for (;;) {
    await resetUpstreamLog(emulator);
    await delay(quietMs);
    if ((await upstreamCalls(emulator)) === 0) return;
  }
}

/** Runs one operation `times` times, one after another, and counts the emulator's calls. */
export async function countUpstream(
  emulator: EmulatorInfo,
  row: Omit<UpstreamCallCount, 'callsPerOperation' | 'answer'>,
  send: () => Promise<GraphqlAnswer>,
  times = 3,
): Promise<UpstreamCallCount> {
  await upstreamQuiet(emulator);
  await resetUpstreamLog(emulator);
  let answer: GraphqlAnswer = {};
  for (let i = 0; i < times; i += 1) answer = await send();
  const calls = await upstreamCalls(emulator);
  const connection = answer.data?.personalizeDatasets;
  const code = answer.errors?.[0]?.extensions?.code;
  const described =
    answer.errors !== undefined
      ? `error ${code ?? '(no code)'}`
      : connection?.totalCount !== undefined
        ? `totalCount ${String(connection.totalCount)}`
        : `${String(connection?.edges?.length ?? 0)} edges`;
  return { ...row, callsPerOperation: calls / times, answer: described };
}
