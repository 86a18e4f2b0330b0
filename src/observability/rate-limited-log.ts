// A warning that may repeat once per request (every refused token, every foreign cursor) must
// not flood the log: the first is written at once, the rest at most once per interval, with how
// many were left out in between.
import type { Logger } from 'pino';

export type RateLimitedWarn = (fields: Readonly<Record<string, unknown>>, message: string) => void;

export function rateLimitedWarn(
  logger: Pick<Logger, 'warn'>,
  intervalMs: number,
  now: () => number = Date.now,
): RateLimitedWarn {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields, message) => {
    const at = now();
    if (at - last < intervalMs) {
      suppressed += 1;
      return;
    }
    logger.warn(suppressed === 0 ? fields : { ...fields, suppressed }, message);
    last = at;
    suppressed = 0;
  };
}
