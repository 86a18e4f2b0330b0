// Waiting for a condition another process brings about (an upstream call seen by the emulator,
// a log line): polled, because nothing announces it; bounded, so a test fails instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 10;

/** A probe's answer while its condition does not hold yet. */
type NotYet = undefined | null | false;

/**
 * Polls `probe` until it answers something other than undefined, null or false, and resolves to
 * that answer (true, or the log entry found); rejects after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined && answer !== null && answer !== false) return answer;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
