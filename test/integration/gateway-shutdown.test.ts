// Acceptance: the real gateway process (src/main.ts) shuts down gracefully on SIGTERM. /ready
// answers 503 for the drain delay while requests are still served; then requests in flight
// finish with complete answers, new connections are refused, and the process exits 0; a request
// that outlasts GATEWAY_SHUTDOWN_GRACE_MS answers SHUTTING_DOWN and the process exits anyway,
// also when nobody reads its stdout any more.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import { callsOf } from '../helpers/emulator.js';
import { eventually } from '../helpers/eventually.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const POOL = gwCognitoId(0xc1);
const ALICE = gwCognitoId(0xc101);
const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 6 }]),
  personalizeListingSeed(6),
);

/** Each answer takes three upstream pages of LATENCY_MS one after the other. */
const LATENCY_MS = 300;
const WALK = JSON.stringify({
  query: `query($pool: String!, $identity: String!) {
    cognitoDatasets(identityPoolId: $pool, identityId: $identity, last: 2) { nodes { datasetName } }
  }`,
  variables: { pool: POOL, identity: ALICE },
});

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly connection: string | null;
}

interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Parsed log lines (pino JSON) so far. */
  readonly logs: readonly Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Starts `node --import tsx src/main.ts` against the emulator; resolves once it listens. */
async function startGatewayProcess(
  emulator: RunningEmulator,
  env: Record<string, string>,
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // Only what the test sets, so no AWS profile or setting of the machine leaks in.
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      GATEWAY_CURSOR_SECRET: 'shutdown-test-cursor-secret-0123456789abcdef',
      GATEWAY_AUTH_MODE: 'none',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_COGNITO_PAGE_SIZE: '2',
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      // Requests must be in flight at the upstream when the signal comes, not served from cache.
      GATEWAY_CACHE: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the gateway did not start within 30 s; stderr: ${stderr}`));
    }, 30_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${String(code)} at start; stderr: ${stderr}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (typeof entry['url'] === 'string') {
        clearTimeout(timer);
        resolve(entry['url']);
      }
    });
  });
  return { child, url, logs, exited };
}

/** Resolves with the exit code, or fails when the process is still running after `timeoutMs`. */
async function exitWithin(gateway: GatewayProcess, timeoutMs: number): Promise<number | null> {
  const timeout = sleep(timeoutMs).then(() => {
    throw new Error(`the gateway was still running ${timeoutMs} ms after SIGTERM`);
  });
  return Promise.race([gateway.exited, timeout]);
}

/** One POST on a fresh connection: resolves with status and body, or the socket error's code. */
function postOnNewConnection(
  url: string,
  body: string,
  requestId: string,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: text });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        resolve({ error: error.code ?? error.message });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ error: error.code ?? error.message });
    });
    request.end(body);
  });
}

function hasLog(gateway: GatewayProcess, pattern: RegExp): boolean {
  return gateway.logs.some(
    (entry) => typeof entry['msg'] === 'string' && pattern.test(entry['msg']),
  );
}

describe('SIGTERM', () => {
  let emulator: RunningEmulator;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
  });

  afterEach(() => {
    if (gateway !== undefined && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    gateway = undefined;
    emulator.faults.clear();
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe('with requests in flight under load', () => {
    // One shutdown under load, observed in beforeAll; each test asserts one behaviour of it.
    const GRACE_MS = 15_000;
    const WORKERS = 8;
    let loaded: GatewayProcess | undefined;
    let expected: { status: number; body: string };
    let answers: readonly (Answer & { readonly id: string })[];
    let refused: Awaited<ReturnType<typeof postOnNewConnection>>;
    let exit: number | null | string;

    beforeAll(async () => {
      const started = await startGatewayProcess(emulator, {
        GATEWAY_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      });
      loaded = started;
      const oracle = await postOnNewConnection(started.url, WALK, 'oracle');
      if (!('status' in oracle) || oracle.status !== 200) throw new Error(JSON.stringify(oracle));
      expected = oracle;
      emulator.faults.set([{ service: 'cognito-sync', latencyMs: LATENCY_MS }]);

      // Load: workers send walk after walk, over keep-alive connections, until the signal.
      let signalled = false;
      // A function, so that the workers' loop re-reads what the test sets outside it.
      const stopping = (): boolean => signalled;
      const inFlight = new Map<string, Promise<Answer>>();
      const completedBefore: string[] = [];
      let sent = 0;
      const workers = Array.from({ length: WORKERS }, async () => {
        while (!stopping()) {
          const id = `load-${sent}`;
          sent += 1;
          const answer = fetch(started.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-request-id': id },
            body: WALK,
          }).then(async (response) => ({
            status: response.status,
            body: await response.text(),
            connection: response.headers.get('connection'),
          }));
          inFlight.set(id, answer);
          await answer.catch(() => undefined);
          if (!stopping()) {
            inFlight.delete(id);
            completedBefore.push(id);
          }
        }
      });
      await eventually('a few rounds of load', () => completedBefore.length >= WORKERS * 2, 30_000);
      // Stop sending, and make sure every request still open has reached the gateway (it has
      // made an upstream call) before the signal, so each of them is in flight there.
      signalled = true;
      await eventually(
        'every open request at the upstream',
        () => [...inFlight.keys()].every((id) => callsOf(emulator, id).length > 0),
        30_000,
      );
      if (inFlight.size !== WORKERS) {
        throw new Error(`expected ${WORKERS} requests in flight, had ${inFlight.size}`);
      }

      started.child.kill('SIGTERM');
      await eventually('the shutdown log line', () => hasLog(started, /^SIGTERM: shutting down/));
      refused = await postOnNewConnection(started.url, WALK, 'after-sigterm');
      answers = await Promise.all(
        [...inFlight.entries()].map(async ([id, answer]) => ({ id, ...(await answer) })),
      );
      await Promise.all(workers);
      exit = await exitWithin(started, GRACE_MS).catch((error: unknown) => String(error));
    }, 90_000);

    afterAll(() => {
      if (loaded !== undefined && loaded.child.exitCode === null) loaded.child.kill('SIGKILL');
    });

    it('warns at start that caller authentication is off', () => {
      expect(
        loaded?.logs.some(
          (entry) =>
            entry['level'] === 40 &&
            entry['authMode'] === 'none' &&
            String(entry['msg']).includes('CALLER AUTHENTICATION IS OFF'),
        ),
      ).toBe(true);
    });

    it('lets every request in flight finish with a complete answer', () => {
      expect(answers).toHaveLength(WORKERS);
      for (const { id, status, body } of answers) {
        expect({ id, status, body }).toEqual({ id, status: 200, body: expected.body });
      }
    });

    it('tells the clients it answers during the shutdown not to reuse their connection', () => {
      expect(answers.filter((answer) => answer.connection === 'close').length).toBeGreaterThan(0);
    });

    it('refuses new connections once signalled, without calling the upstream for them', () => {
      expect(refused).toEqual({ error: 'ECONNREFUSED' });
      expect(callsOf(emulator, 'after-sigterm')).toHaveLength(0);
    });

    it('exits 0 within the grace period, logging that it stopped', () => {
      expect(exit).toBe(0);
      expect(loaded === undefined ? false : hasLog(loaded, /^stopped$/)).toBe(true);
    });
  });

  it('answers a request that outlasts the grace period with SHUTTING_DOWN, aborts its upstream call, and exits', async () => {
    const GRACE_MS = 1_000;
    const started = await startGatewayProcess(emulator, {
      GATEWAY_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    gateway = started;
    emulator.faults.set([{ service: 'cognito-sync', latencyMs: 60_000 }]);
    // Personalize answers at once (proof the request is in the gateway); Cognito Sync never does.
    const body = JSON.stringify({
      query: `query($pool: String!, $identity: String!) {
        personalizeDatasets(first: 1) { nodes { name } }
        cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: 1) { nodes { datasetName } }
      }`,
      variables: { pool: POOL, identity: ALICE },
    });
    const answer = postOnNewConnection(started.url, body, 'too-long');
    await eventually('the request at the upstream', () => callsOf(emulator, 'too-long').length > 0);

    started.child.kill('SIGTERM');

    // A GraphQL answer, not a reset: the other field's data, and a retryable code on this one.
    const answered = await answer;
    if (!('status' in answered)) throw new Error(`no answer: ${answered.error}`);
    expect(answered.status).toBe(200);
    const result = JSON.parse(answered.body) as {
      data: { personalizeDatasets: { nodes: unknown[] }; cognitoDatasets: null };
      errors: { path: string[]; extensions: { code: string; retryable: boolean } }[];
    };
    expect(result.data.personalizeDatasets.nodes).toHaveLength(1);
    expect(result.data.cognitoDatasets).toBeNull();
    expect(result.errors).toMatchObject([
      { path: ['cognitoDatasets'], extensions: { code: 'SHUTTING_DOWN', retryable: true } },
    ]);
    // Bounded: the grace period, then closing clients, well inside the process's own backstop.
    expect(await exitWithin(started, GRACE_MS + 10_000)).toBe(0);
    // The upstream call was aborted instead of being left running for a minute.
    await eventually('the aborted Cognito Sync call', () =>
      emulator.requests
        .entries({ service: 'cognito-sync' })
        .some((entry) => entry.clientRequestId === 'too-long' && entry.aborted),
    );
  }, 60_000);

  it('answers /ready with 503 during the drain delay while it still serves, then stops accepting', async () => {
    const DRAIN_MS = 3_000;
    const started = await startGatewayProcess(emulator, {
      GATEWAY_SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      GATEWAY_SHUTDOWN_GRACE_MS: '1000',
    });
    gateway = started;
    const readyUrl = started.url.replace(/\/graphql$/, '/ready');
    expect((await fetch(readyUrl)).status).toBe(200);

    started.child.kill('SIGTERM');
    await eventually('the shutdown log line', () => hasLog(started, /^SIGTERM: shutting down/));

    expect((await fetch(readyUrl)).status).toBe(503);
    const served = await postOnNewConnection(started.url, WALK, 'during-drain');
    expect(served).toMatchObject({ status: 200 });
    expect(await exitWithin(started, DRAIN_MS + 10_000)).toBe(0);
    expect(await postOnNewConnection(started.url, WALK, 'after-exit')).toEqual({
      error: 'ECONNREFUSED',
    });
  }, 60_000);

  it('exits within the grace period when the reader of its stdout is gone', async () => {
    const GRACE_MS = 2_000;
    const started = await startGatewayProcess(emulator, {
      GATEWAY_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    gateway = started;
    // As `| head -n 2` does: the reader stops reading and closes its end of the pipe. The next
    // lines the gateway writes (its shutdown lines) meet the broken pipe.
    started.child.stdout?.destroy();
    started.child.kill('SIGTERM');
    expect(await exitWithin(started, GRACE_MS + 5_000)).toBe(0);
  }, 60_000);

  it('exits at once on a second signal, without waiting for the grace period', async () => {
    const started = await startGatewayProcess(emulator, { GATEWAY_SHUTDOWN_GRACE_MS: '120000' });
    gateway = started;
    emulator.faults.set([{ service: 'cognito-sync', latencyMs: 60_000 }]);
    const body = JSON.stringify({
      query: `query($pool: String!, $identity: String!) {
        personalizeDatasets(first: 1) { nodes { name } }
        cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: 1) { nodes { datasetName } }
      }`,
      variables: { pool: POOL, identity: ALICE },
    });
    const answer = postOnNewConnection(started.url, body, 'held');
    await eventually('the request at the upstream', () => callsOf(emulator, 'held').length > 0);

    started.child.kill('SIGTERM');
    await eventually('the shutdown log line', () => hasLog(started, /^SIGTERM: shutting down/));
    started.child.kill('SIGINT');

    // 128 + SIGINT's number, long before the two-minute grace period would end.
    expect(await exitWithin(started, 10_000)).toBe(130);
    expect(await answer).toHaveProperty('error');
  }, 60_000);
});
