// A real Redis for tests: a redis-server of the test's own on a free port (so one test can stop
// it to see the gateway survive), and a check of the machine's shared one. Neither lets a test
// pass without Redis: both fail with a message that says how to get one.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import { Redis } from 'ioredis';

import { freePort } from './readme.js';

const HOW_TO_GET_ONE =
  'Redis-backed tests need redis-server (Debian package `redis-server`; .ci/run installs it) ' +
  'and a Redis at 127.0.0.1:6379 (`redis-server --daemonize yes`).';

export const SHARED_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Pings `url` once; throws a loud error when nothing answers. */
export async function requireRedis(url: string = SHARED_REDIS_URL): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(`No Redis answers at ${url}: ${String(error)}. ${HOW_TO_GET_ONE}`, {
      cause: error,
    });
  } finally {
    probe.disconnect();
  }
}

export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, nothing persisted): clients see it gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const failed = once(child, 'error').then(([error]: unknown[]) => {
    throw new Error(`could not start redis-server: ${String(error)}. ${HOW_TO_GET_ONE}`);
  });
  const ready = new Promise<void>((resolve) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) resolve();
    });
  });
  await Promise.race([ready, failed]);
  return child;
}

/** A redis-server of this test's own; `stop()` it in afterAll. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined = await startServer(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGTERM');
      await exited;
    },
    start: async () => {
      if (child !== undefined) return;
      child = await startServer(port);
    },
  };
}
