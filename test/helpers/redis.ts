// A real Redis for tests: a redis-server of the test's own on a free port, so a test can stop it
// to see the gateway survive, and tests never share keys. Without redis-server it fails with a
// message that says how to get one; no test passes without Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import type { Redis } from 'ioredis';

import { connectRedis } from '../../src/cache/redis-connection.js';
import { freePort } from './readme.js';

const HOW_TO_GET_ONE =
  'Redis-backed tests start redis-server (Debian package `redis-server`; .ci/run installs it: ' +
  '`apt-get install redis-server`).';

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

/** The gateway's own Redis connection (bounded commands, no offline queue) to `url`, quiet. */
export function connectAsGateway(url: string): Redis {
  return connectRedis({
    url,
    commandTimeoutMs: 200,
    connectTimeoutMs: 500,
    onStateChange: () => undefined,
  });
}
