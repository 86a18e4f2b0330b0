// Acceptance: each operation limit (depth, aliases, tokens, directives, cost, body size, batch size)
// accepts an operation at the limit and refuses one just over it, with its stable code and
// before any upstream call; introspection, field suggestions and CSRF prevention follow their
// settings. Real HTTP against the gateway, upstream calls read from the emulator's request log.
import { Lexer, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callsOf } from '../helpers/emulator.js';
import { startStack, type Stack } from '../helpers/stack.js';

// Small limits, so that "at" and "just over" are easy to build; each test's operations stay
// within the other limits.
const TIGHT = {
  GATEWAY_MAX_DEPTH: '4',
  GATEWAY_MAX_ALIASES: '3',
  GATEWAY_MAX_DIRECTIVES: '3',
  GATEWAY_MAX_TOKENS: '50',
  GATEWAY_MAX_COST: '50',
  GATEWAY_MAX_BODY_BYTES: '1000',
  GATEWAY_MAX_BATCH: '3',
  GATEWAY_CSRF_PREVENTION: 'true',
};

interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: {
    readonly data?: unknown;
    readonly errors?: readonly {
      readonly message: string;
      readonly extensions?: Record<string, unknown>;
    }[];
  };
  /** Upstream calls the emulator saw for this request (by its x-request-id). */
  readonly upstreamCalls: number;
}

let requestCounter = 0;

async function send(
  stack: Stack,
  init: { method?: string; query?: string; headers?: Record<string, string>; body?: BodyInit },
): Promise<HttpAnswer> {
  requestCounter += 1;
  const requestId = `limits-test-${requestCounter}`;
  const url = init.query === undefined ? stack.url : `${stack.url}?${init.query}`;
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'x-request-id': requestId,
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: init.body, duplex: 'half' }),
  });
  const text = await response.text();
  let body: HttpAnswer['body'];
  try {
    body = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    throw new Error(`not JSON (HTTP ${response.status}): ${text.slice(0, 200)}`);
  }
  const upstreamCalls = callsOf(stack.emulator, requestId).length;
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    upstreamCalls,
  };
}

function post(stack: Stack, query: string, headers?: Record<string, string>): Promise<HttpAnswer> {
  return send(stack, { body: JSON.stringify({ query }), ...(headers ? { headers } : {}) });
}

/** Accepted: data, no errors, and the upstream calls it needed were made. */
function expectAccepted(answer: HttpAnswer): void {
  expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.upstreamCalls).toBeGreaterThan(0);
}

/** Refused as a whole: one error with this code, no data, nothing sent upstream. */
function expectRefused(answer: HttpAnswer, code: string, status: number): void {
  expect(answer.body.errors?.map((error) => error.extensions?.['code'])).toEqual([code]);
  expect(answer.body.data).toBeUndefined();
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/json/);
  expect(answer.upstreamCalls).toBe(0);
}

function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

let tight: Stack;
let open: Stack;

beforeAll(async () => {
  [tight, open] = await Promise.all([
    startStack({ env: TIGHT }),
    startStack({
      env: {
        GATEWAY_INTROSPECTION: 'true',
        GATEWAY_FIELD_SUGGESTIONS: 'true',
        GATEWAY_MAX_BATCH: '1',
      },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([tight.close(), open.close()]);
});

describe('depth (GATEWAY_MAX_DEPTH)', () => {
  it('accepts an operation nested exactly to the limit', async () => {
    expectAccepted(
      await post(tight, '{ personalizeDatasets(first: 1) { nodes { datasetGroup { name } } } }'),
    );
  });

  it('counts fields, not fragments', async () => {
    expectAccepted(
      await post(
        tight,
        '{ personalizeDatasets(first: 1) { ... on PersonalizeDatasetConnection { nodes { ...Group } } } } fragment Group on PersonalizeDataset { ... { datasetGroup { name } } }',
      ),
    );
  });

  it('refuses one level more with DEPTH_LIMIT_EXCEEDED', async () => {
    const answer = await post(
      tight,
      '{ personalizeDatasets(first: 1) { nodes { datasetGroup { datasets(first: 1) { totalCount } } } } }',
    );
    expectRefused(answer, 'DEPTH_LIMIT_EXCEEDED', 400);
    expect(answer.body.errors?.[0]?.message).toContain('depth limit of 4 exceeded, found 5');
  });
});

describe('aliases (GATEWAY_MAX_ALIASES)', () => {
  it('accepts as many aliases as the limit', async () => {
    expectAccepted(
      await post(tight, '{ a: personalizeDatasets(first: 1) { nodes { n1: name n2: name } } }'),
    );
  });

  it('refuses one alias more with ALIAS_LIMIT_EXCEEDED', async () => {
    const answer = await post(
      tight,
      '{ a: personalizeDatasets(first: 1) { nodes { n1: name n2: name n3: name } } }',
    );
    expectRefused(answer, 'ALIAS_LIMIT_EXCEEDED', 400);
    expect(answer.body.errors?.[0]?.message).toContain('limit of 3 exceeded, found 4');
  });
});

describe('directives (GATEWAY_MAX_DIRECTIVES)', () => {
  const at =
    '{ personalizeDatasets(first: 1) @include(if: true) { nodes { name @include(if: true) datasetArn @skip(if: false) } } }';

  it('accepts as many directives as the limit', async () => {
    expectAccepted(await post(tight, at));
  });

  it('refuses one directive more with DIRECTIVE_LIMIT_EXCEEDED', async () => {
    const over = at.replace('datasetArn', 'status @skip(if: false) datasetArn');
    expectRefused(await post(tight, over), 'DIRECTIVE_LIMIT_EXCEEDED', 400);
  });
});

describe('tokens (GATEWAY_MAX_TOKENS)', () => {
  const base = '{ personalizeDatasets(first: 1) { nodes { name } } PAD }';
  const withTokens = (tokens: number): string => {
    const padding = tokens - tokenCount(base.replace('PAD', ''));
    const document = base.replace('PAD', Array(padding).fill('__typename').join(' '));
    expect(tokenCount(document)).toBe(tokens);
    return document;
  };

  it('accepts a document of exactly the limit', async () => {
    expectAccepted(await post(tight, withTokens(50)));
  });

  it('refuses one token more with TOKEN_LIMIT_EXCEEDED', async () => {
    const answer = await post(tight, withTokens(51));
    expectRefused(answer, 'TOKEN_LIMIT_EXCEEDED', 400);
    expect(answer.body.errors?.[0]?.message).toContain('Token limit of 50 exceeded');
  });
});

describe('cost (GATEWAY_MAX_COST)', () => {
  // 10 for the connection (one upstream call) + 20 edges × (nodes 1 + name 1) = 50.
  const atLimit = '{ personalizeDatasets(first: 20) { nodes { name } } }';

  it('accepts an operation costing exactly the limit', async () => {
    expectAccepted(await post(tight, atLimit));
  });

  it('refuses an operation costing just over with COST_LIMIT_EXCEEDED, once, before execution', async () => {
    // pageInfo and hasNextPage, under the connection's multiplier of 20: 50 + 40.
    const answer = await post(
      tight,
      '{ personalizeDatasets(first: 20) { nodes { name } pageInfo { hasNextPage } } }',
    );
    expectRefused(answer, 'COST_LIMIT_EXCEEDED', 400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ cost: 90, maxCost: 50 });
  });

  it('prices __typename at nothing, wherever routers and client caches add it', async () => {
    expectAccepted(
      await post(
        tight,
        '{ __typename personalizeDatasets(first: 20) { __typename nodes { __typename name } } }',
      ),
    );
  });

  it('multiplies by first/last and by nesting, so several connections add up', async () => {
    const answer = await post(
      tight,
      '{ a: personalizeDatasets(first: 10) { nodes { name } } b: personalizeDatasets(last: 10) { nodes { name } } }',
    );
    expectRefused(answer, 'COST_LIMIT_EXCEEDED', 400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ cost: 60 });
  });

  it('follows variables, as execution will', async () => {
    const query = 'query ($n: Int) { personalizeDatasets(first: $n) { nodes { name } } }';
    const at = await send(tight, { body: JSON.stringify({ query, variables: { n: 20 } }) });
    expectAccepted(at);
    const over = await send(tight, { body: JSON.stringify({ query, variables: { n: 21 } }) });
    expectRefused(over, 'COST_LIMIT_EXCEEDED', 400);
  });
});

describe('body size (GATEWAY_MAX_BODY_BYTES)', () => {
  /** A JSON body of exactly `size` bytes that runs a query needing an upstream call. */
  const bodyOf = (size: number): string => {
    const empty = JSON.stringify({ query: '{ personalizeDatasets(first: 1) { nodes { name } } }' });
    const padded = empty.replace(' }"', `${' '.repeat(size - empty.length)} }"`);
    expect(Buffer.byteLength(padded)).toBe(size);
    return padded;
  };
  const streamOf = (text: string): ReadableStream<Uint8Array> => {
    const bytes = new TextEncoder().encode(text);
    return new ReadableStream({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 100) {
          controller.enqueue(bytes.slice(offset, offset + 100));
        }
        controller.close();
      },
    });
  };

  it('accepts a body of exactly the limit, with Content-Length', async () => {
    expectAccepted(await send(tight, { body: bodyOf(1000) }));
  });

  it('refuses one byte more with 413 PAYLOAD_TOO_LARGE, from the Content-Length alone', async () => {
    const answer = await send(tight, { body: bodyOf(1001) });
    expectRefused(answer, 'PAYLOAD_TOO_LARGE', 413);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ maxBytes: 1000 });
  });

  it('counts a chunked body without Content-Length: the limit passes, one byte more is refused', async () => {
    expectAccepted(await send(tight, { body: streamOf(bodyOf(1000)) }));
    expectRefused(await send(tight, { body: streamOf(bodyOf(1001)) }), 'PAYLOAD_TOO_LARGE', 413);
  });

  it('keeps answering on the same connections after refusing streamed bodies', async () => {
    const big = streamOf('x'.repeat(50_000));
    expectRefused(await send(tight, { body: big }), 'PAYLOAD_TOO_LARGE', 413);
    for (let i = 0; i < 5; i += 1) {
      expectAccepted(await post(tight, '{ personalizeDatasets(first: 1) { nodes { name } } }'));
    }
  });
});

describe('batching (GATEWAY_MAX_BATCH)', () => {
  const operation = { query: '{ personalizeDatasets(first: 1) { nodes { name } } }' };

  it('accepts a batch of as many operations as the limit', async () => {
    const answer = await send(tight, { body: JSON.stringify(Array(3).fill(operation)) });
    expect(answer.status).toBe(200);
    const results = answer.body as unknown as readonly { data?: unknown; errors?: unknown }[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data).toBeDefined();
    }
    expect(answer.upstreamCalls).toBeGreaterThan(0);
  });

  it('refuses one operation more with 413 BATCH_LIMIT_EXCEEDED', async () => {
    const answer = await send(tight, { body: JSON.stringify(Array(4).fill(operation)) });
    expectRefused(answer, 'BATCH_LIMIT_EXCEEDED', 413);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ maxBatch: 3, batch: 4 });
  });

  it('refuses any batch with BATCH_LIMIT_EXCEEDED when batching is off (limit 1)', async () => {
    const answer = await send(open, { body: JSON.stringify([operation]) });
    expectRefused(answer, 'BATCH_LIMIT_EXCEEDED', 400);
  });
});

describe('introspection (GATEWAY_INTROSPECTION)', () => {
  it('is off by default outside demo mode: __schema and __type are INTROSPECTION_DISABLED', async () => {
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "PersonalizeDataset") { fields { name } } }',
    ]) {
      const answer = await post(tight, query);
      expectRefused(answer, 'INTROSPECTION_DISABLED', 400);
      expect(JSON.stringify(answer.body)).not.toContain('PersonalizeDataset"');
    }
  });

  it('still answers __typename', async () => {
    const answer = await post(tight, '{ __typename }');
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers introspection when enabled', async () => {
    const answer = await post(open, '{ __schema { queryType { fields { name } } } }');
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body.data)).toContain('personalizeDatasets');
  });
});

describe('field suggestions (GATEWAY_FIELD_SUGGESTIONS)', () => {
  const typos = [
    '{ personalizeDataset { nodes { name } } }',
    '{ personalizeDatasets(frist: 1) { nodes { name } } }',
    'query ($s: PersonalizeDatasetStatus = ACTIV) { __typename s: __typename }',
  ];

  it('are hidden by default outside demo mode', async () => {
    for (const query of typos) {
      const answer = await post(tight, query);
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      for (const error of answer.body.errors ?? []) {
        expect(error.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(error.message).not.toMatch(/Did you mean/);
      }
    }
  });

  it('are shown when enabled', async () => {
    for (const query of typos) {
      const answer = await post(open, query);
      const messages = (answer.body.errors ?? []).map((error) => error.message).join('\n');
      expect(messages).toMatch(/Did you mean/);
    }
  });
});

describe('CSRF prevention (GATEWAY_CSRF_PREVENTION)', () => {
  const query = `query=${encodeURIComponent('{ personalizeDatasets(first: 1) { nodes { name } } }')}`;

  it('refuses a GET without the CSRF header with 403 CSRF_PREVENTED', async () => {
    const answer = await send(tight, { method: 'GET', query, headers: { 'content-type': '' } });
    expectRefused(answer, 'CSRF_PREVENTED', 403);
    expect(answer.body.errors?.[0]?.message).toContain('x-graphql-yoga-csrf');
  });

  it('refuses a form POST without the CSRF header', async () => {
    const answer = await send(tight, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query,
    });
    expectRefused(answer, 'CSRF_PREVENTED', 403);
  });

  it('answers a GET that carries the header', async () => {
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight']) {
      expectAccepted(
        await send(tight, { method: 'GET', query, headers: { 'content-type': '', [header]: '1' } }),
      );
    }
  });

  it('answers a JSON POST without any header', async () => {
    expectAccepted(await post(tight, '{ personalizeDatasets(first: 1) { nodes { name } } }'));
  });

  it('still serves GraphiQL to a browser', async () => {
    const response = await fetch(tight.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lets a GET through without the header by default', async () => {
    expectAccepted(await send(open, { method: 'GET', query, headers: { 'content-type': '' } }));
  });
});
