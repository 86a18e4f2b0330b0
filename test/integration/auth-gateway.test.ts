// Acceptance: gateway auth mode. Callers send a JWT verified against the issuer's JWKS (served
// over real HTTP); the gateway calls AWS with its own credentials and confines each caller to the
// identities its token names. For every path to the data (connection, node, nodes, _entities,
// nested fields) a caller reaches its own identity's datasets and is refused another's before any
// upstream call; Personalize needs a scope; bad tokens are HTTP 401.
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  AuthCognitoDatasetsDocument,
  AuthDatasetGroupsDocument,
  AuthNodeDocument,
  AuthNodesDocument,
  AuthPersonalizeDatasetsDocument,
} from '../__generated__/graphql.js';
import { codes } from '../helpers/errors.js';
import { startTestIssuer, unreachableJwksUrl, type TestIssuer } from '../helpers/jwks.js';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { globalId } from '../helpers/typed-graphql.js';

// The demo seed: alice and bob own identities of the demo pool; another pool has strangers.
const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
const ALICE_ID = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
const BOB_ID = 'us-east-1:1f4e8a2b-6c3d-4b9e-a7f0-5d2c8e1b9a36';
const OTHER_POOL = 'us-east-1:5c1f9e27-8b0a-4d63-b2e4-71a09c6d5f18';
const OTHER_POOL_ID = 'us-east-1:2b9c7e4f-0a6d-4f1b-8e35-9c7a1d4b6e02';
const ALICE_DATASET = 'save-slot-01';
const BOB_DATASET = 'profile';
const PERSONALIZE_SCOPE = 'personalize:read';
const ADMIN_SCOPE = 'datasets:admin';

let issuer: TestIssuer;
let stack: Stack;
const tokens = {
  /** Owns ALICE_ID (an array claim); may read Personalize. */
  alice: '',
  /** Owns BOB_ID (a string claim); no Personalize scope. */
  bob: '',
  /** The admin scope: any identity, any pool, and Personalize. */
  admin: '',
  /** Owns both identities, so has no default identity. */
  twoIdentities: '',
};

beforeAll(async () => {
  issuer = await startTestIssuer();
  stack = await startStack({
    env: { ...issuer.env, GATEWAY_IDENTITY_POOL_ID: POOL, GATEWAY_SUBGRAPH: 'true' },
  });
  tokens.alice = await issuer.sign({
    subject: 'alice',
    claims: { identity_ids: [ALICE_ID], scope: `openid ${PERSONALIZE_SCOPE}` },
  });
  tokens.bob = await issuer.sign({ subject: 'bob', claims: { identity_ids: BOB_ID } });
  tokens.admin = await issuer.sign({ subject: 'ops', claims: { scope: ADMIN_SCOPE } });
  tokens.twoIdentities = await issuer.sign({
    subject: 'family',
    claims: { identity_ids: [ALICE_ID, BOB_ID] },
  });
});

beforeEach(() => {
  stack.emulator.requests.clear();
});

afterAll(async () => {
  await stack.close();
  await issuer.close();
});

type Caller = keyof typeof tokens | 'anonymous';

function as<T>(
  caller: Caller,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const headers = caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` };
  return stack.graphql<T>(query, variables, headers);
}

/** Upstream calls (any service, any operation) that named this identity. */
function upstreamCallsFor(identityId: string): number {
  return stack.emulator.requests
    .entries()
    .filter((entry) => entry.input['IdentityId'] === identityId).length;
}

function cognitoId(identityPoolId: string, identityId: string, datasetName: string): string {
  return globalId('CognitoDataset', [identityPoolId, identityId, datasetName].join('|'));
}

interface DatasetNames {
  cognitoDatasets: { nodes: { identityId: string; datasetName: string }[] } | null;
}

const COGNITO_DATASETS = print(AuthCognitoDatasetsDocument);

const NODE = print(AuthNodeDocument);

const NODES = print(AuthNodesDocument);

// _entities is subgraph-only, outside the schema codegen types documents against.
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on CognitoDataset {
        identityId
        datasetName
      }
      ... on PersonalizeDataset {
        name
      }
      ... on PersonalizeDatasetGroup {
        name
      }
    }
  }
`;

const PERSONALIZE_DATASETS = print(AuthPersonalizeDatasetsDocument);

const DATASET_GROUPS = print(AuthDatasetGroupsDocument);

interface PersonalizeIds {
  personalizeDatasets: {
    nodes: { id: string; name: string; datasetArn: string }[];
  } | null;
}

interface GroupIds {
  personalizeDatasetGroups: {
    nodes: { id: string; name: string; datasetGroupArn: string }[];
  } | null;
}

describe('cognitoDatasets', () => {
  it("lists the caller's own identity when no identity is named", async () => {
    const alice = await as<DatasetNames>('alice', COGNITO_DATASETS, { first: 50 });
    expect(codes(alice)).toEqual([]);
    expect(alice.body.data?.cognitoDatasets?.nodes).toHaveLength(19);
    expect(new Set(alice.body.data?.cognitoDatasets?.nodes.map((d) => d.identityId))).toEqual(
      new Set([ALICE_ID]),
    );

    const bob = await as<DatasetNames>('bob', COGNITO_DATASETS, { first: 50 });
    expect(codes(bob)).toEqual([]);
    expect(bob.body.data?.cognitoDatasets?.nodes.map((d) => d.identityId)).toEqual(
      Array<string>(5).fill(BOB_ID),
    );
  });

  it('lists an identity its owner names, with or without the pool', async () => {
    const named = await as<DatasetNames>('alice', COGNITO_DATASETS, {
      identityPoolId: POOL,
      identityId: ALICE_ID,
      first: 50,
    });
    expect(codes(named)).toEqual([]);
    expect(named.body.data?.cognitoDatasets?.nodes).toHaveLength(19);

    const idOnly = await as<DatasetNames>('twoIdentities', COGNITO_DATASETS, {
      identityId: BOB_ID,
    });
    expect(codes(idOnly)).toEqual([]);
    expect(idOnly.body.data?.cognitoDatasets?.nodes).toHaveLength(5);
  });

  it("refuses another caller's identity with FORBIDDEN and no upstream call", async () => {
    const response = await as<DatasetNames>('bob', COGNITO_DATASETS, { identityId: ALICE_ID });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data?.cognitoDatasets).toBeNull();
    expect(upstreamCallsFor(ALICE_ID)).toBe(0);
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("refuses the caller's own identity id under another pool", async () => {
    const response = await as<DatasetNames>('alice', COGNITO_DATASETS, {
      identityPoolId: OTHER_POOL,
      identityId: ALICE_ID,
    });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data?.cognitoDatasets).toBeNull();
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it('asks a caller with several identities to name one', async () => {
    const response = await as<DatasetNames>('twoIdentities', COGNITO_DATASETS);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.data?.cognitoDatasets).toBeNull();
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it('lets an admin read any identity of any pool', async () => {
    const alice = await as<DatasetNames>('admin', COGNITO_DATASETS, {
      identityId: ALICE_ID,
      first: 50,
    });
    expect(codes(alice)).toEqual([]);
    expect(alice.body.data?.cognitoDatasets?.nodes).toHaveLength(19);

    const elsewhere = await as<DatasetNames>('admin', COGNITO_DATASETS, {
      identityPoolId: OTHER_POOL,
      identityId: OTHER_POOL_ID,
    });
    expect(codes(elsewhere)).toEqual([]);
    expect(elsewhere.body.data?.cognitoDatasets?.nodes.map((d) => d.datasetName).sort()).toEqual([
      'bookmarks',
      'preferences',
      'reading-list',
    ]);
  });

  it('refuses a request without a token with UNAUTHENTICATED and no upstream call', async () => {
    for (const variables of [{}, { identityId: ALICE_ID }]) {
      const response = await as<DatasetNames>('anonymous', COGNITO_DATASETS, variables);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.body.data?.cognitoDatasets).toBeNull();
    }
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("does not let a cursor issued to alice read alice's listing for bob", async () => {
    const first = await as<DatasetNames & { cognitoDatasets: { pageInfo: { endCursor: string } } }>(
      'alice',
      COGNITO_DATASETS,
      { first: 2 },
    );
    const cursor = first.body.data?.cognitoDatasets.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    stack.emulator.requests.clear();

    // With bob's default identity the cursor names another listing; naming alice is refused.
    const asDefault = await as<DatasetNames>('bob', COGNITO_DATASETS, { first: 2, after: cursor });
    expect(codes(asDefault)).toEqual(['BAD_USER_INPUT']);
    expect(asDefault.body.data?.cognitoDatasets).toBeNull();
    const naming = await as<DatasetNames>('bob', COGNITO_DATASETS, {
      identityId: ALICE_ID,
      first: 2,
      after: cursor,
    });
    expect(codes(naming)).toEqual(['FORBIDDEN']);
    expect(naming.body.data?.cognitoDatasets).toBeNull();
    expect(upstreamCallsFor(ALICE_ID)).toBe(0);
  });
});

describe('node and nodes', () => {
  const aliceDataset = cognitoId(POOL, ALICE_ID, ALICE_DATASET);
  const bobDataset = cognitoId(POOL, BOB_ID, BOB_DATASET);

  interface NodeData {
    node: { id: string; identityId?: string; datasetName?: string; name?: string } | null;
  }

  it("returns the caller's own dataset", async () => {
    const response = await as<NodeData>('alice', NODE, { id: aliceDataset });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.node).toMatchObject({
      id: aliceDataset,
      identityId: ALICE_ID,
      datasetName: ALICE_DATASET,
    });
  });

  it("refuses another caller's dataset with FORBIDDEN and no upstream call", async () => {
    const response = await as<NodeData>('bob', NODE, { id: aliceDataset });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data?.node).toBeNull();
    expect(upstreamCallsFor(ALICE_ID)).toBe(0);
  });

  it('refuses a request without a token with UNAUTHENTICATED', async () => {
    const response = await as<NodeData>('anonymous', NODE, { id: aliceDataset });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.data?.node).toBeNull();
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("lets an admin read anyone's dataset", async () => {
    const response = await as<NodeData>('admin', NODE, { id: bobDataset });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.node).toMatchObject({ identityId: BOB_ID });
  });

  it("answers nodes(ids) with the caller's own datasets", async () => {
    const ownDatasets = [aliceDataset, cognitoId(POOL, ALICE_ID, 'save-slot-02')];
    const response = await as<{ nodes: ({ identityId: string } | null)[] }>('alice', NODES, {
      ids: ownDatasets,
    });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.nodes.map((node) => node?.identityId)).toEqual([ALICE_ID, ALICE_ID]);
  });

  it("refuses nodes(ids) naming another caller's dataset, before any upstream call for it", async () => {
    const response = await as<{ nodes: unknown }>('alice', NODES, {
      ids: [aliceDataset, bobDataset],
    });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    // Refused in place: alice keeps her own item, bob's is null with its error.
    const nodes = response.body.data?.nodes as ({ datasetName?: string } | null)[];
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).not.toBeNull();
    expect(nodes[1]).toBeNull();
    expect(response.body.errors?.[0]?.path).toEqual(['nodes', 1]);
    expect(JSON.stringify(response.body)).not.toContain(BOB_DATASET);
    expect(upstreamCallsFor(BOB_ID)).toBe(0);
  });
});

describe('_entities', () => {
  interface EntitiesData {
    _entities: ({ identityId?: string; datasetName?: string; name?: string } | null)[];
  }

  const byId = (identityId: string, datasetName: string) => ({
    __typename: 'CognitoDataset',
    id: cognitoId(POOL, identityId, datasetName),
  });
  const byKey = (identityId: string, datasetName: string) => ({
    __typename: 'CognitoDataset',
    identityPoolId: POOL,
    identityId,
    datasetName,
  });

  it("resolves the caller's own datasets by id and by natural key", async () => {
    const response = await as<EntitiesData>('bob', ENTITIES, {
      representations: [byId(BOB_ID, BOB_DATASET), byKey(BOB_ID, 'settings')],
    });
    expect(codes(response)).toEqual([]);
    expect(response.body.data?._entities).toEqual([
      { __typename: 'CognitoDataset', identityId: BOB_ID, datasetName: BOB_DATASET },
      { __typename: 'CognitoDataset', identityId: BOB_ID, datasetName: 'settings' },
    ]);
  });

  it("refuses another caller's datasets by id and by natural key, before any upstream call", async () => {
    const response = await as<EntitiesData>('bob', ENTITIES, {
      representations: [byId(ALICE_ID, ALICE_DATASET), byKey(ALICE_ID, 'save-slot-02')],
    });
    expect(response.body.data?._entities).toEqual([null, null]);
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(upstreamCallsFor(ALICE_ID)).toBe(0);
  });

  it('refuses Personalize entities without the scope', async () => {
    const listed = await as<PersonalizeIds>('alice', PERSONALIZE_DATASETS);
    const dataset = listed.body.data?.personalizeDatasets?.nodes[0];
    expect(dataset).toBeDefined();
    stack.emulator.requests.clear();

    const representations = [
      { __typename: 'PersonalizeDataset', datasetArn: dataset?.datasetArn },
      { __typename: 'PersonalizeDataset', id: dataset?.id },
    ];
    const refused = await as<EntitiesData>('bob', ENTITIES, { representations });
    expect(refused.body.data?._entities).toEqual([null, null]);
    expect(codes(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(stack.emulator.requests.count({ service: 'personalize' })).toBe(0);

    const allowed = await as<EntitiesData>('alice', ENTITIES, { representations });
    expect(codes(allowed)).toEqual([]);
    expect(allowed.body.data?._entities.map((e) => e?.name)).toEqual([
      dataset?.name,
      dataset?.name,
    ]);
  });
});

describe('Personalize', () => {
  it('lists datasets, their groups and the groups’ datasets with the Personalize scope', async () => {
    const response = await as<PersonalizeIds>('alice', PERSONALIZE_DATASETS);
    expect(codes(response)).toEqual([]);
    const nodes = response.body.data?.personalizeDatasets?.nodes ?? [];
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n.name !== '')).toBe(true);

    const groups = await as<GroupIds>('alice', DATASET_GROUPS);
    expect(codes(groups)).toEqual([]);
    expect(groups.body.data?.personalizeDatasetGroups?.nodes).toHaveLength(3);
  });

  it('lets an admin read Personalize', async () => {
    const response = await as<PersonalizeIds>('admin', PERSONALIZE_DATASETS);
    expect(codes(response)).toEqual([]);
    expect(response.body.data?.personalizeDatasets?.nodes).toHaveLength(3);
  });

  it('refuses datasets and dataset groups without the scope, before any upstream call', async () => {
    const datasets = await as<PersonalizeIds>('bob', PERSONALIZE_DATASETS);
    expect(codes(datasets)).toEqual(['FORBIDDEN']);
    expect(datasets.body.data?.personalizeDatasets).toBeNull();

    const groups = await as<GroupIds>('bob', DATASET_GROUPS);
    expect(codes(groups)).toEqual(['FORBIDDEN']);
    expect(groups.body.data?.personalizeDatasetGroups).toBeNull();
    expect(stack.emulator.requests.count({ service: 'personalize' })).toBe(0);
  });

  it('refuses Personalize without a token with UNAUTHENTICATED', async () => {
    const datasets = await as<PersonalizeIds>('anonymous', PERSONALIZE_DATASETS);
    expect(codes(datasets)).toEqual(['UNAUTHENTICATED']);
    expect(datasets.body.data?.personalizeDatasets).toBeNull();
    expect(stack.emulator.requests.count({ service: 'personalize' })).toBe(0);
  });

  it('refuses node(id) of a Personalize dataset or group without the scope', async () => {
    const listedDatasets = await as<PersonalizeIds>('alice', PERSONALIZE_DATASETS);
    const listedGroups = await as<GroupIds>('alice', DATASET_GROUPS);
    const datasetId = listedDatasets.body.data?.personalizeDatasets?.nodes[0]?.id;
    const groupId = listedGroups.body.data?.personalizeDatasetGroups?.nodes[0]?.id;
    expect([typeof datasetId, typeof groupId]).toEqual(['string', 'string']);
    stack.emulator.requests.clear();

    for (const id of [datasetId, groupId]) {
      const refused = await as<{ node: unknown }>('bob', NODE, { id });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.body.data?.node).toBeNull();
    }
    expect(stack.emulator.requests.count({ service: 'personalize' })).toBe(0);

    for (const id of [datasetId, groupId]) {
      const allowed = await as<{ node: { id: string } | null }>('alice', NODE, { id });
      expect(codes(allowed)).toEqual([]);
      expect(allowed.body.data?.node?.id).toBe(id);
    }
  });
});

describe('tokens', () => {
  async function post(authorization: string): Promise<{
    status: number;
    challenge: string | null;
    body: GraphQLResponse<unknown>['body'];
  }> {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: COGNITO_DATASETS, variables: { identityId: ALICE_ID } }),
    });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: (await response.json()) as GraphQLResponse<unknown>['body'],
    };
  }

  const claims = { subject: 'alice', claims: { identity_ids: [ALICE_ID] } };
  const badTokens: [string, () => Promise<string> | string][] = [
    ['an expired token', () => issuer.sign({ ...claims, expiresInSeconds: -3600 })],
    ['a token without exp', () => issuer.sign({ ...claims, expiresInSeconds: null })],
    ['a malformed token', () => 'not-a.jwt.at-all'],
    ['a token whose payload is not JSON', () => 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln'],
    [
      'a token signed by another key under the known kid',
      () => issuer.sign({ ...claims, key: 'impostor' }),
    ],
    ['a token signed by an unknown key', () => issuer.sign({ ...claims, key: 'unknown-kid' })],
    [
      'a token from another issuer',
      () => issuer.sign({ ...claims, issuer: 'https://evil.example/' }),
    ],
    ['a token for another audience', () => issuer.sign({ ...claims, audience: 'another-api' })],
    ['an unsigned (alg none) token', () => issuer.unsigned(claims)],
    ['an HS256 token keyed with the public key', () => issuer.signedWithPublicKeyAsSecret(claims)],
  ];

  it.each(badTokens)('refuses %s with HTTP 401 and no upstream call', async (_name, make) => {
    const result = await post(`Bearer ${await make()}`);
    expect(result.status).toBe(401);
    expect(result.challenge).toMatch(/^Bearer\b.*error="invalid_token"/);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.body.data ?? null).toBeNull();
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it('refuses an Authorization header that is not a Bearer token with HTTP 401', async () => {
    const result = await post(`Basic ${Buffer.from('alice:secret').toString('base64')}`);
    expect(result.status).toBe(401);
    expect(result.challenge).toMatch(/^Bearer\b/);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('tells why a token was refused without echoing it', async () => {
    const token = await issuer.sign({ ...claims, expiresInSeconds: -3600 });
    const result = await post(`Bearer ${token}`);
    const message = result.body.errors?.[0]?.message ?? '';
    expect(message).toMatch(/expired/);
    expect(message).not.toContain(token.split('.')[1]);
    expect(JSON.stringify(result.body)).not.toContain(ALICE_ID);
  });

  it('accepts a token within the clock tolerance of its expiry', async () => {
    const token = await issuer.sign({ ...claims, expiresInSeconds: -5 });
    const result = await post(`Bearer ${token}`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });

  it("judges expiry by the gateway's clock: refused once it is past exp and the tolerance", async () => {
    let offsetMs = 0;
    const local = await startStack({
      env: { ...issuer.env, GATEWAY_IDENTITY_POOL_ID: POOL, GATEWAY_JWT_CLOCK_TOLERANCE_S: '5' },
      gateway: { now: () => Date.now() + offsetMs },
    });
    try {
      const headers = {
        authorization: `Bearer ${await issuer.sign({ ...claims, expiresInSeconds: 60 })}`,
      };
      const accepted = await local.graphql(COGNITO_DATASETS, { identityId: ALICE_ID }, headers);
      expect(accepted.status).toBe(200);
      offsetMs = (60 + 5 + 1) * 1000;
      const refused = await local.graphql(COGNITO_DATASETS, { identityId: ALICE_ID }, headers);
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    } finally {
      await local.close();
    }
  });
});

describe('an unavailable JWKS', () => {
  it('fails with HTTP 503 UPSTREAM_UNAVAILABLE, then verifies once the JWKS answers', async () => {
    const failing = await startTestIssuer();
    failing.failWith(500);
    const local = await startStack({
      env: { ...failing.env, GATEWAY_IDENTITY_POOL_ID: POOL },
    });
    try {
      const token = await failing.sign({ subject: 'alice', claims: { identity_ids: [ALICE_ID] } });
      const headers = { authorization: `Bearer ${token}` };
      const refused = await local.graphql<DatasetNames>(COGNITO_DATASETS, {}, headers);
      expect(refused.status).toBe(503);
      expect(codes(refused)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(local.emulator.requests.count()).toBe(0);

      failing.failWith(undefined);
      const served = await local.graphql<DatasetNames>(COGNITO_DATASETS, { first: 50 }, headers);
      expect(codes(served)).toEqual([]);
      expect(served.body.data?.cognitoDatasets?.nodes).toHaveLength(19);
    } finally {
      await local.close();
      await failing.close();
    }
  });

  it('fails with HTTP 503 when nothing listens at the JWKS URL', async () => {
    const local = await startStack({
      env: { ...issuer.env, GATEWAY_JWT_JWKS_URL: await unreachableJwksUrl() },
    });
    try {
      const response = await local.graphql<DatasetNames>(
        COGNITO_DATASETS,
        {},
        { authorization: `Bearer ${tokens.alice}` },
      );
      expect(response.status).toBe(503);
      expect(codes(response)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(response.body.errors?.[0]?.extensions?.['retryable']).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('does not fetch the JWKS for a request without a token', async () => {
    const before = issuer.jwksRequests();
    const response = await as<DatasetNames>('anonymous', COGNITO_DATASETS);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(issuer.jwksRequests()).toBe(before);
  });
});

describe('configuration', () => {
  it('refuses to start with a symmetric or `none` algorithm', async () => {
    for (const algorithms of ['HS256', 'RS256,none']) {
      await expect(
        startStack({ env: { ...issuer.env, GATEWAY_JWT_ALGORITHMS: algorithms } }),
      ).rejects.toThrow(/GATEWAY_JWT_ALGORITHMS/);
    }
  });
});
