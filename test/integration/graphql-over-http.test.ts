// GraphQL over HTTP as the spec says: graphql-http's audit suite (every MUST, SHOULD and MAY)
// against the real server, and the status of each request-level refusal under both response
// media types, as README › Errors states them.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  // The audit's operations read `__type`, so introspection is on (as in demo mode).
  stack = await startStack({
    env: {
      GATEWAY_INTROSPECTION: 'true',
      GATEWAY_MAX_DEPTH: '3',
      GATEWAY_MAX_BODY_BYTES: '2000',
      GATEWAY_MAX_COST: '50',
      GATEWAY_MAX_BATCH: '2',
    },
  });
});

afterAll(async () => {
  await stack.close();
});

describe('graphql-http audit', () => {
  for (const audit of serverAudits({ url: () => stack.url, fetchFn: fetch })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  }
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_MEDIA = 'application/json';

interface ErrorBody {
  readonly errors?: readonly { readonly extensions?: { readonly code?: unknown } }[];
}

interface Case {
  readonly name: string;
  readonly code: string;
  /** Status when the client accepts application/graphql-response+json, then application/json. */
  readonly statuses: readonly [number, number];
  readonly body: string | undefined;
}

const CASES: readonly Case[] = [
  { name: 'a body that is not JSON', code: 'BAD_REQUEST', statuses: [400, 400], body: '{bad' },
  { name: 'a POST without a body', code: 'BAD_REQUEST', statuses: [400, 400], body: undefined },
  {
    name: 'a body without `query`',
    code: 'BAD_REQUEST',
    statuses: [400, 400],
    body: JSON.stringify({ variables: {} }),
  },
  {
    name: 'a document that does not parse',
    code: 'GRAPHQL_PARSE_FAILED',
    statuses: [400, 200],
    body: JSON.stringify({ query: '{ personalizeDatasets(' }),
  },
  {
    name: 'a document that does not validate',
    code: 'GRAPHQL_VALIDATION_FAILED',
    statuses: [400, 200],
    body: JSON.stringify({ query: '{ nope }' }),
  },
  {
    name: 'a document over the depth limit',
    code: 'DEPTH_LIMIT_EXCEEDED',
    statuses: [400, 200],
    body: JSON.stringify({
      query: '{ personalizeDatasetGroups { nodes { datasets { nodes { name } } } } }',
    }),
  },
  {
    name: 'an over-cost operation',
    code: 'COST_LIMIT_EXCEEDED',
    statuses: [400, 200],
    body: JSON.stringify({ query: '{ personalizeDatasets(first: 100) { nodes { name } } }' }),
  },
  {
    name: 'an operationName the document lacks',
    code: 'OPERATION_RESOLUTION_FAILURE',
    statuses: [400, 400],
    body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
  },
  {
    name: 'a mutation (the graph is read-only; answered with data: null)',
    code: 'OPERATION_RESOLUTION_FAILURE',
    statuses: [200, 200],
    body: JSON.stringify({ query: 'mutation { x }' }),
  },
  {
    name: 'a batch over the batch limit',
    code: 'BATCH_LIMIT_EXCEEDED',
    statuses: [413, 413],
    body: JSON.stringify([{ query: '{ a }' }, { query: '{ b }' }, { query: '{ c }' }]),
  },
  {
    name: 'a body over the size limit',
    code: 'PAYLOAD_TOO_LARGE',
    statuses: [413, 413],
    body: JSON.stringify({ query: `{ __typename ${' '.repeat(3000)}}` }),
  },
];

describe('statuses of request errors, by accepted media type', () => {
  for (const testCase of CASES) {
    it(`answers ${testCase.name} with ${testCase.statuses.join(' / ')} and ${testCase.code}`, async () => {
      const seen: { status: number; contentType: string | null; code: unknown }[] = [];
      for (const accept of [GRAPHQL_RESPONSE, JSON_MEDIA]) {
        const response = await fetch(stack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          ...(testCase.body === undefined ? {} : { body: testCase.body }),
        });
        const parsed = (await response.json()) as ErrorBody | readonly ErrorBody[];
        const body = Array.isArray(parsed) ? (parsed[0] as ErrorBody) : (parsed as ErrorBody);
        seen.push({
          status: response.status,
          contentType: response.headers.get('content-type'),
          code: body.errors?.[0]?.extensions?.code,
        });
      }
      expect(seen).toEqual([
        {
          status: testCase.statuses[0],
          contentType: expect.stringContaining(GRAPHQL_RESPONSE) as string,
          code: testCase.code,
        },
        {
          status: testCase.statuses[1],
          contentType: expect.stringContaining(JSON_MEDIA) as string,
          code: testCase.code,
        },
      ]);
    });
  }
});
