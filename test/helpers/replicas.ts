// Gateway replicas over one emulator, behind a stand-in for a load balancer that sends a client's
// requests to them in turn, and the paging sessions a client runs through it. A replica can be
// replaced by one with other settings, one slot at a time, the way a rolling deploy does.
import { pino } from 'pino';

import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import type { GraphqlClient, GraphqlError, Listing, PageArgs } from './gateway-walk.js';
import { startGatewayOn, type RunningGateway } from './stack.js';

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [field: string]: unknown;
}

export interface Replica extends RunningGateway {
  readonly env: Readonly<Record<string, string>>;
  /** What this replica logged at warn level and above, parsed. */
  readonly warnings: readonly LogLine[];
  /** Its /metrics page, as Prometheus text. */
  metrics(): Promise<string>;
}

export interface ReplicaSet {
  readonly emulator: RunningEmulator;
  /** The replicas now in service, by slot. */
  readonly replicas: readonly Replica[];
  /** Replaces the replica in `slot` by a new one with `env`: one step of a rolling deploy. */
  roll(slot: number, env: Record<string, string>): Promise<void>;
  /** A client whose n-th request goes to the replica in slot (start + n) mod count, at that time. */
  alternating(start: number): GraphqlClient;
  close(): Promise<void>;
}

async function startReplica(emulator: RunningEmulator, env: Record<string, string>) {
  const warnings: LogLine[] = [];
  const logger = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        warnings.push(JSON.parse(line) as LogLine);
      },
    },
  );
  const gateway = await startGatewayOn(emulator, env, { logger });
  const metricsUrl = new URL('/metrics', gateway.url);
  return {
    ...gateway,
    env,
    warnings,
    metrics: async () => (await fetch(metricsUrl)).text(),
  } satisfies Replica;
}

/** Replicas over one emulator seeded with `seed`, one per entry of `envs`. */
export async function startReplicaSet(
  seed: Seed,
  envs: readonly Record<string, string>[],
): Promise<ReplicaSet> {
  const emulator = await startEmulator({ seed });
  const replicas: Replica[] = [];
  const close = async () => {
    try {
      await Promise.all(replicas.map((replica) => replica.close()));
    } finally {
      await emulator.close();
    }
  };
  try {
    replicas.push(...(await Promise.all(envs.map((env) => startReplica(emulator, env)))));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    emulator,
    replicas,
    async roll(slot, env) {
      const old = replicas[slot];
      if (old === undefined) throw new Error(`no replica in slot ${slot}`);
      await old.close();
      replicas[slot] = await startReplica(emulator, env);
    },
    alternating(start) {
      let sent = 0;
      return {
        graphql: (query, variables, headers) => {
          const replica = replicas[(start + sent) % replicas.length];
          sent += 1;
          if (replica === undefined) throw new Error('no replica in service');
          return replica.graphql(query, variables, headers);
        },
      };
    },
    close,
  };
}

export interface SessionOutcome {
  /** The keys read so far, in listing order (a backward session prepends each page). */
  readonly keys: readonly string[];
  /** Pages fetched (failed ones included). */
  readonly pages: number;
  /** The walk reached the end of the listing without an error. */
  readonly finished: boolean;
  /** The first error a page answered with; the session stops there. */
  readonly error: GraphqlError | undefined;
}

export interface PagingSession {
  /** Fetches the next page; false once the session has ended (finished or failed). */
  step(): Promise<boolean>;
  /** Steps until the session ends. */
  finish(): Promise<SessionOutcome>;
  outcome(): SessionOutcome;
}

/**
 * A client paging through a whole listing `pageSize` items at a time, forward on endCursor or
 * backward on startCursor, stopping at the first error (no assertion: failures are counted).
 */
export function pagingSession<N>(
  listing: Listing<N>,
  direction: 'forward' | 'backward',
  pageSize: number,
): PagingSession {
  let keys: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  let finished = false;
  let error: GraphqlError | undefined;
  const ended = () => finished || error !== undefined;

  const args = (): PageArgs => {
    if (direction === 'forward') {
      return cursor === undefined ? { first: pageSize } : { first: pageSize, after: cursor };
    }
    return cursor === undefined ? { last: pageSize } : { last: pageSize, before: cursor };
  };

  const session: PagingSession = {
    async step() {
      if (ended()) return false;
      const outcome = await listing.fetch(args());
      pages += 1;
      const connection = outcome.connection;
      if (outcome.errors.length > 0 || connection === null || connection === undefined) {
        error = outcome.errors[0] ?? { message: `HTTP ${outcome.status} without a connection` };
        return false;
      }
      const pageKeys = connection.nodes.map((node) => listing.keyOf(node));
      keys = direction === 'forward' ? [...keys, ...pageKeys] : [...pageKeys, ...keys];
      const more =
        direction === 'forward'
          ? connection.pageInfo.hasNextPage
          : connection.pageInfo.hasPreviousPage;
      const next =
        direction === 'forward' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
      if (!more || next === null) {
        finished = true;
        return false;
      }
      cursor = next;
      return true;
    },
    async finish() {
      for (let more = true; more;) more = await session.step();
      return session.outcome();
    },
    outcome: () => ({ keys, pages, finished, error }),
  };
  return session;
}
