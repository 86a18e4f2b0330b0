// The two load generators of `npm run bench`, both closed loops of a fixed number of concurrent
// callers for a fixed time, both timing each call with the same clock and summarising latency
// the same way, so their figures compare: autocannon against an HTTP server, and a loop of AWS SDK
// calls against the emulator (the baseline with no GraphQL and no server hop at all).
import { ListDatasetsCommand, type PersonalizeClient } from '@aws-sdk/client-personalize';
import autocannon from 'autocannon';

export interface LoadResult {
  /** Calls answered without error within the window. */
  readonly operations: number;
  readonly errors: number;
  /** The errors by kind: `timeout`, `connection`, `HTTP <status>`, `GraphQL errors`, SDK names. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /**
   * Calls still unanswered when the window closed (autocannon drops them; the SDK loop waits for
   * its own). They reached the server, and may have cost upstream calls.
   */
  readonly unanswered: number;
  readonly elapsedS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface HttpLoad {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The q-quantile of ascending `sorted` (nearest rank), 0 when empty. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function nonZero(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

function summarise(
  latencies: number[],
  operations: number,
  errorKinds: Readonly<Record<string, number>>,
  unanswered: number,
  elapsedS: number,
): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    operations,
    errors: Object.values(errorKinds).reduce((sum, n) => sum + n, 0),
    errorKinds,
    unanswered,
    elapsedS,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/** How long a load runs: for some seconds, or until it has sent a number of requests. */
export type LoadLength = number | { readonly requests: number };

/**
 * `connections` autocannon connections POSTing `load.body` for `length` (seconds, or a number of
 * requests, after which every one has been answered). A response counts as
 * an error unless it is 2xx and its body carries no `"errors"`: GraphQL errors arrive with HTTP
 * 200, and a failing query must not pass for a fast one. Latencies are taken from autocannon's
 * per-response event (sub-millisecond), not its histogram (whole milliseconds).
 */
export function loadHttp(
  load: HttpLoad,
  connections: number,
  length: LoadLength,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const fixedCount = typeof length !== 'number';
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...load.headers },
        body: load.body,
        connections,
        ...(fixedCount ? { amount: length.requests } : { duration: length }),
        verifyBody: (body) => body !== undefined && !body.toString().includes('"errors"'),
      },
      (error, result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const elapsedS = (performance.now() - started) / 1000;
        const kinds: Record<string, number> = {
          timeout: result.timeouts,
          connection: result.errors - result.timeouts,
          'GraphQL errors': result.mismatches,
        };
        for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
          if (!status.startsWith('2')) kinds[`HTTP ${status}`] = count ?? 0;
        }
        // Latencies are those of every 2xx response, the few carrying GraphQL errors included;
        // those are not operations, though.
        const operations = Math.max(0, latencies.length - result.mismatches);
        // Every connection of a closed loop has one call out when it stops at a deadline; a fixed
        // number of requests is all answered.
        const unanswered = fixedCount ? 0 : connections;
        resolve(summarise(latencies, operations, nonZero(kinds), unanswered, elapsedS));
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** `connections` concurrent callers of ListDatasets (one upstream page) for `durationS`. */
export async function loadSdk(
  client: PersonalizeClient,
  input: { readonly maxResults: number; readonly nextToken?: string },
  connections: number,
  durationS: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const callStarted = performance.now();
      try {
        await client.send(new ListDatasetsCommand(input));
        latencies.push(performance.now() - callStarted);
      } catch (error) {
        const kind = error instanceof Error ? error.name : 'unknown';
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  return summarise(
    latencies,
    latencies.length,
    errorKinds,
    0,
    (performance.now() - started) / 1000,
  );
}
