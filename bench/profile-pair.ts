// `npm run build && npx tsx bench/profile-pair.ts [--requests N]`: the gateway's CPU per request
// against the yoga floor's, group by group. Both are built bench servers in front of one emulator,
// each CPU-profiled while it answers the same number of first pages (10 connections), in eight
// alternating parts so that drift lands on both; a group's self time over that number is its cost
// per request, so the two profiles subtract. The totals include each server's JIT warm-up, which
// both go through.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { Child } from './children.js';
import { numberFlag } from './flags.js';
import { FLOOR_QUERY, PAGE_QUERY } from './gateway-requests.js';
import { loadHttp } from './load.js';
import { groupTimes } from './profile-groups.js';

/** The load comes in this many alternating parts per server. */
const PARTS = 8;

const USAGE = `Usage: npx tsx bench/profile-pair.ts [--requests N] (after npm run build)

  --requests N  first pages each server answers while profiled, a multiple of ${String(PARTS)} (default 8000)`;

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '8000' }, help: { type: 'boolean' } },
});
if (values.help === true) {
  console.log(USAGE);
  process.exit(0);
}
const REQUESTS = numberFlag('requests', values.requests, 100, true, USAGE);
if (REQUESTS % PARTS !== 0) {
  console.error(
    `--requests: a multiple of ${String(PARTS)}, since the load comes in ${String(PARTS)} parts\n\n${USAGE}`,
  );
  process.exit(2);
}

// children.ts reads BENCH_CPU_PROFILE_DIR when it loads: set it first.
const profileDir = mkdtempSync(join(tmpdir(), 'profile-pair-'));
process.env['BENCH_CPU_PROFILE_DIR'] = profileDir;
const { startChild, stopChildren } = await import('./children.js');

const emulator = await startChild('serve-emulator.ts', 'compiled');
const upstream = { BENCH_UPSTREAM: JSON.stringify(emulator.info) };
const floor = await startChild('serve-yoga-floor.ts', 'compiled', upstream);
const gateway = await startChild('serve-gateway.ts', 'compiled', upstream);

async function answer(child: Child, query: string, requests: number): Promise<void> {
  const { url } = child.info as { url: string };
  const body = JSON.stringify({ query, variables: { first: 20 } });
  const result = await loadHttp({ url, headers: {}, body }, 10, { requests });
  if (result.errors > 0 || result.operations !== requests) {
    throw new Error(`${url}: ${JSON.stringify(result.errorKinds)} of ${String(requests)} requests`);
  }
}

try {
  for (let part = 0; part < PARTS; part += 1) {
    const amount = REQUESTS / PARTS;
    await answer(floor, FLOOR_QUERY, amount);
    await answer(gateway, PAGE_QUERY, amount);
  }
} finally {
  stopChildren();
}

/** Waits for the profile V8 writes as the server with `pid` exits. */
async function profileOf(pid: number): Promise<string> {
  for (;;) {
    const file = readdirSync(profileDir).find((name) => name.includes(`.${String(pid)}.`));
    if (file !== undefined) return join(profileDir, file);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const perRequest = async (pid: number): Promise<Map<string, number>> => {
  const { busy } = groupTimes(await profileOf(pid));
  return new Map([...busy].map(([group, us]) => [group, us / REQUESTS]));
};
const floorUs = await perRequest(floor.pid);
const gatewayUs = await perRequest(gateway.pid);
const total = (groups: Map<string, number>): number =>
  [...groups.values()].reduce((sum, us) => sum + us, 0);
console.log(
  `CPU per request, profiled over ${String(REQUESTS)} first pages each: gateway ` +
    `${total(gatewayUs).toFixed(0)} µs, yoga floor ${total(floorUs).toFixed(0)} µs ` +
    `(${(total(gatewayUs) / total(floorUs)).toFixed(2)}x); profiles in ${profileDir}\n`,
);
const difference = (group: string): number =>
  (gatewayUs.get(group) ?? 0) - (floorUs.get(group) ?? 0);
const groups = [...new Set([...gatewayUs.keys(), ...floorUs.keys()])]
  .filter((group) => Math.abs(difference(group)) >= 1)
  .sort((a, b) => difference(b) - difference(a));
console.log(
  `${'group'.padEnd(62)} ${'gateway'.padStart(8)} ${'floor'.padStart(8)} ${'diff'.padStart(7)}`,
);
for (const group of groups) {
  console.log(
    `${group.padEnd(62)} ${(gatewayUs.get(group) ?? 0).toFixed(0).padStart(8)} ` +
      `${(floorUs.get(group) ?? 0).toFixed(0).padStart(8)} ${difference(group).toFixed(0).padStart(7)}`,
  );
}
