// The gateway as operators run it: `npm start` under a process manager's SIGTERM, the compiled
// build (`npm run build`) installed with production dependencies only, the built bin as PID 1 of
// its own PID namespace (as in a container), and the files the Dockerfile relies on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { imageNodeOptions } from '../../bench/children.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { eventually } from '../helpers/eventually.js';
import { cleanEnvironment, freePort, startShell, type Shell } from '../helpers/readme.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const QUERY = JSON.stringify({ query: '{ personalizeDatasets(first: 2) { nodes { name } } }' });

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The NODE_OPTIONS the image's runtime stage sets (V8's heap sizes), as the bench reads them. */
function dockerfileNodeOptions(): string {
  return imageNodeOptions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
}

const HEAP_WARNING = "exceed 50% of V8's heap limit";

async function post(port: number, body = QUERY): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: await response.text() };
}

async function refused(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health`);
    return false;
  } catch (error) {
    return (error as { cause?: { code?: unknown } }).cause?.code === 'ECONNREFUSED';
  }
}

/** Resolves with the exit code, or rejects when the process still runs after `ms`. */
function exitWithin(shell: Shell, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`still running ${ms} ms after SIGTERM:\n${shell.output()}`));
    }, ms);
    void shell.exited.then((code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('npm start', () => {
  it('stops the gateway on SIGTERM: npm forwards the signal and exits with it', async () => {
    const port = await freePort();
    const npm = startShell(`PORT=${port} exec npm start`);
    try {
      await npm.waitFor(`127.0.0.1:${port}/graphql`);
      expect((await post(port)).status).toBe(200);

      npm.child.kill('SIGTERM');
      expect(await exitWithin(npm, 15_000)).toBe(0);
      // Nothing left behind: before the fix npm exited at once and the gateway kept serving.
      expect(await refused(port)).toBe(true);
      expect(npm.output()).toMatch(/SIGTERM: shutting down/);
    } finally {
      await npm.kill();
    }
  }, 60_000);
});

describe('the compiled build', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0)
      throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    emulator = await startEmulator({ faults: [] });
  }, 120_000);

  afterAll(async () => {
    await emulator.close();
  });

  it('names a bin that the build writes, with a shebang', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = join(ROOT, manifest.bin['dataset-gateway'] ?? '');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('serves demo mode from production dependencies only (npm ci --omit=dev)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-prod-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) {
        cpSync(join(ROOT, file), join(dir, file));
      }
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      const install = spawnSync(
        'npm',
        ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(install.status, install.stderr).toBe(0);
      expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(false);
      expect(existsSync(join(dir, 'src'))).toBe(false);

      const port = await freePort();
      const gateway = startShell(`cd ${dir} && PORT=${port} exec node dist/src/main.js`);
      try {
        await gateway.waitFor(`127.0.0.1:${port}/graphql`);
        const answer = await post(port);
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({
          data: { personalizeDatasets: { nodes: [{ name: expect.any(String) as string }, {}] } },
        });
        // GraphiQL's files come from the production install (a dependency, not the source tree).
        const page = await fetch(`http://127.0.0.1:${port}/graphql`, {
          headers: { accept: 'text/html' },
        });
        const bundle = /src="(\/graphiql\/assets\/[^"]+\/graphiql\.js)"/.exec(await page.text());
        const script = await fetch(`http://127.0.0.1:${port}${bundle?.[1] ?? '/missing'}`);
        expect(script.status).toBe(200);
        expect((await script.text()).length).toBeGreaterThan(1_000_000);
        // The SDK's Node notice is one structured log line, not raw stderr text.
        expect(gateway.output()).not.toContain('NodeVersionSupportWarning');
        gateway.child.kill('SIGTERM');
        expect(await exitWithin(gateway, 15_000)).toBe(0);
      } finally {
        await gateway.kill();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('warns at start when the caches may take more than half of the heap V8 was given', async () => {
    const port = await freePort();
    const gateway = startShell(`exec node --max-old-space-size=64 dist/src/main.js`, {
      ...cleanEnvironment(),
      PORT: String(port),
      LOG_FORMAT: 'json',
    });
    try {
      await gateway.waitFor(`127.0.0.1:${port}/graphql`);
      const warning = gateway
        .output()
        .split('\n')
        .filter((line) => line.includes(HEAP_WARNING))
        .map((line) => JSON.parse(line) as { level?: number; cacheBytes?: number });
      expect(warning).toEqual([
        expect.objectContaining({ level: 40, cacheBytes: 96 * 1024 * 1024 }),
      ]);
      expect((await post(port)).status).toBe(200);
    } finally {
      await gateway.kill();
    }
  }, 60_000);

  it('loads no module of a setting it runs without: JWT or identity auth, tracing, Redis', async () => {
    // A module-loading hook records every ESM module and CommonJS entry the process loads.
    const dir = mkdtempSync(join(tmpdir(), 'gateway-modules-'));
    const record = join(dir, 'loaded.txt');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(record)}, url + '\\n');
  return next(url, context);
}\n`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
    );
    const port = await freePort();
    const gateway = startShell(`exec node --import ${join(dir, 'register.mjs')} dist/src/main.js`, {
      ...cleanEnvironment(),
      NODE_ENV: 'production',
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      GATEWAY_CURSOR_SECRET: 'module-test-cursor-secret-0123456789abcdef',
      GATEWAY_AUTH_MODE: 'none',
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    try {
      await gateway.waitFor(`127.0.0.1:${port}/graphql`);
      // A request too: a module loaded on first use would show only then.
      expect((await post(port)).status).toBe(200);
      const loaded = readFileSync(record, 'utf8').split('\n');
      // The record is real: it holds what every gateway loads.
      expect(loaded.some((url) => url.includes('/node_modules/graphql-yoga/'))).toBe(true);
      expect(loaded.some((url) => url.endsWith('/dist/src/auth/index.js'))).toBe(true);
      for (const unused of [
        '/node_modules/jose/',
        '/dist/src/auth/jwt.js',
        '/dist/src/auth/identity.js',
        '/node_modules/ioredis/',
        '/dist/src/cache/redis-connection.js',
        '/node_modules/@opentelemetry/sdk-trace-base/',
        '/dist/src/observability/tracing.js',
      ]) {
        expect(loaded.filter((url) => url.includes(unused))).toEqual([]);
      }
    } finally {
      await gateway.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs as PID 1 of its own PID namespace and, on SIGTERM under load, delivers every answer and exits 0 within the grace', async () => {
    const port = await freePort();
    const GRACE_MS = 10_000;
    const env = {
      ...cleanEnvironment(),
      NODE_ENV: 'production',
      NODE_OPTIONS: dockerfileNodeOptions(),
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      GATEWAY_CURSOR_SECRET: 'pid-one-test-cursor-secret-0123456789abcdef',
      GATEWAY_AUTH_MODE: 'none',
      HOST: '127.0.0.1',
      PORT: String(port),
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      GATEWAY_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // Every request must be in flight at the upstream when SIGTERM comes, not answered from cache.
      GATEWAY_CACHE: 'off',
      LOG_FORMAT: 'json',
    };
    // As a container runtime starts it: the bin is process 1 of a new PID namespace.
    const shell = startShell('exec unshare --pid --fork node dist/src/main.js', env);
    try {
      await shell.waitFor(`127.0.0.1:${port}/graphql`);
      const started = shell
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { pid?: number });
      expect(started[0]?.pid).toBe(1);
      // The default caches fit the heap the image's NODE_OPTIONS give V8.
      expect(shell.output()).not.toContain(HEAP_WARNING);

      // The init of the namespace, seen from here: the one child of `unshare`.
      const unsharePid = shell.child.pid ?? 0;
      const init = Number(
        readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim(),
      );
      expect(init).toBeGreaterThan(0);

      emulator.faults.set([{ service: 'personalize', latencyMs: 1_000 }]);
      const inFlight = Array.from({ length: 8 }, () => post(port));
      await eventually(
        'every request at the upstream',
        () => emulator.requests.count({ service: 'personalize' }) >= 8,
      );
      process.kill(init, 'SIGTERM');

      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({
          data: { personalizeDatasets: { nodes: [{}, {}] } },
        });
        expect(answer.body).not.toContain('errors');
      }
      expect(await exitWithin(shell, GRACE_MS)).toBe(0);
    } finally {
      emulator.faults.clear();
      emulator.requests.clear();
      await shell.kill();
    }
  }, 60_000);
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

  it('copies only files that exist, each let through by .dockerignore', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) =>
      (match[1] ?? '').split(/\s+/),
    );
    expect(copies.length).toBeGreaterThan(4);
    const allowed = ignore
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    for (const source of copies) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(allowed, source).toContain(source);
    }
  });

  it("states V8's heap: a capped old generation, a young one where requests in flight die", () => {
    expect(dockerfileNodeOptions()).toBe('--max-old-space-size=256 --max-semi-space-size=32');
  });

  it('runs the built bin as a non-root user, with a stop signal and a health check', () => {
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^]*?\/health'/m);
    const entrypoint = /^ENTRYPOINT \["node", "([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(entrypoint).toBe('dist/src/main.js');
  });
});
