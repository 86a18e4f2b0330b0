// Acceptance: identity auth mode. Callers send a login token of the emulator's user pool; the
// gateway exchanges it through Cognito Identity (GetId, GetCredentialsForIdentity, real SDK over
// real HTTP) for the temporary credentials of the caller's own identity and calls Cognito Sync and
// Personalize with them, so the emulator (standing in for AWS) enforces isolation too. For every
// path to the data a caller reaches its own identity's datasets and is refused another's; bad
// tokens are HTTP 401; exchanges are cached per token and per identity.
import { print } from 'graphql';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig, withLocalUpstream } from '../../src/config/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RequestLogEntry, Seed, ServiceName } from '../../src/emulator/index.js';
import { createGateway } from '../../src/server.js';
import {
  AuthCognitoDatasetsDocument,
  AuthDatasetGroupNamesDocument,
  AuthNodeDocument,
  AuthNodesDocument,
} from '../__generated__/graphql.js';
import { codes } from '../helpers/errors.js';
import { cognitoDatasets, personalizeGroup, personalizeSchemas } from '../helpers/gateway-seeds.js';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { globalId } from '../helpers/typed-graphql.js';

// The demo seed: alice and bob log in to identities of the demo pool, which grants Personalize.
const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
const ALICE_ID = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
const BOB_ID = 'us-east-1:1f4e8a2b-6c3d-4b9e-a7f0-5d2c8e1b9a36';
const ALICE_DATASET = 'save-slot-01';
const BOB_DATASET = 'profile';
const GATEWAY_KEY_ID = 'test';

let stack: Stack;
const tokens = { alice: '', bob: '' };

function identityEnv(stackEmulator: Stack['emulator'], extra: Record<string, string> = {}) {
  return {
    GATEWAY_AUTH_MODE: 'identity',
    GATEWAY_IDENTITY_POOL_ID: POOL,
    GATEWAY_IDENTITY_LOGIN_PROVIDER: stackEmulator.identityProvider.loginProvider,
    GATEWAY_IDENTITY_JWKS_URL: stackEmulator.identityProvider.jwksUrl,
    ...extra,
  };
}

beforeAll(async () => {
  stack = await startStack({
    env: (emulator) => identityEnv(emulator, { GATEWAY_SUBGRAPH: 'true' }),
  });
  tokens.alice = await stack.emulator.identityProvider.issueToken({ subject: 'alice' });
  tokens.bob = await stack.emulator.identityProvider.issueToken({ subject: 'bob' });
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
});

type Who = keyof typeof tokens | 'anonymous';

function as<T>(
  who: Who,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const authorization = who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` };
  return stack.graphql<T>(query, variables, { ...authorization, ...headers });
}

function calls(service: ServiceName, operation?: string): RequestLogEntry[] {
  return [
    ...stack.emulator.requests.entries(
      operation === undefined ? { service } : { service, operation },
    ),
  ];
}

/** Cognito Sync calls that named this identity. */
function syncCallsFor(identityId: string): number {
  return calls('cognito-sync').filter((entry) => entry.input['IdentityId'] === identityId).length;
}

function exchanges(): number {
  return calls('cognito-identity').length;
}

function cognitoId(identityId: string, datasetName: string): string {
  return globalId('CognitoDataset', [POOL, identityId, datasetName].join('|'));
}

interface Listing {
  cognitoDatasets: {
    nodes: { id: string; identityId: string; datasetName: string }[];
    pageInfo: { endCursor: string | null };
  } | null;
}

const COGNITO_DATASETS = print(AuthCognitoDatasetsDocument);

const NODE = print(AuthNodeDocument);

const NODES = print(AuthNodesDocument);

// _entities is subgraph-only, outside the schema codegen types documents against.
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on CognitoDataset {
        identityId
        datasetName
      }
    }
  }
`;

const PERSONALIZE = print(AuthDatasetGroupNamesDocument);

interface NodeData {
  node: { id: string; identityId?: string; datasetName?: string } | null;
}

interface EntitiesData {
  _entities: ({ identityId?: string; datasetName?: string } | null)[];
}

/** Asserts that a refused response carries none of bob's data. */
function expectNothingOfBob(response: GraphQLResponse<unknown>): void {
  const text = JSON.stringify(response.body.data ?? null);
  expect(text).not.toContain(BOB_ID);
  expect(text).not.toContain(BOB_DATASET);
}

describe('cognitoDatasets', () => {
  it("lists the caller's own identity by default, with the identity's own credentials", async () => {
    const alice = await as<Listing>('alice', COGNITO_DATASETS, { first: 50 });
    expect(codes(alice)).toEqual([]);
    expect(alice.body.data?.cognitoDatasets?.nodes).toHaveLength(19);
    expect(new Set(alice.body.data?.cognitoDatasets?.nodes.map((d) => d.identityId))).toEqual(
      new Set([ALICE_ID]),
    );

    const bob = await as<Listing>('bob', COGNITO_DATASETS, { first: 50 });
    expect(codes(bob)).toEqual([]);
    expect(bob.body.data?.cognitoDatasets?.nodes.map((d) => d.datasetName)).toContain(BOB_DATASET);

    const keyOf = (identityId: string) =>
      new Set(
        calls('cognito-sync')
          .filter((entry) => entry.input['IdentityId'] === identityId)
          .map((entry) => entry.accessKeyId),
      );
    const [aliceKey, ...moreAlice] = keyOf(ALICE_ID);
    const [bobKey, ...moreBob] = keyOf(BOB_ID);
    expect([moreAlice, moreBob]).toEqual([[], []]);
    expect(aliceKey).toMatch(/^ASIA/);
    expect(bobKey).toMatch(/^ASIA/);
    expect(new Set([aliceKey, bobKey, GATEWAY_KEY_ID]).size).toBe(3);
  });

  it('lists the identity its owner names explicitly', async () => {
    const named = await as<Listing>('alice', COGNITO_DATASETS, {
      identityPoolId: POOL,
      identityId: ALICE_ID,
      first: 50,
    });
    expect(codes(named)).toEqual([]);
    expect(named.body.data?.cognitoDatasets?.nodes).toHaveLength(19);
  });

  it('refuses another identity, named with or without its pool, before any Cognito Sync call', async () => {
    for (const variables of [
      { identityId: BOB_ID },
      { identityPoolId: POOL, identityId: BOB_ID },
    ]) {
      const response = await as<Listing>('alice', COGNITO_DATASETS, variables);
      expect(codes(response)).toEqual(['FORBIDDEN']);
      expect(response.body.data?.cognitoDatasets).toBeNull();
      expectNothingOfBob(response);
    }
    expect(calls('cognito-sync')).toHaveLength(0);
  });

  it('refuses a request without a token with UNAUTHENTICATED and no upstream call', async () => {
    for (const variables of [{}, { identityId: ALICE_ID }]) {
      const response = await as<Listing>('anonymous', COGNITO_DATASETS, variables);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.body.data?.cognitoDatasets).toBeNull();
    }
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("does not let bob use a cursor from alice's listing to read it", async () => {
    const first = await as<Listing>('alice', COGNITO_DATASETS, { first: 2 });
    const cursor = first.body.data?.cognitoDatasets?.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    stack.emulator.requests.clear();

    // With bob's default identity the cursor names another listing; naming alice is refused.
    const asDefault = await as<Listing>('bob', COGNITO_DATASETS, { first: 2, after: cursor });
    expect(codes(asDefault)).toEqual(['BAD_USER_INPUT']);
    expect(asDefault.body.data?.cognitoDatasets).toBeNull();
    const naming = await as<Listing>('bob', COGNITO_DATASETS, {
      identityPoolId: POOL,
      identityId: ALICE_ID,
      first: 2,
      after: cursor,
    });
    expect(codes(naming)).toEqual(['FORBIDDEN']);
    expect(naming.body.data?.cognitoDatasets).toBeNull();
    expect(syncCallsFor(ALICE_ID)).toBe(0);

    // The cursor still works for alice, who owns the listing.
    const second = await as<Listing>('alice', COGNITO_DATASETS, { first: 2, after: cursor });
    expect(codes(second)).toEqual([]);
    expect(second.body.data?.cognitoDatasets?.nodes).toHaveLength(2);
  });
});

describe('node and nodes', () => {
  const aliceDataset = cognitoId(ALICE_ID, ALICE_DATASET);
  const bobDataset = cognitoId(BOB_ID, BOB_DATASET);

  it("returns the caller's own dataset", async () => {
    const response = await as<NodeData>('alice', NODE, { id: aliceDataset });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.node).toEqual({
      id: aliceDataset,
      identityId: ALICE_ID,
      datasetName: ALICE_DATASET,
    });
  });

  it("refuses another identity's dataset with FORBIDDEN and no Cognito Sync call", async () => {
    const response = await as<NodeData>('alice', NODE, { id: bobDataset });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data?.node).toBeNull();
    expectNothingOfBob(response);
    expect(calls('cognito-sync')).toHaveLength(0);
  });

  it('refuses node(id) without a token with UNAUTHENTICATED', async () => {
    const response = await as<NodeData>('anonymous', NODE, { id: aliceDataset });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.data?.node).toBeNull();
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("answers nodes(ids) with the caller's own datasets", async () => {
    const response = await as<{ nodes: NodeData['node'][] }>('alice', NODES, {
      ids: [aliceDataset, cognitoId(ALICE_ID, 'save-slot-02')],
    });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.nodes).toEqual([
      { id: aliceDataset, identityId: ALICE_ID, datasetName: ALICE_DATASET },
      {
        id: cognitoId(ALICE_ID, 'save-slot-02'),
        identityId: ALICE_ID,
        datasetName: 'save-slot-02',
      },
    ]);
  });

  it("refuses nodes(ids) naming another identity's dataset, returning none of its data", async () => {
    const response = await as<{ nodes: (NodeData['node'] | null)[] | null }>('alice', NODES, {
      ids: [aliceDataset, bobDataset],
    });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    // Refused in place (nodes[1] null) or as a whole (nodes null): never bob's dataset.
    expect(response.body.data?.nodes?.[1] ?? null).toBeNull();
    expectNothingOfBob(response);
    expect(syncCallsFor(BOB_ID)).toBe(0);
  });
});

describe('_entities', () => {
  const byId = (identityId: string, datasetName: string) => ({
    __typename: 'CognitoDataset',
    id: cognitoId(identityId, datasetName),
  });
  const byKey = (identityId: string, datasetName: string) => ({
    __typename: 'CognitoDataset',
    identityPoolId: POOL,
    identityId,
    datasetName,
  });

  it("resolves the caller's own datasets by id and by natural key", async () => {
    const response = await as<EntitiesData>('alice', ENTITIES, {
      representations: [byId(ALICE_ID, ALICE_DATASET), byKey(ALICE_ID, 'save-slot-02')],
    });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?._entities).toEqual([
      { identityId: ALICE_ID, datasetName: ALICE_DATASET },
      { identityId: ALICE_ID, datasetName: 'save-slot-02' },
    ]);
  });

  it("refuses another identity's datasets by id and by natural key", async () => {
    const response = await as<EntitiesData>('alice', ENTITIES, {
      representations: [byId(BOB_ID, BOB_DATASET), byKey(BOB_ID, 'settings')],
    });
    expect(response.body.data?._entities).toEqual([null, null]);
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expectNothingOfBob(response);
    expect(calls('cognito-sync')).toHaveLength(0);
  });
});

describe('Personalize', () => {
  it("is read with the identity's credentials when the pool's role allows it", async () => {
    const response = await as<{ personalizeDatasetGroups: { nodes: unknown[] } | null }>(
      'alice',
      PERSONALIZE,
    );
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.personalizeDatasetGroups?.nodes.length).toBeGreaterThan(0);
    const keys = new Set(calls('personalize').map((entry) => entry.accessKeyId));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^ASIA/);
  });

  it("is FORBIDDEN (AWS's refusal of the caller, not of the gateway) when the role does not allow it", async () => {
    const seed: Seed = {
      cognitoSync: {
        identityPools: [
          {
            identityPoolId: POOL,
            identities: [
              {
                identityId: ALICE_ID,
                logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01': 'alice' },
                datasets: cognitoDatasets('slot', 2),
              },
            ],
          },
        ],
      },
      personalize: { schemas: personalizeSchemas(), datasetGroups: [personalizeGroup('g', 1)] },
    };
    const local = await startStack({ seed, env: (emulator) => identityEnv(emulator) });
    try {
      const token = await local.emulator.identityProvider.issueToken({ subject: 'alice' });
      const response = await local.graphql<{ personalizeDatasetGroups: unknown }>(
        PERSONALIZE,
        undefined,
        { authorization: `Bearer ${token}` },
      );
      expect(codes(response)).toEqual(['FORBIDDEN']);
      expect(response.body.errors?.[0]?.message).not.toMatch(/gateway's AWS credentials/);
      expect(response.body.data?.personalizeDatasetGroups).toBeNull();
      const refused = [...local.emulator.requests.entries({ service: 'personalize' })];
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((entry) => entry.errorCode === 'AccessDeniedException')).toBe(true);
      expect(refused.every((entry) => entry.accessKeyId !== GATEWAY_KEY_ID)).toBe(true);

      const own = await local.graphql<Listing>(COGNITO_DATASETS, undefined, {
        authorization: `Bearer ${token}`,
      });
      expect(codes(own)).toEqual([]);
      expect(own.body.data?.cognitoDatasets?.nodes).toHaveLength(2);
    } finally {
      await local.close();
    }
  });
});

describe('the token exchange', () => {
  it('is made once per token: a second request with the same token is served from the cache', async () => {
    const token = await stack.emulator.identityProvider.issueToken({ subject: 'alice' });
    const headers = { authorization: `Bearer ${token}` };
    // The first request with a new token asks GetId; alice's session may already be cached.
    await stack.graphql(COGNITO_DATASETS, { first: 1 }, headers);
    expect(calls('cognito-identity', 'GetId')).toHaveLength(1);
    stack.emulator.requests.clear();

    const again = await stack.graphql<Listing>(COGNITO_DATASETS, { first: 1 }, headers);
    expect(codes(again)).toEqual([]);
    expect(exchanges()).toBe(0);
    expect(calls('cognito-sync')).toHaveLength(1);
  });

  it("exchanges another user's token, and for a new user also fetches credentials", async () => {
    const carol = await stack.emulator.identityProvider.issueToken({ subject: 'carol' });
    const response = await stack.graphql<Listing>(COGNITO_DATASETS, undefined, {
      authorization: `Bearer ${carol}`,
    });
    // carol has no identity yet: GetId creates one (as AWS does), with no datasets.
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.cognitoDatasets?.nodes).toEqual([]);
    expect(calls('cognito-identity', 'GetId')).toHaveLength(1);
    expect(calls('cognito-identity', 'GetCredentialsForIdentity')).toHaveLength(1);
    const [listed] = calls('cognito-sync');
    expect(listed?.input['IdentityId']).not.toBe(ALICE_ID);
    expect(listed?.input['IdentityId']).not.toBe(BOB_ID);
  });

  it('joins concurrent requests with the same new token into one exchange', async () => {
    const token = await stack.emulator.identityProvider.issueToken({ subject: 'dave' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        stack.graphql<Listing>(COGNITO_DATASETS, undefined, { authorization: `Bearer ${token}` }),
      ),
    );
    expect(responses.map(codes)).toEqual(Array.from({ length: 5 }, () => []));
    expect(calls('cognito-identity', 'GetId')).toHaveLength(1);
    expect(calls('cognito-identity', 'GetCredentialsForIdentity')).toHaveLength(1);
  });

  it('sends the request id upstream on the exchange and on the identity’s own calls', async () => {
    const token = await stack.emulator.identityProvider.issueToken({ subject: 'erin' });
    const requestId = 'auth-identity-request-id-1';
    await stack.graphql(COGNITO_DATASETS, undefined, {
      authorization: `Bearer ${token}`,
      'x-request-id': requestId,
    });
    const entries = stack.emulator.requests.entries();
    expect(entries.map((entry) => entry.service).sort()).toEqual([
      'cognito-identity',
      'cognito-identity',
      'cognito-sync',
    ]);
    expect(entries.every((entry) => entry.clientRequestId === requestId)).toBe(true);
  });
});

describe('Cognito Identity faults', () => {
  let faulty: Stack;

  beforeAll(async () => {
    // One attempt per call, so that a fault is not hidden (nor slowed) by the SDK's retries.
    faulty = await startStack({
      env: (emulator) =>
        identityEnv(emulator, {
          GATEWAY_UPSTREAM_MAX_ATTEMPTS: '1',
          GATEWAY_UPSTREAM_RETRY_MODE: 'standard',
        }),
    });
  });

  afterAll(async () => {
    await faulty.close();
  });

  it('fails with HTTP 503 RATE_LIMITED while Cognito Identity throttles, then recovers', async () => {
    const token = await faulty.emulator.identityProvider.issueToken({ subject: 'alice' });
    const headers = { authorization: `Bearer ${token}` };
    faulty.emulator.faults.set([{ service: 'cognito-identity', throttleRate: 1 }]);
    try {
      const throttled = await faulty.graphql<Listing>(COGNITO_DATASETS, undefined, headers);
      expect(throttled.status).toBe(503);
      expect(codes(throttled)).toEqual(['RATE_LIMITED']);
      expect(throttled.body.errors?.[0]?.extensions?.['retryable']).toBe(true);
      expect(throttled.body.errors?.[0]?.extensions).not.toHaveProperty('http');
      expect(JSON.stringify(throttled.body)).not.toContain(token);
      expect(faulty.emulator.requests.count({ service: 'cognito-sync' })).toBe(0);
    } finally {
      faulty.emulator.faults.clear();
    }
    const served = await faulty.graphql<Listing>(COGNITO_DATASETS, { first: 50 }, headers);
    expect(codes(served)).toEqual([]);
    expect(served.body.data?.cognitoDatasets?.nodes).toHaveLength(19);
  });

  it('fails with HTTP 503 UPSTREAM_UNAVAILABLE when Cognito Identity fails', async () => {
    const token = await faulty.emulator.identityProvider.issueToken({ subject: 'bob' });
    faulty.emulator.faults.set([{ service: 'cognito-identity', errorRate: 1 }]);
    try {
      const failed = await faulty.graphql<Listing>(COGNITO_DATASETS, undefined, {
        authorization: `Bearer ${token}`,
      });
      expect(failed.status).toBe(503);
      expect(codes(failed)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(failed.body.data ?? null).toBeNull();
      expect(JSON.stringify(failed.body)).not.toMatch(/InternalErrorException/);
    } finally {
      faulty.emulator.faults.clear();
    }
  });
});

describe('bad tokens', () => {
  async function post(
    token: string,
    url = stack.url,
  ): Promise<{
    status: number;
    challenge: string | null;
    text: string;
    body: GraphQLResponse<unknown>['body'];
  }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: COGNITO_DATASETS }),
    });
    const text = await response.text();
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      text,
      body: JSON.parse(text) as GraphQLResponse<unknown>['body'],
    };
  }

  /** A token with alice's claims, signed by a key the emulator never saw, under its key id. */
  async function impostorToken(): Promise<string> {
    const { kid } = decodeProtectedHeader(tokens.alice);
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
      .setIssuer(stack.emulator.identityProvider.issuer)
      .setAudience(stack.emulator.identityProvider.clientId)
      .setSubject('alice')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  }

  const issue = (options: Parameters<Stack['emulator']['identityProvider']['issueToken']>[0]) =>
    stack.emulator.identityProvider.issueToken(options);

  // Refused by the gateway's own check against the pool's JWKS, before any AWS call.
  const locallyRefused: [string, () => Promise<string> | string][] = [
    ['an expired token', () => issue({ subject: 'alice', expiresInSeconds: -60 })],
    ['a malformed token', () => 'not-a.jwt.at-all'],
    ['a token that is not a JWT at all', () => 'opaque-garbage-token'],
    ['a token signed by another key', impostorToken],
  ];
  // Well signed, but not for an app client the identity pool trusts: only AWS can tell.
  const refusedByAws: [string, () => Promise<string> | string][] = [
    ['a token for another audience', () => issue({ subject: 'alice', audience: 'another-app' })],
  ];

  function expectRefused(result: Awaited<ReturnType<typeof post>>, token: string): void {
    expect(result.status).toBe(401);
    expect(result.challenge).toMatch(/^Bearer\b.*error="invalid_token"/);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.body.data ?? null).toBeNull();
    expect(result.text).not.toContain(token);
    // Nothing of the AWS answer reaches the client.
    expect(result.text).not.toMatch(/Invalid login token|NotAuthorizedException/);
    expect(calls('cognito-sync')).toHaveLength(0);
  }

  it.each(locallyRefused)(
    'refuses %s with HTTP 401 UNAUTHENTICATED before any AWS call, without echoing it',
    async (_name, make) => {
      const token = await make();
      expectRefused(await post(token), token);
      expect(calls('cognito-identity')).toHaveLength(0);
    },
  );

  it.each(refusedByAws)(
    'refuses %s with HTTP 401 UNAUTHENTICATED once AWS refused it, and remembers the refusal',
    async (_name, make) => {
      const token = await make();
      expectRefused(await post(token), token);
      expect(calls('cognito-identity', 'GetId').map((e) => e.errorCode)).toEqual([
        'NotAuthorizedException',
      ]);
      // The same token again: refused from memory, no second GetId.
      expectRefused(await post(token), token);
      expect(calls('cognito-identity')).toHaveLength(1);
    },
  );

  it('spends at most a handful of upstream calls on 300 junk tokens (220 GetId calls without the local check)', async () => {
    const junk = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0
        ? `junk-${i}-${'x'.repeat(i % 50)}`
        : i % 3 === 1
          ? `eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.${'A'.repeat(40 + (i % 20))}`
          : `${i}.${i}.${i}`,
    );
    const results = await Promise.all(junk.map((token) => post(token)));
    expect(results.every((result) => result.status === 401)).toBe(true);
    expect(stack.emulator.requests.count()).toBeLessThanOrEqual(10);
    expect(calls('cognito-identity')).toHaveLength(0);
    // A real login still works at once.
    expect((await post(tokens.alice)).status).toBe(200);
  });

  it('refuses a token once it has expired, even after it was accepted and cached', async () => {
    // The gateway's clock is the test's: it is moved past the token's exp instead of waited for.
    let offsetMs = 0;
    const local = await startStack({
      env: (emulator) => identityEnv(emulator),
      gateway: { now: () => Date.now() + offsetMs },
    });
    try {
      const token = await local.emulator.identityProvider.issueToken({
        subject: 'alice',
        expiresInSeconds: 60,
      });
      const accepted = await post(token, local.url);
      expect(accepted.status).toBe(200);
      expect(accepted.body.errors).toBeUndefined();
      // Past exp and the local check's 30 s clock tolerance: the cached exchange is stale and the
      // token is refused by the gateway itself (the emulator, on real time, would still take it).
      offsetMs = 60_000 + 31_000;
      local.emulator.requests.clear();
      const refused = await post(token, local.url);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(local.emulator.requests.count()).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe('logs', () => {
  it('name the identity at debug level and hold no token', async () => {
    const emulator = await startEmulator();
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const config = withLocalUpstream(
      loadConfig({
        GATEWAY_DEMO: 'false',
        GATEWAY_SHUTDOWN_DRAIN_MS: '0',
        AWS_REGION: 'us-east-1',
        HOST: '127.0.0.1',
        PORT: '0',
        GATEWAY_CURSOR_SECRET: 'integration-test-cursor-secret-0123456789abcdef',
        ...identityEnv(emulator),
      }),
      { endpoint: emulator.url, credentials: emulator.credentials },
    );
    const gateway = await createGateway(config, { logger });
    try {
      const { url } = await gateway.listen();
      const good = await emulator.identityProvider.issueToken({ subject: 'alice' });
      const expired = await emulator.identityProvider.issueToken({
        subject: 'alice',
        expiresInSeconds: -60,
      });
      const statuses: number[] = [];
      for (const token of [good, good, expired, 'not-a.jwt.at-all']) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: COGNITO_DATASETS }),
        });
        statuses.push(response.status);
        await response.text();
      }
      expect(statuses).toEqual([200, 200, 401, 401]);
      const log = lines.join('');
      expect(log).toContain(ALICE_ID);
      for (const token of [good, expired]) {
        for (const part of token.split('.')) expect(log).not.toContain(part);
      }
      expect(log).not.toContain('not-a.jwt.at-all');
      expect(log).not.toMatch(/SecretKey|secretAccessKey|SessionToken|sessionToken/);
    } finally {
      await gateway.close();
      await emulator.close();
    }
  });
});
