// Some events are worth a log line but can arrive by the thousand (every request of a client
// holding a bad cursor): the first is logged at once, then at most one line per interval, which
// says how many were left out. The exact count belongs to a metric, not to the log.

export interface RateLimitOptions {
  /** Least time between two lines, in milliseconds. */
  readonly intervalMs: number;
  /** Milliseconds from any fixed origin (tests pass their own clock). */
  readonly now?: () => number;
}

/**
 * Returns a function to call on every event; it calls `emit` for the first event and then for
 * the first event after each interval, with the number of events left out since the last emit.
 */
export function rateLimited<E>(
  options: RateLimitOptions,
  emit: (event: E, suppressed: number) => void,
): (event: E) => void {
  const now = options.now ?? (() => performance.now());
  let lastEmit: number | undefined;
  let suppressed = 0;
  return (event) => {
    const at = now();
    if (lastEmit !== undefined && at - lastEmit < options.intervalMs) {
      suppressed += 1;
      return;
    }
    lastEmit = at;
    const skipped = suppressed;
    suppressed = 0;
    emit(event, skipped);
  };
}
