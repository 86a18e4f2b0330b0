// The upstream cache as clients meet it: a repeated page costs no second AWS call, responses say
// where their answers came from and how long they may be kept, a client can read past the cache,
// and in identity mode no caller is ever served what another caller's credentials read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';

const PAGE = /* GraphQL */ `
  query Page($after: String) {
    personalizeDatasets(first: 3, after: $after) {
      edges {
        cursor
        node {
          name
        }
      }
    }
  }
`;

interface Answer {
  readonly status: number;
  readonly cacheControl: string | null;
  readonly cacheStatus: string | null;
  readonly body: {
    readonly data?: unknown;
    readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
  };
}

async function post(
  stack: Stack,
  query: string,
  headers: Record<string, string> = {},
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    cacheStatus: response.headers.get('x-gateway-cache'),
    body: (await response.json()) as Answer['body'],
  };
}

function calls(stack: Stack, service: 'personalize' | 'cognito-sync'): number {
  return stack.emulator.requests.count({ service });
}

describe('the memory cache, no caller authentication', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_CACHE: 'memory', GATEWAY_CACHE_TTL_MS: '30000' } });
  });
  beforeEach(() => {
    stack.emulator.requests.clear();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('answers a repeated page from the cache: one upstream call, the same answer, public for 30 s', async () => {
    const first = await post(stack, PAGE);
    const second = await post(stack, PAGE);
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(calls(stack, 'personalize')).toBe(1);
    expect([first.cacheStatus, second.cacheStatus]).toEqual(['miss', 'hit']);
    expect(second.cacheControl).toBe('public, max-age=30');
  });

  it('reads past the cache when the client sends Cache-Control: no-cache, and keeps what it read', async () => {
    await post(stack, PAGE);
    const fresh = await post(stack, PAGE, { 'cache-control': 'no-cache' });
    expect(fresh.cacheStatus).toBe('bypass');
    expect(fresh.body.errors).toBeUndefined();
    expect(calls(stack, 'personalize')).toBe(1);
    const after = await post(stack, PAGE);
    expect(after.cacheStatus).toBe('hit');
    expect(calls(stack, 'personalize')).toBe(1);
  });

  it('continues from a cursor over cached pages exactly as over fresh ones', async () => {
    const cursorOf = (answer: Answer): string => {
      const data = answer.body.data as {
        personalizeDatasets: { edges: { cursor: string; node: { name: string } }[] };
      };
      const last = data.personalizeDatasets.edges.at(-1);
      if (last === undefined) throw new Error('an empty page');
      return last.cursor;
    };
    const cached = await post(stack, PAGE, {}, { after: cursorOf(await post(stack, PAGE)) });
    const fresh = await post(
      stack,
      PAGE,
      { 'cache-control': 'no-cache' },
      { after: cursorOf(await post(stack, PAGE, { 'cache-control': 'no-cache' })) },
    );
    expect(cached.body).toEqual(fresh.body);
  });

  it('marks answers with errors no-store, and answers without upstream reads carry no cache status', async () => {
    const refused = await post(stack, '{ personalizeDatasets(first: -1) { edges { cursor } } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.cacheControl).toBe('no-store');
    const invalid = await post(stack, '{ noSuchField }');
    expect(invalid.cacheControl).toBe('no-store');
    const typename = await post(stack, '{ __typename }');
    expect(typename.cacheStatus).toBeNull();
  });
});

describe('the memory cache in identity mode', () => {
  // The demo seed: alice and bob log in to identities of the demo pool, which grants Personalize.
  const POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
  const ALICE_ID = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
  let stack: Stack;
  const tokens = { alice: '', bob: '' };
  beforeAll(async () => {
    stack = await startStack({
      env: (emulator) => ({
        GATEWAY_AUTH_MODE: 'identity',
        GATEWAY_IDENTITY_POOL_ID: POOL,
        GATEWAY_IDENTITY_LOGIN_PROVIDER: emulator.identityProvider.loginProvider,
        GATEWAY_IDENTITY_JWKS_URL: emulator.identityProvider.jwksUrl,
        GATEWAY_CACHE: 'memory',
      }),
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

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('keeps each caller view apart: the same listing read by two identities is two upstream calls, private', async () => {
    const alice = await post(stack, PAGE, bearer(tokens.alice));
    const bob = await post(stack, PAGE, bearer(tokens.bob));
    const aliceAgain = await post(stack, PAGE, bearer(tokens.alice));
    expect([alice.cacheStatus, bob.cacheStatus, aliceAgain.cacheStatus]).toEqual([
      'miss',
      'miss',
      'hit',
    ]);
    expect(calls(stack, 'personalize')).toBe(2);
    expect(aliceAgain.cacheControl).toBe('private, max-age=10');
    // Every Personalize call signed with the caller's own credentials: one access key each.
    const keys = new Set(
      stack.emulator.requests.entries({ service: 'personalize' }).map((e) => e.accessKeyId),
    );
    expect(keys.size).toBe(2);
  });

  it("refuses bob alice's datasets even once they are cached", async () => {
    const datasets = /* GraphQL */ `
      query ($identityId: String) {
        cognitoDatasets(identityId: $identityId) {
          nodes {
            datasetName
          }
        }
      }
    `;
    const own = await post(stack, datasets, bearer(tokens.alice), { identityId: ALICE_ID });
    expect(own.body.errors).toBeUndefined();
    const other = await post(stack, datasets, bearer(tokens.bob), { identityId: ALICE_ID });
    expect(other.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(other.body.data ?? null).toEqual({ cognitoDatasets: null });
    expect(other.cacheControl).toBe('no-store');
    expect(calls(stack, 'cognito-sync')).toBe(1);
  });
});
