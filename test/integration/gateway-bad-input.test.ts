// Acceptance ("bad input"): thousands of generated malformed requests over real HTTP (bodies,
// content types, documents, variables, cursors, global ids, identity arguments, page sizes,
// batches) never get a 5xx, a non-JSON answer, an error without a known code, a leaked internal
// (stack, file path, exception name, AWS request id) or a hang; the gateway still answers a good
// query afterwards. Generated with fast-check under a fixed seed, so a failure is reproducible.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ErrorCode } from '../../resolvers/errors.js';
import { startStack, type Stack } from '../helpers/stack.js';

const SEED = 0x5eed_0005;
/** No request may take longer than this (loopback, no faults): a hang fails the run. */
const PER_REQUEST_TIMEOUT_MS = 10_000;

/** The codes a client may get for bad input; anything else (INTERNAL_SERVER_ERROR…) is a bug. */
const CLIENT_ERROR_CODES: readonly ErrorCode[] = [
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
  'PAYLOAD_TOO_LARGE',
  'BATCH_LIMIT_EXCEEDED',
  'CSRF_PREVENTED',
  'INTROSPECTION_DISABLED',
  'DEPTH_LIMIT_EXCEEDED',
  'ALIAS_LIMIT_EXCEEDED',
  'TOKEN_LIMIT_EXCEEDED',
  'DIRECTIVE_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'STALE_CURSOR',
  'PAGINATION_LIMIT_EXCEEDED',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
];

/** What no message may contain: stack frames, file paths, exception class names. */
const INTERNALS: readonly RegExp[] = [
  /\n\s*at /,
  /\bat \S+ \(\S+:\d+:\d+\)/,
  /\.[cm]?[jt]s:\d+/,
  /\/work\//,
  /node_modules/,
  /file:\/\//,
  /Exception\b/,
  /\bTypeError\b/,
  /\bundefined\b.*\bproperties\b/,
];

const DEMO_POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
const DEMO_IDENTITY = 'us-east-1:7d2a9c4e-1b8f-4e6a-93c5-0f7b2d8e4a19';
const DEMO_GROUP = 'arn:aws:personalize:us-east-1:123456789012:dataset-group/retail-storefront';
const GOOD_QUERY = '{ personalizeDatasets(first: 2) { nodes { id name } } }';

interface Probe {
  readonly method: string;
  /** Query string (without `?`). */
  readonly search?: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

interface ResultBody {
  readonly data?: unknown;
  readonly errors?: readonly {
    readonly message?: unknown;
    readonly extensions?: Record<string, unknown>;
  }[];
}

const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
};

let stack: Stack;
/** Every message clients got, checked at the end against the emulator's request ids. */
const messages: string[] = [];
/** Real values to tamper with, read from the demo data at start. */
const real = { cursors: [] as string[], ids: [] as string[] };

function describeProbe(probe: Probe): string {
  const body =
    typeof probe.body === 'string'
      ? probe.body.slice(0, 300)
      : probe.body === undefined
        ? ''
        : `<${probe.body.length} bytes>`;
  return `${probe.method} ?${(probe.search ?? '').slice(0, 200)} ${JSON.stringify(probe.headers)} ${body}`;
}

/** Sends one probe and checks every invariant of the answer; throws (with the probe) if one fails. */
async function check(probe: Probe): Promise<ResultBody[]> {
  const where = describeProbe(probe);
  let response: Response;
  try {
    response = await fetch(
      probe.search === undefined ? stack.url : `${stack.url}?${probe.search}`,
      {
        method: probe.method,
        headers: probe.headers,
        ...(probe.body === undefined ? {} : { body: probe.body }),
        signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
      },
    );
  } catch (error) {
    throw new Error(`no answer within ${PER_REQUEST_TIMEOUT_MS} ms: ${where}`, { cause: error });
  }
  const text = await response.text();
  expect(response.status, where).toBeLessThan(500);
  expect(response.headers.get('content-type'), where).toMatch(/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 200)} for ${where}`, {
      cause: error,
    });
  }
  const results = (Array.isArray(parsed) ? parsed : [parsed]) as ResultBody[];
  expect(results.length, where).toBeGreaterThan(0);
  for (const result of results) {
    expect(typeof result, where).toBe('object');
    if (result.errors === undefined) {
      expect(result.data, where).toBeDefined();
      continue;
    }
    expect(result.errors.length, where).toBeGreaterThan(0);
    for (const error of result.errors) {
      const detail = `${JSON.stringify(error)} for ${where}`;
      expect(CLIENT_ERROR_CODES, detail).toContain(error.extensions?.['code']);
      expect(typeof error.message, detail).toBe('string');
      const message = String(error.message);
      for (const pattern of INTERNALS) expect(message, detail).not.toMatch(pattern);
      expect(JSON.stringify(error.extensions), detail).not.toMatch(/"stack"|originalError/);
      messages.push(message);
    }
  }
  return results;
}

function postJson(
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): Probe {
  return { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body };
}

function operation(query: string, variables?: unknown): Probe {
  return postJson(JSON.stringify(variables === undefined ? { query } : { query, variables }));
}

/** Runs a property over real HTTP; no shrinking (each run is a request), fixed seed. */
async function assertAll(arbitrary: fc.Arbitrary<Probe>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (probe) => {
      await check(probe);
    }),
    { seed: SEED, numRuns, endOnFailure: true },
  );
}

async function expectGoodQueryAnswered(): Promise<void> {
  const response = await stack.graphql<{ personalizeDatasets: { nodes: unknown[] } }>(GOOD_QUERY);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data?.personalizeDatasets.nodes.length).toBe(2);
}

const base64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');

// ---------------------------------------------------------------------------------------------
// Building blocks

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Any JSON-able variable value, including the wrong-typed and the out-of-range. */
const anyValue = fc.oneof(
  jsonValue,
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.5, 1e308),
  fc.array(text, { maxLength: 120 }),
  text,
);

const GOOD_OPERATIONS = [
  GOOD_QUERY,
  `{ cognitoDatasets(identityPoolId: "${DEMO_POOL}", identityId: "${DEMO_IDENTITY}", first: 3) { edges { cursor node { id datasetName } } } }`,
  '{ personalizeDatasetGroups(first: 2) { nodes { id name datasets(first: 2) { nodes { name } } } } }',
  '{ __typename }',
];

const TOKEN_SOUP = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '...',
  '@',
  '$',
  '!',
  '=',
  '|',
  '&',
  ',',
  '"x"',
  '"""b"""',
  '1',
  '-1',
  '1.5e3',
  'true',
  'null',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'node',
  'nodes',
  'ids',
  'id',
  'personalizeDatasets',
  'cognitoDatasets',
  'edges',
  'first',
  'after',
  '__typename',
  '__schema',
  '__type',
  'include',
  'skip',
  'if',
  'Query',
  'Int',
  'ID',
  '#comment\n',
];

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  stack = await startStack();
  const listings = await stack.graphql<
    Record<string, { edges: { cursor: string; node: { id: string } }[] }>
  >(
    `{
      personalizeDatasets(first: 3) { edges { cursor node { id } } }
      personalizeDatasetGroups(first: 2) { edges { cursor node { id } } }
      cognitoDatasets(identityPoolId: "${DEMO_POOL}", identityId: "${DEMO_IDENTITY}", first: 3) { edges { cursor node { id } } }
    }`,
  );
  expect(listings.body.errors).toBeUndefined();
  for (const listing of Object.values(listings.body.data ?? {})) {
    for (const edge of listing.edges) {
      real.cursors.push(edge.cursor);
      real.ids.push(edge.node.id);
    }
  }
  expect(real.cursors.length).toBeGreaterThan(4);
});

afterAll(async () => {
  await stack.close();
});

describe('malformed requests over HTTP', () => {
  it('request bodies: random text and bytes, invalid and truncated JSON, wrong shapes, deep nesting', async () => {
    const goodBody = fc.constantFrom(...GOOD_OPERATIONS).map((query) => JSON.stringify({ query }));
    const body = fc.oneof(
      text,
      fc.uint8Array({ maxLength: 120 }).map((bytes) => Uint8Array.from(bytes)),
      fc.tuple(goodBody, fc.nat()).map(([good, cut]) => good.slice(0, cut % good.length)),
      fc
        .tuple(goodBody, fc.nat(), fc.string({ minLength: 1, maxLength: 3 }))
        .map(
          ([good, at, junk]) =>
            good.slice(0, at % good.length) + junk + good.slice(at % good.length),
        ),
      jsonValue.map((value) => JSON.stringify(value)),
      fc
        .record(
          {
            query: fc.oneof(jsonValue, text),
            variables: jsonValue,
            operationName: jsonValue,
            extensions: jsonValue,
          },
          { requiredKeys: [] },
        )
        .map((params) => JSON.stringify(params)),
      fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc
        .integer({ min: 1, max: 15_000 })
        .map((n) => `{"query":"{ __typename }","variables":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
    );
    await assertAll(
      body.map((b) => postJson(b)),
      500,
    );
    await expectGoodQueryAnswered();
  });

  it('methods, content types and Accept headers', async () => {
    const contentType = fc.option(
      fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-16',
          'application/graphql',
          'application/graphql-response+json',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'multipart/form-data; boundary=xyz',
          'text/plain',
          'application/xml',
          'image/png',
          'application/json, text/plain',
          '*/*',
          '',
        ),
        fc.string({ maxLength: 30 }),
      ),
      { nil: undefined },
    );
    const accept = fc.option(
      fc.constantFrom(
        'application/json',
        'application/graphql-response+json',
        '*/*',
        'application/*',
        'text/plain',
        'application/json;q=0',
        'image/png',
      ),
      { nil: undefined },
    );
    const search = fc.oneof(
      fc.constantFrom(...GOOD_OPERATIONS).map((query) => `query=${encodeURIComponent(query)}`),
      fc
        .record(
          { query: text, variables: text, operationName: text, extensions: text },
          { requiredKeys: [] },
        )
        .map((params) => new URLSearchParams(params).toString()),
      fc.string({ maxLength: 60 }).map((raw) => encodeURI(raw)),
    );
    const body = fc.oneof(
      fc.constantFrom(...GOOD_OPERATIONS).map((query) => JSON.stringify({ query })),
      fc.constantFrom(...GOOD_OPERATIONS).map((query) => `query=${encodeURIComponent(query)}`),
      fc.constantFrom(...GOOD_OPERATIONS),
      text,
      fc.constant(
        '--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{bad\r\n--xyz--\r\n',
      ),
      fc.constant(
        '--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--xyz\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":5}\r\n--xyz--\r\n',
      ),
    );
    const probe = fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH'),
        contentType,
        accept,
        csrf: fc.boolean(),
        search: fc.option(search, { nil: undefined }),
        body,
      })
      .map(
        ({
          method,
          contentType: type,
          accept: acceptHeader,
          csrf,
          search: query,
          body: payload,
        }): Probe => ({
          method,
          ...(query === undefined && method !== 'GET' ? {} : { search: query ?? '' }),
          headers: {
            ...(type === undefined ? {} : { 'content-type': type }),
            ...(acceptHeader === undefined ? {} : { accept: acceptHeader }),
            ...(csrf ? { 'x-graphql-yoga-csrf': '1' } : {}),
          },
          ...(method === 'GET' ? {} : { body: payload }),
        }),
      );
    await assertAll(probe, 400);
    await expectGoodQueryAnswered();
  });

  it('documents: random text, token soup, mutated examples, deep, wide and huge', async () => {
    const good = fc.constantFrom(...GOOD_OPERATIONS);
    const document = fc.oneof(
      text,
      fc.array(fc.constantFrom(...TOKEN_SOUP), { maxLength: 80 }).map((tokens) => tokens.join(' ')),
      fc
        .tuple(good, fc.nat(), fc.nat({ max: 8 }))
        .map(
          ([query, at, length]) =>
            query.slice(0, at % query.length) + query.slice((at % query.length) + length),
        ),
      fc
        .tuple(good, fc.nat(), fc.constantFrom(...TOKEN_SOUP))
        .map(
          ([query, at, token]) =>
            `${query.slice(0, at % query.length)} ${token} ${query.slice(at % query.length)}`,
        ),
      fc.integer({ min: 1, max: 40_000 }).map((n) => '{a'.repeat(n) + '}'.repeat(n)),
      fc
        .integer({ min: 1, max: 40 })
        .map(
          (n) =>
            `{ personalizeDatasets { nodes { ${'datasetGroup { datasets { nodes { '.repeat(n)}name${' } } }'.repeat(n)} } } }`,
        ),
      fc
        .integer({ min: 1, max: 2_000 })
        .map(
          (n) =>
            `{ ${Array.from({ length: n }, (_, i) => `a${i}: personalizeDatasets(first: 1) { totalCount }`).join(' ')} }`,
        ),
      fc
        .integer({ min: 1, max: 600 })
        .map((n) => `{ __typename ${'@include(if: true) '.repeat(n)}}`),
      fc.integer({ min: 50_000, max: 300_000 }).map((n) => `{ __typename ${' '.repeat(n)}}`),
      fc.constantFrom(
        '{ __schema { types { name fields { name } } } }',
        '{ __type(name: "Query") { fields { name } } }',
        'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
        'query A { __typename } query A { __typename }',
        'query A { __typename } query B { __typename }',
        'mutation { __typename }',
        'subscription { __typename }',
        '{ node(id: 1) }',
        '{ nodes }',
      ),
    );
    await assertAll(
      fc
        .tuple(document, fc.option(jsonValue, { nil: undefined }))
        .map(([query, variables]) => operation(query, variables)),
      500,
    );
    await expectGoodQueryAnswered();
  });

  it('variables of the wrong type, missing or out of range', async () => {
    const operations = [
      'query ($first: Int, $last: Int, $after: String, $before: String) { personalizeDatasets(first: $first, last: $last, after: $after, before: $before) { nodes { name } pageInfo { endCursor } } }',
      'query ($id: ID!) { node(id: $id) { id } }',
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      'query ($pool: String, $identity: String, $first: Int) { cognitoDatasets(identityPoolId: $pool, identityId: $identity, first: $first) { nodes { datasetName } } }',
      'query ($group: String, $first: Int) { personalizeDatasets(datasetGroupArn: $group, first: $first) { nodes { name } } }',
      'query ($skip: Boolean!, $n: Int = 3) { personalizeDatasetGroups(first: $n) @skip(if: $skip) { nodes { name } } }',
      'query ($s: PersonalizeDatasetStatus) { __typename }',
    ];
    const variables = fc.dictionary(
      fc.constantFrom(
        'first',
        'last',
        'after',
        'before',
        'id',
        'ids',
        'pool',
        'identity',
        'group',
        'skip',
        'n',
        's',
      ),
      anyValue,
      { maxKeys: 4 },
    );
    await assertAll(
      fc
        .tuple(fc.constantFrom(...operations), fc.oneof(variables, anyValue))
        .map(([query, values]) => operation(query, values)),
      450,
    );
    await expectGoodQueryAnswered();
  });

  it('random and tampered cursors, on every listing', async () => {
    const cursor = fc.oneof(
      text,
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
      fc.constantFrom(...real.cursors),
      fc
        .tuple(
          fc.constantFrom(...real.cursors),
          fc.nat(),
          fc.constantFrom('A', 'Z', 'a', 'z', '0', '9', '-', '_', '+', '/', '='),
        )
        .map(([good, at, char]) => {
          const position = at % good.length;
          return good.slice(0, position) + char + good.slice(position + 1);
        }),
      fc
        .tuple(fc.constantFrom(...real.cursors), fc.nat())
        .map(([good, cut]) => good.slice(0, cut % good.length)),
      fc.tuple(fc.constantFrom(...real.cursors), text).map(([good, tail]) => good + tail),
      fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'A'.repeat(n)),
    );
    const listing = fc.constantFrom(
      (args: string) => `{ personalizeDatasets(${args}) { nodes { name } } }`,
      (args: string) => `{ personalizeDatasetGroups(${args}) { nodes { name } } }`,
      (args: string) =>
        `{ cognitoDatasets(identityPoolId: "${DEMO_POOL}", identityId: "${DEMO_IDENTITY}", ${args}) { nodes { datasetName } } }`,
      (args: string) =>
        `{ personalizeDatasetGroups(first: 1) { nodes { datasets(${args}) { nodes { name } } } } }`,
    );
    const direction = fc.constantFrom(
      'first: 2, after: $c',
      'last: 2, before: $c',
      'after: $c',
      'before: $c',
    );
    await assertAll(
      fc
        .tuple(listing, direction, cursor)
        .map(([query, args, c]) => operation(`query ($c: String) ${query(args)}`, { c })),
      300,
    );
    await expectGoodQueryAnswered();
  });

  it('random and malformed global ids for node and nodes', async () => {
    const typename = fc.oneof(
      fc.constantFrom(
        'CognitoDataset',
        'PersonalizeDataset',
        'PersonalizeDatasetGroup',
        'Query',
        'PageInfo',
        'Node',
        '',
      ),
      fc.string({ maxLength: 20 }),
    );
    const rawId = fc.oneof(
      text,
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.uuid())
        .map(([region, uuid]) => `${region}:${uuid}`),
      fc
        .tuple(fc.uuid(), fc.uuid(), fc.string({ maxLength: 140 }))
        .map(([pool, identity, name]) => `us-east-1:${pool}|us-east-1:${identity}|${name}`),
      fc
        .string({ maxLength: 300 })
        .map((tail) => `arn:aws:personalize:us-east-1:123456789012:dataset-group/${tail}`),
    );
    const id = fc.oneof(
      text,
      fc.tuple(typename, rawId).map(([type, raw]) => base64(`${type}:${raw}`)),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => base64(bytes)),
      fc.constantFrom(...real.ids),
      fc
        .tuple(
          fc.constantFrom(...real.ids),
          fc.nat(),
          fc.constantFrom('A', 'Z', 'a', 'z', '0', '9', '+', '/', '='),
        )
        .map(
          ([good, at, char]) =>
            good.slice(0, at % good.length) + char + good.slice((at % good.length) + 1),
        ),
    );
    const probe = fc.oneof(
      id.map((value) =>
        operation('query ($id: ID!) { node(id: $id) { id __typename } }', { id: value }),
      ),
      fc
        .array(id, { maxLength: 150 })
        .map((ids) =>
          operation('query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', { ids }),
        ),
      id.map((value) => operation(`{ node(id: ${JSON.stringify(value)}) { id } }`)),
    );
    await assertAll(probe, 400);
    await expectGoodQueryAnswered();
  });

  it('random identityPoolId, identityId and datasetGroupArn', async () => {
    const cognitoId = fc.oneof(
      text,
      fc
        .tuple(fc.string({ maxLength: 15 }), fc.uuid())
        .map(([region, uuid]) => `${region}:${uuid}`),
      fc.uuid().map((uuid) => `us-east-1:${uuid}`),
      fc.string({ minLength: 50, maxLength: 2_000 }),
      fc.constantFrom(DEMO_POOL, DEMO_IDENTITY),
    );
    const groupArn = fc.oneof(
      text,
      fc
        .string({ maxLength: 300 })
        .map((tail) => `arn:aws:personalize:us-east-1:123456789012:dataset-group/${tail}`),
      fc.string({ maxLength: 40 }).map((partition) => `arn:${partition}:personalize:::x`),
      fc.constant(DEMO_GROUP),
    );
    const probe = fc.oneof(
      fc
        .tuple(cognitoId, cognitoId)
        .map(([pool, identity]) =>
          operation(
            'query ($pool: String, $identity: String) { cognitoDatasets(identityPoolId: $pool, identityId: $identity) { nodes { datasetName } } }',
            { pool, identity },
          ),
        ),
      groupArn.map((group) =>
        operation(
          'query ($group: String) { personalizeDatasets(datasetGroupArn: $group, first: 5) { nodes { name } } }',
          { group },
        ),
      ),
    );
    await assertAll(probe, 300);
    await expectGoodQueryAnswered();
  });

  it('huge and negative first/last, as literals and as variables', async () => {
    const size = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.constantFrom(-(2 ** 31), -1, 0, 1, 100, 101, 10_000, 2 ** 31 - 1),
    );
    const outOfInt = fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e20, 1.5);
    const probe = fc.oneof(
      fc
        .tuple(fc.constantFrom('first', 'last'), fc.oneof(size, outOfInt))
        .map(([arg, n]) => operation(`{ personalizeDatasets(${arg}: ${n}) { nodes { name } } }`)),
      fc
        .tuple(fc.option(fc.oneof(size, outOfInt)), fc.option(fc.oneof(size, outOfInt)))
        .map(([first, last]) =>
          operation(
            'query ($first: Int, $last: Int) { cognitoDatasets(identityPoolId: "' +
              DEMO_POOL +
              '", identityId: "' +
              DEMO_IDENTITY +
              '", first: $first, last: $last) { nodes { datasetName } } }',
            { first, last },
          ),
        ),
      fc
        .tuple(size, size)
        .map(([groups, datasets]) =>
          operation(
            `{ personalizeDatasetGroups(first: ${groups}) { nodes { datasets(last: ${datasets}) { nodes { name } } } } }`,
          ),
        ),
    );
    await assertAll(probe, 250);
    await expectGoodQueryAnswered();
  });

  it('negative and oversized page sizes are refused with BAD_USER_INPUT', async () => {
    for (const args of ['first: -1', 'last: -5', 'first: 101', `last: ${2 ** 31 - 1}`]) {
      const [result] = await check(
        operation(`{ personalizeDatasets(${args}) { nodes { name } } }`),
      );
      expect(result?.errors?.map((error) => error.extensions?.['code'])).toEqual([
        'BAD_USER_INPUT',
      ]);
    }
  });

  it('batches of anything', async () => {
    const element = fc.oneof(
      jsonValue,
      fc.constantFrom(...GOOD_OPERATIONS).map((query) => ({ query })),
      fc.record({ query: fc.oneof(text, jsonValue), variables: jsonValue }, { requiredKeys: [] }),
    );
    await assertAll(
      fc.array(element, { maxLength: 14 }).map((batch) => postJson(JSON.stringify(batch))),
      200,
    );
    await expectGoodQueryAnswered();
  });

  it('never shows an AWS request id in a message', () => {
    const awsRequestIds = new Set(stack.emulator.requests.entries().map((entry) => entry.id));
    expect(awsRequestIds.size).toBeGreaterThan(0);
    expect(messages.length).toBeGreaterThan(1_000);
    const leaked = messages.filter((message) =>
      [...message.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)].some(
        ([match]) => awsRequestIds.has(match),
      ),
    );
    expect(leaked).toEqual([]);
  });
});
