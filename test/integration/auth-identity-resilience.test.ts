// Identity mode when the upstream misbehaves: credentials AWS has refused are dropped and the
// token exchanged again within the same request (an upstream that restarted forgot every issued
// credential); junk bearer tokens are refused locally, before any Cognito Identity call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig, withLocalUpstream } from '../../src/config/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server.js';

const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
const ALICE_ID = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
const QUERY = JSON.stringify({ query: '{ cognitoDatasets(first: 2) { nodes { datasetName } } }' });

let emulator: RunningEmulator;
let gateway: Gateway;
let url: string;

async function startUpstream(port = 0): Promise<RunningEmulator> {
  return startEmulator({ port });
}

beforeAll(async () => {
  emulator = await startUpstream();
  const config = withLocalUpstream(
    loadConfig({
      GATEWAY_DEMO: 'false',
      AWS_REGION: 'us-east-1',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      GATEWAY_CURSOR_SECRET: 'identity-resilience-cursor-secret-0123456789',
      GATEWAY_AUTH_MODE: 'identity',
      GATEWAY_IDENTITY_POOL_ID: POOL,
      GATEWAY_IDENTITY_LOGIN_PROVIDER: emulator.identityProvider.loginProvider,
      // The request after the restart must reach the upstream to meet the refused credentials.
      GATEWAY_CACHE: 'off',
    }),
    { endpoint: emulator.url, credentials: emulator.credentials },
  );
  gateway = await createGateway(config);
  ({ url } = await gateway.listen());
});

afterAll(async () => {
  await gateway.close();
  await emulator.close();
});

interface Answer {
  readonly status: number;
  readonly body: {
    readonly data?: { readonly cognitoDatasets: { readonly nodes: unknown[] } | null };
    readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
  };
}

async function asCaller(token: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: QUERY,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('credentials AWS has refused', () => {
  it('are exchanged again within one request after the upstream restarted', async () => {
    const before = await asCaller(await emulator.identityProvider.issueToken({ subject: 'alice' }));
    expect(before.body.errors).toBeUndefined();

    // The upstream restarts on the same address: every credential it issued is unknown now,
    // and so is its old signing key. The gateway still caches alice's session.
    const port = Number(new URL(emulator.url).port);
    await emulator.close();
    emulator = await startUpstream(port);

    const fresh = await emulator.identityProvider.issueToken({ subject: 'alice' });
    const after = await asCaller(fresh);
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data?.cognitoDatasets?.nodes).toHaveLength(2);
    // One refused call, one new exchange (GetId for the new token, then new credentials), one
    // call that succeeded.
    const log = emulator.requests.entries();
    expect(log.map((entry) => `${entry.operation}:${String(entry.status)}`)).toEqual([
      'GetId:200',
      'ListDatasets:403',
      'GetCredentialsForIdentity:200',
      'ListDatasets:200',
    ]);
    expect(log.at(-1)?.input['IdentityId']).toBe(ALICE_ID);
  });
});
