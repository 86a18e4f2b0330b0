// What `npm run bench` reads of a process from Linux's /proc, so each server's CPU time and memory
// are measured from outside, with no hook in the server: CPU from /proc/<pid>/stat (utime + stime,
// every thread of the process), resident memory from /proc/<pid>/status (VmRSS now, VmHWM the peak,
// which writing 5 to /proc/<pid>/clear_refs resets at the start of a scenario).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second, the unit of utime and stime (100 on nearly every Linux). */
const CLOCK_TICKS = ((): number => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/** Milliseconds of CPU (user + system, all threads) the process has used since it started. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  // Field 2, the command name, is in parentheses and may hold spaces: count from after it.
  // There, index 0 is field 3 (state), so utime (field 14) is index 11 and stime index 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The process's resident set now (VmRSS) or its peak (VmHWM), in MB (2^20 bytes). */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

/**
 * Restarts VmHWM from the current resident set, so a later read is the peak of one scenario rather
 * than of the process's life. False when the kernel refuses (then VmHWM stays lifelong).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${String(pid)}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
