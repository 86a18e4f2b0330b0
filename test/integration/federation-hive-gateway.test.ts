// Acceptance: the gateway as a subgraph behind a real router, Hive Gateway (in-process, with the
// configuration shipped in examples/federation/gateway.config.ts and docs/federation.md), over a
// supergraph The Guild's composer builds from this subgraph and an `accounts` subgraph that
// extends PersonalizeDataset and references CognitoDataset by key. Queries cross both
// subgraphs in both directions; 20 Cognito entities of 2 identities cost 2 upstream calls; the
// caller's bearer token reaches this subgraph only; refusals keep their extensions.code through
// the router (an HTTP 401 of the subgraph becomes a field error, its WWW-Authenticate dropped).
import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { gatewayConfig } from '../../examples/federation/gateway.config.js';
import {
  ACCOUNTS_SUBGRAPH_SDL,
  startAccountsSubgraph,
  type AccountRecord,
  type AccountsSubgraph,
} from '../helpers/accounts-subgraph.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  gwDataset,
  gwDatasetGroupArn,
  gwGroup,
  GW_ACCOUNT_ID,
  GW_REGION,
  mergeSeeds,
  personalizeSection,
} from '../helpers/gateway-seeds.js';
import {
  composeSupergraph,
  startHiveGateway,
  type RunningHiveGateway,
} from '../helpers/hive-gateway.js';
import { startTestIssuer, type TestIssuer } from '../helpers/jwks.js';
import {
  RELAY_NODE_SUBGRAPH_SDL,
  startRelayNodeSubgraph,
  userId,
} from '../helpers/relay-node-subgraph.js';
import { startStack, type GraphQLErrorBody, type Stack } from '../helpers/stack.js';
import { globalId } from '../helpers/typed-graphql.js';

const POOL = gwCognitoId(0xc0);
const ALICE = gwCognitoId(0xc001);
const BOB = gwCognitoId(0xc002);
const PER_IDENTITY = 10;
const ADMIN_SCOPE = 'datasets:admin';

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [
    { identityId: ALICE, datasetCount: PER_IDENTITY },
    { identityId: BOB, datasetCount: PER_IDENTITY },
  ]),
  {
    accountId: GW_ACCOUNT_ID,
    region: GW_REGION,
    personalize: personalizeSection([
      gwGroup('hive-movies', 0, [
        gwDataset('movies-interactions', 'Interactions', 1),
        gwDataset('movies-items', 'Items', 2),
      ]),
      gwGroup('hive-books', 10, [gwDataset('books-items', 'Items', 11)]),
    ]),
  },
);

const datasetArn = (group: string, type: string) =>
  `arn:aws:personalize:${GW_REGION}:${GW_ACCOUNT_ID}:dataset/${group}/${type}`;
const MOVIES_ITEMS = datasetArn('hive-movies', 'ITEMS');
const BOOKS_ITEMS = datasetArn('hive-books', 'ITEMS');

const datasetName = (i: number) => `ds${PER_IDENTITY}-${String(i).padStart(3, '0')}`;

// 20 accounts, each naming one Cognito dataset (10 of alice's, 10 of bob's) and one or two of
// two Personalize datasets in two groups.
const ACCOUNTS: readonly AccountRecord[] = Array.from({ length: 2 * PER_IDENTITY }, (_, i) => ({
  id: `acct-${i}`,
  name: `Account ${i}`,
  favoriteDatasetArns: i % 2 === 0 ? [MOVIES_ITEMS] : [MOVIES_ITEMS, BOOKS_ITEMS],
  cognitoDataset: {
    identityPoolId: POOL,
    identityId: i < PER_IDENTITY ? ALICE : BOB,
    datasetName: datasetName(i % PER_IDENTITY),
  },
  pinnedGroupId: null,
}));

let issuer: TestIssuer;
let stack: Stack;
let accounts: AccountsSubgraph;
let router: RunningHiveGateway;
const closers: (() => Promise<void>)[] = [];
const tokens = { admin: '', alice: '' };

beforeAll(async () => {
  issuer = await startTestIssuer();
  closers.push(() => issuer.close());
  stack = await startStack({
    seed: SEED,
    env: { ...issuer.env, GATEWAY_IDENTITY_POOL_ID: POOL, GATEWAY_SUBGRAPH: 'true' },
  });
  closers.push(() => stack.close());
  accounts = await startAccountsSubgraph(ACCOUNTS);
  closers.push(() => accounts.close());
  const subgraphSdl = await readFile(new URL('../../schema/subgraph.graphql', import.meta.url), {
    encoding: 'utf8',
  });
  const supergraph = composeSupergraph([
    { name: 'datasets', url: stack.url, sdl: subgraphSdl },
    { name: 'accounts', url: accounts.url, sdl: ACCOUNTS_SUBGRAPH_SDL },
  ]);
  // The shipped configuration, but for where the supergraph comes from.
  router = await startHiveGateway(supergraph, {
    propagateHeaders: gatewayConfig.propagateHeaders,
    upstreamTimeout: gatewayConfig.upstreamTimeout,
  });
  closers.push(() => router.close());
  tokens.admin = await issuer.sign({ subject: 'ops', claims: { scope: ADMIN_SCOPE } });
  tokens.alice = await issuer.sign({ subject: 'alice', claims: { identity_ids: [ALICE] } });
});

beforeEach(() => {
  stack.emulator.requests.clear();
  router.fetches.length = 0;
  accounts.authorizations.length = 0;
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

interface RouterResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { readonly data?: T | null; readonly errors?: GraphQLErrorBody[] };
}

async function post<T>(
  url: string,
  query: string,
  authorization?: string,
): Promise<RouterResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as RouterResponse<T>['body'],
  };
}

function calls(service: 'cognito-sync' | 'personalize', operation: string): number {
  return stack.emulator.requests.count({ service, operation });
}

function codes(body: RouterResponse<unknown>['body']): string[] {
  return (body.errors ?? []).map((error) => String(error.extensions?.code));
}

const ACCOUNTS_QUERY = /* GraphQL */ `
  {
    accounts {
      name
      cognitoDataset {
        identityId
        datasetName
        numRecords
      }
      favoriteDatasets {
        name
        datasetGroup {
          name
          datasetGroupArn
        }
      }
    }
  }
`;

interface AccountsData {
  readonly accounts: readonly {
    readonly name: string;
    readonly cognitoDataset: {
      readonly identityId: string;
      readonly datasetName: string;
      readonly numRecords: number | null;
    } | null;
    readonly favoriteDatasets: readonly unknown[];
  }[];
}

describe('a query from the accounts subgraph into ours, through Hive Gateway', () => {
  it('gets each account with its Cognito dataset and its Personalize datasets and groups', async () => {
    const response = await post<AccountsData>(router.url, ACCOUNTS_QUERY, `Bearer ${tokens.admin}`);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const movies = {
      name: 'movies-items',
      datasetGroup: { name: 'hive-movies', datasetGroupArn: gwDatasetGroupArn('hive-movies') },
    };
    const books = {
      name: 'books-items',
      datasetGroup: { name: 'hive-books', datasetGroupArn: gwDatasetGroupArn('hive-books') },
    };
    expect(response.body.data?.accounts).toEqual(
      ACCOUNTS.map((account, i) => ({
        name: account.name,
        cognitoDataset: {
          identityId: i < PER_IDENTITY ? ALICE : BOB,
          datasetName: datasetName(i % PER_IDENTITY),
          numRecords: 1,
        },
        favoriteDatasets: i % 2 === 0 ? [movies] : [movies, books],
      })),
    );
  });

  it('costs the minimum upstream: one ListDatasets per identity for the 20 Cognito entities', async () => {
    await post(router.url, ACCOUNTS_QUERY, `Bearer ${tokens.admin}`);
    // The router sends the 20 Cognito references in one request to our subgraph (Hive Gateway
    // batches every entity type of a plan step into one request of aliased `_entities` fields)...
    const entityFetches = router.fetches.filter(
      (f) => f.subgraph === 'datasets' && f.query.includes('_entities'),
    );
    expect(entityFetches).toHaveLength(1);
    const representations = Object.entries(entityFetches[0]?.variables ?? {})
      .filter(([name]) => name.endsWith('representations'))
      .flatMap(([, value]) => value as { __typename: string }[]);
    expect(representations.filter((r) => r.__typename === 'CognitoDataset')).toHaveLength(20);
    // ...which costs two calls, one listing per identity, and no Describe.
    expect(calls('cognito-sync', 'ListDatasets')).toBe(2);
    expect(calls('cognito-sync', 'DescribeDataset')).toBe(0);
    // Two distinct Personalize datasets: a Describe each; their two groups: one listing.
    expect(calls('personalize', 'DescribeDataset')).toBe(2);
    expect(calls('personalize', 'ListDatasetGroups')).toBe(1);
    expect(calls('personalize', 'DescribeDatasetGroup')).toBe(0);
    expect(stack.emulator.requests.count()).toBe(5);
  });
});

describe('a query from our subgraph into the accounts subgraph', () => {
  it("resolves the accounts subgraph's field on our PersonalizeDataset", async () => {
    const response = await post<{
      personalizeDatasets: {
        nodes: { name: string; favoritedBy: { id: string }[] }[];
      };
    }>(
      router.url,
      '{ personalizeDatasets(first: 10) { nodes { name favoritedBy { id } } } }',
      `Bearer ${tokens.admin}`,
    );
    expect(response.body.errors).toBeUndefined();
    const byName = new Map(
      response.body.data?.personalizeDatasets.nodes.map((d) => [
        d.name,
        d.favoritedBy.map((a) => a.id).length,
      ]),
    );
    expect(Object.fromEntries(byName)).toEqual({
      'movies-interactions': 0,
      'movies-items': 20,
      'books-items': 10,
    });
    expect(router.fetches.map((f) => f.subgraph)).toEqual(['datasets', 'accounts']);
  });
});

describe('the bearer token, with the shipped propagateHeaders', () => {
  it('reaches our subgraph, and never the accounts subgraph', async () => {
    await post(router.url, ACCOUNTS_QUERY, `Bearer ${tokens.admin}`);
    const ours = router.fetches.filter((f) => f.subgraph === 'datasets');
    expect(ours.length).toBeGreaterThan(0);
    for (const fetch of ours) expect(fetch.headers['authorization']).toBe(`Bearer ${tokens.admin}`);
    const theirs = router.fetches.filter((f) => f.subgraph === 'accounts');
    expect(theirs.length).toBeGreaterThan(0);
    for (const fetch of theirs) expect(fetch.headers['authorization']).toBeUndefined();
    expect(accounts.authorizations.length).toBeGreaterThan(0);
    expect(accounts.authorizations.every((value) => value === null)).toBe(true);
  });

  it('absent, every field of ours answers UNAUTHENTICATED and the other subgraph still answers', async () => {
    const response = await post<{
      accounts: { name: string; cognitoDataset: { datasetName: string; numRecords: null } }[];
    }>(router.url, '{ accounts { name cognitoDataset { datasetName numRecords } } }');
    expect(response.status).toBe(200);
    // The accounts subgraph's own data (the name, the key it holds) is there; ours is null.
    expect(response.body.data?.accounts).toEqual(
      ACCOUNTS.map((account) => ({
        name: account.name,
        cognitoDataset: { datasetName: account.cognitoDataset?.datasetName, numRecords: null },
      })),
    );
    const errors = response.body.errors ?? [];
    expect(errors).toHaveLength(ACCOUNTS.length);
    expect(new Set(codes(response.body))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(errors.map((e) => e.path?.slice(2))).toEqual(
      ACCOUNTS.map(() => ['cognitoDataset', 'numRecords']),
    );
    expect(stack.emulator.requests.count()).toBe(0);
  });
});

describe('errors through the router', () => {
  it('keeps extensions.code of a refusal (FORBIDDEN) and of bad input (BAD_USER_INPUT)', async () => {
    const forbidden = await post<unknown>(
      router.url,
      `{ cognitoDatasets(identityPoolId: "${POOL}", identityId: "${BOB}") { nodes { datasetName } } }`,
      `Bearer ${tokens.alice}`,
    );
    expect(forbidden.status).toBe(200);
    expect(codes(forbidden.body)).toEqual(['FORBIDDEN']);
    const badInput = await post<unknown>(
      router.url,
      `{ cognitoDatasets(identityPoolId: "${POOL}", identityId: "not-an-id") { nodes { datasetName } } }`,
      `Bearer ${tokens.admin}`,
    );
    expect(codes(badInput.body)).toEqual(['BAD_USER_INPUT']);
    expect(badInput.body.errors?.[0]?.path).toEqual(['cognitoDatasets']);
    expect(stack.emulator.requests.count()).toBe(0);
  });

  it("turns the subgraph's HTTP 401 for a tampered token into HTTP 200 with a coded error, without WWW-Authenticate", async () => {
    const tampered = `${tokens.alice.slice(0, -4)}AAAA`;
    const query = '{ cognitoDatasets { nodes { datasetName } } }';
    // Sent directly, our gateway refuses the whole request with 401 and a challenge...
    const direct = await post<unknown>(stack.url, query, `Bearer ${tampered}`);
    expect(direct.status).toBe(401);
    expect(direct.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(codes(direct.body)).toEqual(['UNAUTHENTICATED']);
    // ...through the router the client gets 200, the code in the error, and no challenge.
    const routed = await post<unknown>(router.url, query, `Bearer ${tampered}`);
    expect(routed.status).toBe(200);
    expect(routed.headers.get('www-authenticate')).toBeNull();
    expect(routed.body.data).toEqual({ cognitoDatasets: null });
    expect(codes(routed.body)).toEqual(['UNAUTHENTICATED']);
    expect(routed.body.errors?.[0]?.message).toMatch(/token signature is not valid/);
    expect(stack.emulator.requests.count()).toBe(0);
  });
});

describe('beside a Relay subgraph that owns Query.node, with GATEWAY_SUBGRAPH_NODE_FIELDS=false', () => {
  let nodeless: Stack;
  let users: Awaited<ReturnType<typeof startRelayNodeSubgraph>>;
  let nodeRouter: RunningHiveGateway;

  beforeAll(async () => {
    nodeless = await startStack({
      seed: SEED,
      env: { GATEWAY_SUBGRAPH: 'true', GATEWAY_SUBGRAPH_NODE_FIELDS: 'false' },
    });
    users = await startRelayNodeSubgraph(['ada']);
    const sdl = await nodeless.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const supergraph = composeSupergraph([
      { name: 'datasets', url: nodeless.url, sdl: sdl.body.data?._service.sdl ?? '' },
      { name: 'users', url: users.url, sdl: RELAY_NODE_SUBGRAPH_SDL },
    ]);
    nodeRouter = await startHiveGateway(supergraph, {
      propagateHeaders: gatewayConfig.propagateHeaders,
      upstreamTimeout: gatewayConfig.upstreamTimeout,
    });
  });

  afterAll(async () => {
    await nodeRouter.close();
    await users.close();
    await nodeless.close();
  });

  it("resolves our ids through the owner's node(s) and our fields through the `id` key", async () => {
    const cognitoId = (identityId: string, i: number) =>
      globalId('CognitoDataset', [POOL, identityId, datasetName(i)].join('|'));
    const ids = [userId('ada'), cognitoId(ALICE, 0), cognitoId(ALICE, 1), cognitoId(BOB, 2)];
    nodeless.emulator.requests.clear();
    const response = await post<{ nodes: unknown[]; node: unknown }>(
      nodeRouter.url,
      `{
        nodes(ids: ${JSON.stringify(ids)}) {
          id
          ... on User { name }
          ... on CognitoDataset { identityId datasetName numRecords }
        }
        node(id: ${JSON.stringify(globalId('PersonalizeDataset', MOVIES_ITEMS))}) {
          ... on PersonalizeDataset { name datasetGroup { name } }
        }
      }`,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.nodes).toEqual([
      { id: userId('ada'), name: 'ada' },
      { id: ids[1], identityId: ALICE, datasetName: datasetName(0), numRecords: 1 },
      { id: ids[2], identityId: ALICE, datasetName: datasetName(1), numRecords: 1 },
      { id: ids[3], identityId: BOB, datasetName: datasetName(2), numRecords: 1 },
    ]);
    expect(response.body.data?.node).toEqual({
      name: 'movies-items',
      datasetGroup: { name: 'hive-movies' },
    });
    // Alice's two datasets: one listing; Bob's one: one Describe; the Personalize dataset and
    // its group: a Describe each.
    expect(nodeless.emulator.requests.count({ service: 'cognito-sync' })).toBe(2);
    expect(
      nodeless.emulator.requests.count({ service: 'cognito-sync', operation: 'ListDatasets' }),
    ).toBe(1);
  });
});

describe('the shipped router configurations', () => {
  it('are in docs/federation.md exactly as in examples/federation/', async () => {
    const docs = await readFile(new URL('../../docs/federation.md', import.meta.url), 'utf8');
    for (const file of ['gateway.config.ts', 'router.yaml']) {
      const text = await readFile(new URL(`../../examples/federation/${file}`, import.meta.url), {
        encoding: 'utf8',
      });
      expect(docs, file).toContain(text);
    }
  });
});
