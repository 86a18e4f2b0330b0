// Waiting for a condition another process brings about (an upstream call seen by the emulator,
// a log line): polled, because nothing announces it; bounded, so a test fails instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 10;

export async function eventually(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
