// Acceptance: a cursor the gateway did not issue for this very listing, or an argument outside the
// contract, is refused with BAD_USER_INPUT before any upstream call; the field is null and the
// rest of the response is unaffected.
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  cognitoListingSeed,
  gwCognitoId,
  gwDatasetGroupArn,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import {
  cognitoListing,
  pageOf,
  personalizeListing,
  type GraphqlError,
  type Listing,
  type PageArgs,
} from '../helpers/gateway-walk.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POOL = gwCognitoId(0xd1);
const OTHER_POOL = gwCognitoId(0xd2);
const ALICE = gwCognitoId(0xd101);
const BOB = gwCognitoId(0xd102);
const GROUP_0 = gwDatasetGroupArn('bulk-group-0');
const GROUP_1 = gwDatasetGroupArn('bulk-group-1');

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [
    { identityId: ALICE, datasetCount: 7 },
    { identityId: BOB, datasetCount: 7 },
  ]),
  personalizeListingSeed(10),
);
const ENV = { GATEWAY_PERSONALIZE_PAGE_SIZE: '2', GATEWAY_COGNITO_PAGE_SIZE: '2' };
const OTHER_SECRET = 'a-different-gateway-cursor-secret-9876543210fedcba';

let stack: Stack;
let otherSecretStack: Stack;
let sameSecretStack: Stack;
let rotatedStack: Stack;
let otherPageSizeStack: Stack;

beforeAll(async () => {
  [stack, otherSecretStack, sameSecretStack, rotatedStack, otherPageSizeStack] = await Promise.all([
    startStack({ seed: SEED, env: ENV }),
    startStack({ seed: SEED, env: { ...ENV, GATEWAY_CURSOR_SECRET: OTHER_SECRET } }),
    startStack({ seed: SEED, env: ENV }),
    startStack({
      seed: SEED,
      env: {
        ...ENV,
        GATEWAY_CURSOR_SECRET: 'the-newest-gateway-cursor-secret-after-rotation-42',
        GATEWAY_CURSOR_PREVIOUS_SECRETS: OTHER_SECRET,
      },
    }),
    startStack({
      seed: SEED,
      env: { GATEWAY_PERSONALIZE_PAGE_SIZE: '3', GATEWAY_COGNITO_PAGE_SIZE: '3' },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([
    stack.close(),
    otherSecretStack.close(),
    sameSecretStack.close(),
    rotatedStack.close(),
    otherPageSizeStack.close(),
  ]);
});

const alice = (on: Stack = stack): Listing<unknown> => cognitoListing(on, POOL, ALICE);
const bob = (on: Stack = stack): Listing<unknown> => cognitoListing(on, POOL, BOB);
const allDatasets = (on: Stack = stack): Listing<unknown> => personalizeListing(on);
const group0 = (on: Stack = stack): Listing<unknown> => personalizeListing(on, GROUP_0);
const group1 = (on: Stack = stack): Listing<unknown> => personalizeListing(on, GROUP_1);

/** A cursor deep enough in the listing to carry an upstream next token (upstream pages of 2). */
async function deepCursor(listing: Listing<unknown>): Promise<string> {
  const page = await pageOf(listing, { first: 3 });
  const cursor = page.pageInfo.endCursor;
  if (cursor === null) throw new Error(`${listing.label} gave no cursor`);
  return cursor;
}

/** Asserts the refusal a client must see, and that the emulator was never called for it. */
async function expectRefusedWithoutUpstreamCall(
  on: Stack,
  listing: Listing<unknown>,
  args: PageArgs,
): Promise<GraphqlError> {
  on.emulator.requests.clear();
  const outcome = await listing.fetch(args);
  expect(outcome.status).toBe(200);
  expect(outcome.connection).toBeNull();
  expect(outcome.errors).toHaveLength(1);
  const error = outcome.errors[0];
  expect(error?.extensions?.code, JSON.stringify(error)).toBe('BAD_USER_INPUT');
  expect(error?.path).toEqual([
    listing.label.startsWith('cognito') ? 'cognitoDatasets' : 'personalizeDatasets',
  ]);
  expect(error?.message).not.toMatch(/\bat .+:\d+:\d+|\/work\/|node_modules|Exception/);
  expect(on.emulator.requests.count()).toBe(0);
  if (error === undefined) throw new Error('unreachable');
  return error;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The cursor with the character at `index` replaced by another base64url character. */
function flipAt(cursor: string, index: number): string {
  const at = Math.min(Math.max(0, index), cursor.length - 1);
  const current = cursor[at] ?? 'A';
  const position = BASE64URL.indexOf(current);
  const replacement = position < 0 ? 'A' : BASE64URL[(position + 17) % BASE64URL.length];
  return `${cursor.slice(0, at)}${replacement ?? 'A'}${cursor.slice(at + 1)}`;
}

describe.each([
  { name: 'personalizeDatasets', listing: allDatasets },
  { name: 'cognitoDatasets', listing: alice },
])('$name refuses a tampered cursor', ({ listing }) => {
  let cursor = '';

  beforeAll(async () => {
    cursor = await deepCursor(listing());
  });

  it('accepts the untouched cursor (the control for every case below)', async () => {
    const page = await pageOf(listing(), { first: 2, after: cursor });
    expect(page.edges).toHaveLength(2);
  });

  it.each([
    ['a character flipped at the start', (c: string) => flipAt(c, 0)],
    [
      'a character flipped a third of the way in',
      (c: string) => flipAt(c, Math.floor(c.length / 3)),
    ],
    ['a character flipped in the middle', (c: string) => flipAt(c, Math.floor(c.length / 2))],
    ['a character flipped near the end', (c: string) => flipAt(c, c.length - 2)],
    ['the cursor cut in half', (c: string) => c.slice(0, Math.floor(c.length / 2))],
    ['the last character cut off', (c: string) => c.slice(0, -1)],
    ['characters appended', (c: string) => `${c}AAAA`],
    [
      'random base64url of the same length',
      (c: string) => randomBytes(c.length).toString('base64url').slice(0, c.length),
    ],
    ['random base64', () => randomBytes(48).toString('base64')],
    [
      'an unsigned JSON position',
      () => Buffer.from('{"v":1,"t":null,"i":0,"o":0,"k":"x"}').toString('base64url'),
    ],
    ['an empty string', () => ''],
    ['characters outside base64', () => '%%% not a cursor %%%'],
    ['a 64 KB cursor', (c: string) => c.repeat(Math.ceil(65_536 / c.length))],
    ['non-ASCII characters', () => 'dGVzdA.💥'],
  ])('%s, as after and as before', async (_label, tamper) => {
    const bad = tamper(cursor);
    expect(bad).not.toBe(cursor);
    for (const args of [
      { first: 2, after: bad },
      { last: 2, before: bad },
    ]) {
      const error = await expectRefusedWithoutUpstreamCall(stack, listing(), args);
      // Altered, not "issued by a replica with another secret".
      expect(error.extensions?.['reason']).toBeUndefined();
    }
  });
});

describe('a cursor issued for another listing', () => {
  it.each([
    ['a cognitoDatasets cursor on personalizeDatasets', alice, allDatasets],
    ['a personalizeDatasets cursor on cognitoDatasets', allDatasets, alice],
    ["another identity's cursor", alice, bob],
    [
      'a cursor of another identity pool',
      alice,
      () => cognitoListing(stack, OTHER_POOL, ALICE) as Listing<unknown>,
    ],
    ["another dataset group's cursor", group0, group1],
    ['an all-groups cursor on one dataset group', allDatasets, group0],
    ["a dataset group's cursor on the all-groups listing", group0, allDatasets],
  ])('refuses %s', async (_label, issuedBy, usedOn) => {
    const cursor = await deepCursor(issuedBy());
    await expectRefusedWithoutUpstreamCall(stack, usedOn(), { first: 2, after: cursor });
    await expectRefusedWithoutUpstreamCall(stack, usedOn(), { last: 2, before: cursor });
  });

  it('refuses a cursor signed by a gateway with another cursor secret', async () => {
    for (const listing of [allDatasets, alice]) {
      const foreign = await deepCursor(listing(otherSecretStack));
      for (const args of [
        { first: 2, after: foreign },
        { last: 2, before: foreign },
      ]) {
        const error = await expectRefusedWithoutUpstreamCall(stack, listing(), args);
        expect(error.extensions?.['reason']).toBe('CURSOR_KEY_UNKNOWN');
        expect(error.message).toMatch(/another cursor secret/);
      }
    }
  });

  it('refuses a cursor from a gateway that reads the upstream in pages of another size', async () => {
    // Same secret, but positions are (upstream page, index) pairs: they mean nothing elsewhere.
    for (const listing of [allDatasets, alice]) {
      const foreign = await deepCursor(listing(otherPageSizeStack));
      await expectRefusedWithoutUpstreamCall(stack, listing(), { first: 2, after: foreign });
    }
  });

  it('accepts a cursor from a replica sharing the cursor secret, resuming at the same item', async () => {
    for (const listing of [allDatasets, alice]) {
      const first = await pageOf(listing(sameSecretStack), { first: 1 });
      const resumed = await pageOf(listing(), { first: 2, after: first.pageInfo.endCursor ?? '' });
      const own = await pageOf(listing(), { first: 3 });
      expect(resumed.nodes).toEqual(own.nodes.slice(1, 3));
    }
  });

  it('accepts a cursor signed with a previous secret the gateway still lists for rotation', async () => {
    for (const listing of [allDatasets, alice]) {
      const old = await pageOf(listing(otherSecretStack), { first: 1 });
      const resumed = await pageOf(listing(rotatedStack), {
        first: 2,
        after: old.pageInfo.endCursor ?? '',
      });
      const own = await pageOf(listing(rotatedStack), { first: 3 });
      expect(resumed.nodes).toEqual(own.nodes.slice(1, 3));
    }
  });
});

describe('arguments outside the contract', () => {
  it.each([
    ['first: -1', { first: -1 }],
    ['last: -1', { last: -1 }],
    ['first above the maximum page size (101)', { first: 101 }],
    ['last above the maximum page size (101)', { last: 101 }],
    ['first and last together', { first: 2, last: 2 }],
  ])('refuses %s on both connections before any upstream call', async (_label, args) => {
    await expectRefusedWithoutUpstreamCall(stack, allDatasets(), args);
    await expectRefusedWithoutUpstreamCall(stack, group0(), args);
    await expectRefusedWithoutUpstreamCall(stack, alice(), args);
  });

  it('accepts the maximum page size itself', async () => {
    await pageOf(allDatasets(), { first: 100 });
    await pageOf(alice(), { last: 100 });
  });

  it.each([
    ['an identity id without a region', POOL, 'd101-1111'],
    ['an identity id with characters outside the pattern', POOL, 'us-east-1:not/hex'],
    ['an identity id longer than 55 characters', POOL, `us-east-1:${'a'.repeat(50)}`],
    ['an empty identity id', POOL, ''],
    ['an identity pool id outside the pattern', 'pool without colon', ALICE],
    ['an empty identity pool id', '', ALICE],
  ])('refuses %s before any upstream call', async (_label, pool, identity) => {
    const error = await expectRefusedWithoutUpstreamCall(
      stack,
      cognitoListing(stack, pool, identity),
      { first: 2 },
    );
    expect(error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['a string that is not an ARN', 'dataset-group/bulk-group-0'],
    ['an ARN of another service', 'arn:aws:s3:::bucket-name'],
    [
      'an ARN longer than 256 characters',
      `arn:aws:personalize:us-east-1:444455556666:dataset-group/${'g'.repeat(250)}`,
    ],
    ['an empty string', ''],
  ])('refuses a datasetGroupArn that is %s before any upstream call', async (_label, arn) => {
    await expectRefusedWithoutUpstreamCall(stack, personalizeListing(stack, arn), {
      first: 2,
    });
  });

  it('refuses a bad argument on one field while answering the other field of the same request', async () => {
    stack.emulator.requests.clear();
    const response = await stack.graphql<{
      personalizeDatasets: unknown;
      cognitoDatasets: { nodes: unknown[] } | null;
    }>(
      `query ($pool: String!, $id: String!) {
        personalizeDatasets(first: -1) { nodes { name } }
        cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) { nodes { datasetName } }
      }`,
      { pool: POOL, id: ALICE },
    );
    expect(response.status).toBe(200);
    expect(response.body.data?.personalizeDatasets).toBeNull();
    expect(response.body.data?.cognitoDatasets?.nodes).toHaveLength(2);
    expect(response.body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['personalizeDatasets'], 'BAD_USER_INPUT'],
    ]);
    expect(stack.emulator.requests.count({ service: 'personalize' })).toBe(0);
  });
});
