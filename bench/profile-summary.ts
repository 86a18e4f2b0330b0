// `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: where a bench server's CPU went,
// from the V8 CPU profile it wrote under BENCH_CPU_PROFILE_DIR. Self time is grouped by what the
// code belongs to (a package, or a folder of this project), so a profile reads as the README's
// "top items" table. Idle time and module loading (startup) are left out of the shares.
import { parseArgs } from 'node:util';

import { groupTimes } from './profile-groups.js';

const USAGE = 'Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]';

function main(): void {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '15' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (values.help === true || file === undefined) {
    console.log(USAGE);
    process.exit(values.help === true ? 0 : 2);
  }
  const { busy: microseconds, startupUs: startup } = groupTimes(file);
  const busy = [...microseconds.values()].reduce((sum, us) => sum + us, 0);
  console.log(
    `busy ${(busy / 1e6).toFixed(1)} s, besides ${(startup / 1e6).toFixed(1)} s of module loading`,
  );
  const rows = [...microseconds].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [group, us] of rows) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${group}`);
  }
}

main();
