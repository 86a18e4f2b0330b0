// Diagnosis, over real HTTP against the emulator: failures an operator must fix are told apart
// in the log (which endpoint, the AWS error's name and message, the system error under it),
// permanent misconfiguration answers a non-retryable code, a login provider that matches no
// caller's tokens is logged at warn, and /ready can follow the upstream's reachability.
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { loadConfig } from '../../src/config/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { eventually } from '../helpers/eventually.js';

const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
const QUERY = '{ cognitoDatasets(first: 1) { nodes { datasetName } } }';

type LogLine = Record<string, unknown> & { msg?: string; level?: number };

interface Running {
  readonly gateway: Gateway;
  readonly url: string;
  readonly logs: LogLine[];
}

const running: Gateway[] = [];
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await Promise.all(running.map((gateway) => gateway.close()));
  await emulator.close();
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  return port;
}

async function start(
  env: Record<string, string>,
  options: { upstreamProbeIntervalMs?: number; withoutCredentials?: boolean } = {},
): Promise<Running> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const config = loadConfig({
    GATEWAY_DEMO: 'false',
    GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    AWS_REGION: 'us-east-1',
    HOST: '127.0.0.1',
    PORT: '0',
    GATEWAY_CURSOR_SECRET: 'diagnosis-test-cursor-secret-0123456789abcdef',
    AWS_ENDPOINT_URL: emulator.url,
    GATEWAY_UPSTREAM_MAX_ATTEMPTS: '1',
    ...env,
  });
  const credentials = options.withoutCredentials === true ? undefined : emulator.credentials;
  const gateway = await createGateway(
    { ...config, aws: { ...config.aws, credentials } },
    {
      logger: pino({ level: 'debug' }, sink),
      ...(options.upstreamProbeIntervalMs === undefined
        ? {}
        : { upstreamProbeIntervalMs: options.upstreamProbeIntervalMs }),
    },
  );
  running.push(gateway);
  const { url } = await gateway.listen();
  return { gateway, url, logs };
}

function identityEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    GATEWAY_AUTH_MODE: 'identity',
    GATEWAY_IDENTITY_POOL_ID: POOL,
    GATEWAY_IDENTITY_LOGIN_PROVIDER: emulator.identityProvider.loginProvider,
    GATEWAY_IDENTITY_JWKS_URL: emulator.identityProvider.jwksUrl,
    ...extra,
  };
}

async function ask(
  url: string,
  token?: string,
): Promise<{ status: number; codes: unknown[]; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
  return {
    status: response.status,
    codes: (parsed.errors ?? []).map((error) => error.extensions?.code),
    body,
  };
}

const exchangeFailure = (logs: readonly LogLine[]): LogLine | undefined =>
  logs.find((line) => line.msg?.startsWith('login token exchange failed') === true);

describe('identity mode: exchange failures in the log', () => {
  it('tells a closed port from TLS spoken to a plain-HTTP endpoint, naming the endpoint', async () => {
    const port = await closedPort();
    const closed = await start(
      identityEnv({ AWS_ENDPOINT_URL_COGNITO_IDENTITY: `http://127.0.0.1:${port}` }),
    );
    const tls = await start(
      identityEnv({ AWS_ENDPOINT_URL_COGNITO_IDENTITY: emulator.url.replace('http:', 'https:') }),
    );
    const token = await emulator.identityProvider.issueToken({ subject: 'alice' });

    const closedAnswer = await ask(closed.url, token);
    expect(closedAnswer.status).toBe(503);
    expect(closedAnswer.codes).toEqual(['UPSTREAM_UNAVAILABLE']);
    // A closed port may open again; TLS to a plain-HTTP endpoint never works: not retryable.
    const tlsAnswer = await ask(tls.url, token);
    expect(tlsAnswer.status).toBe(500);
    expect(tlsAnswer.codes).toEqual(['GATEWAY_MISCONFIGURED']);
    const refused = exchangeFailure(closed.logs);
    const wrongProtocol = exchangeFailure(tls.logs);
    expect(refused).toMatchObject({
      endpoint: `http://127.0.0.1:${port}`,
      systemCode: 'ECONNREFUSED',
      operation: 'GetId',
    });
    expect(refused?.['awsMessage']).toEqual(expect.any(String));
    expect(wrongProtocol?.['endpoint']).toBe(emulator.url.replace('http:', 'https:'));
    expect(wrongProtocol).toMatchObject({ systemCode: 'EPROTO', operation: 'GetId', level: 50 });
    expect(wrongProtocol?.['awsMessage']).not.toBe(refused?.['awsMessage']);
  });

  it('answers a nonexistent identity pool with GATEWAY_MISCONFIGURED, HTTP 500, not retryable, logged as an error', async () => {
    const missing = await start(
      identityEnv({ GATEWAY_IDENTITY_POOL_ID: 'us-east-1:00000000-0000-4000-8000-000000000000' }),
    );
    const token = await emulator.identityProvider.issueToken({ subject: 'alice' });
    const answer = await ask(missing.url, token);

    expect(answer.status).toBe(500);
    expect(answer.codes).toEqual(['GATEWAY_MISCONFIGURED']);
    expect(answer.body).not.toMatch(/retryable/);
    expect(answer.body).toMatch(/GATEWAY_IDENTITY_POOL_ID/);
    const logged = exchangeFailure(missing.logs);
    expect(logged).toMatchObject({ level: 50, awsError: 'ResourceNotFoundException' });
  });

  it('logs a login provider the identity pool does not trust at warn, once a minute', async () => {
    const wrong = await start(
      identityEnv({
        GATEWAY_IDENTITY_LOGIN_PROVIDER: 'accounts.example.com',
        GATEWAY_IDENTITY_JWKS_URL: 'none',
      }),
    );
    for (const subject of ['alice', 'bob', 'carol']) {
      const token = await emulator.identityProvider.issueToken({ subject });
      const answer = await ask(wrong.url, token);
      expect(answer.status).toBe(401);
      expect(answer.codes).toEqual(['UNAUTHENTICATED']);
    }
    const warnings = wrong.logs.filter(
      (line) => line.level === 40 && String(line.msg).includes('GATEWAY_IDENTITY_LOGIN_PROVIDER'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ loginProvider: 'accounts.example.com' });
  });

  it('logs tokens of another issuer at warn when the local check refuses them', async () => {
    const foreign = await start(
      identityEnv({
        GATEWAY_IDENTITY_LOGIN_PROVIDER: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
      }),
    );
    const token = await emulator.identityProvider.issueToken({ subject: 'alice' });
    expect((await ask(foreign.url, token)).status).toBe(401);
    const warning = foreign.logs.find(
      (line) => line.level === 40 && String(line.msg).includes('another issuer'),
    );
    expect(warning).toMatchObject({ tokenIssuer: emulator.identityProvider.issuer });
  });
});

describe('auth none: an unreachable upstream in the log', () => {
  it('names the endpoint and the system error of a failed call', async () => {
    const port = await closedPort();
    const down = await start({
      GATEWAY_AUTH_MODE: 'none',
      AWS_ENDPOINT_URL_COGNITO_SYNC: `http://127.0.0.1:${port}`,
    });
    const response = await fetch(down.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ cognitoDatasets(identityPoolId: "${POOL}", identityId: "${POOL}", first: 1) { nodes { datasetName } } }`,
      }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const line = down.logs.find((entry) => entry['code'] === 'UPSTREAM_UNAVAILABLE');
    expect(line).toMatchObject({
      service: 'cognito-sync',
      operation: 'ListDatasets',
      endpoint: `http://127.0.0.1:${port}`,
      systemCode: 'ECONNREFUSED',
    });
  });
});

describe('no AWS credentials at all', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('answers GATEWAY_MISCONFIGURED saying none were found, not that they were refused', async () => {
    // The SDK's default chain finds nothing: no variables, no files, no instance metadata.
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
    ]) {
      expect(process.env[name], name).toBeUndefined();
    }
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    const bare = await start({ GATEWAY_AUTH_MODE: 'none' }, { withoutCredentials: true });
    const response = await fetch(bare.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ personalizeDatasets(first: 1) { nodes { name } } }' }),
    });
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string; retryable?: boolean } }[];
    };
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['GATEWAY_MISCONFIGURED']);
    expect(body.errors?.[0]?.extensions?.retryable).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/found no AWS credentials/);
    expect(emulator.requests.entries({ service: 'personalize' })).toHaveLength(0);
  });
});

describe('/ready and the upstream (GATEWAY_READY_REQUIRES_UPSTREAM)', () => {
  it('answers 503 while the upstream does not answer and 200 once it does; off by default', async () => {
    const upstream = await startEmulator();
    const port = Number(new URL(upstream.url).port);
    const env = {
      GATEWAY_AUTH_MODE: 'none',
      AWS_ENDPOINT_URL: upstream.url,
    };
    const following = await start(
      { ...env, GATEWAY_READY_REQUIRES_UPSTREAM: 'true' },
      { upstreamProbeIntervalMs: 50 },
    );
    const ignoring = await start(env, { upstreamProbeIntervalMs: 50 });
    const readyOf = async (gateway: Running): Promise<number> =>
      (await fetch(new URL('/ready', gateway.url))).status;

    await eventually('/ready 200', async () => (await readyOf(following)) === 200);
    await upstream.close();
    await eventually('/ready 503', async () => (await readyOf(following)) === 503);
    expect(await readyOf(ignoring)).toBe(200);
    expect(following.logs.some((line) => String(line.msg).startsWith('upstream unreachable'))).toBe(
      true,
    );

    const back = await startEmulator({ port });
    try {
      await eventually('/ready 200 again', async () => (await readyOf(following)) === 200);
    } finally {
      await back.close();
    }
  });
});
