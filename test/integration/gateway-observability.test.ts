// Acceptance: what operators see, over real HTTP against the emulator. Prometheus metrics at
// /metrics (operations, errors by code, upstream calls by outcome with latencies, DataLoader
// batches and cache hits, requests in flight), /ready turning 503 once shutdown begins, request
// ids echoed to clients and sent upstream, logs that carry the request id and no token, and
// OpenTelemetry spans for operations, resolvers and upstream calls.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig, withLocalUpstream } from '../../src/config/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.js';
import { codes } from '../helpers/errors.js';
import {
  cognitoListingSeed,
  gwCognitoId,
  mergeSeeds,
  personalizeListingSeed,
} from '../helpers/gateway-seeds.js';
import type { GraphQLErrorBody } from '../helpers/stack.js';

const POOL = gwCognitoId(0x0b5);
const ALICE = gwCognitoId(0x0b501);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const SEED = mergeSeeds(
  cognitoListingSeed(POOL, [{ identityId: ALICE, datasetCount: 3 }]),
  personalizeListingSeed(5, 'obs'),
);

const TEST_ENV: Readonly<Record<string, string>> = {
  GATEWAY_DEMO: 'false',
  // Closing a test gateway need not wait for load balancers.
  GATEWAY_SHUTDOWN_DRAIN_MS: '0',
  AWS_REGION: 'us-east-1',
  HOST: '127.0.0.1',
  PORT: '0',
  GATEWAY_CURSOR_SECRET: 'observability-test-cursor-secret-0123456789abcdef',
  GATEWAY_AUTH_MODE: 'none',
  // The metrics and ids counted here are of upstream calls: every request makes its own.
  GATEWAY_CACHE: 'off',
  // One attempt, no client-side rate limiting: an injected fault is the call's outcome.
  GATEWAY_UPSTREAM_MAX_ATTEMPTS: '1',
  GATEWAY_UPSTREAM_RETRY_MODE: 'standard',
};

/** Two aliases of one connection: one upstream call, the second alias a DataLoader cache hit. */
const ALIASES = /* GraphQL */ `
  query ObsAliases($pool: String!, $id: String!) {
    a: cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) {
      nodes {
        datasetName
      }
    }
    b: cognitoDatasets(identityPoolId: $pool, identityId: $id, first: 2) {
      nodes {
        datasetName
      }
    }
  }
`;

/** One ListDatasets call, then one DescribeDataset batch of five keys (schemaArn). */
const PERSONALIZE = /* GraphQL */ `
  query ObsPersonalize {
    personalizeDatasets(first: 5) {
      nodes {
        name
        schemaArn
      }
    }
  }
`;

const BAD_INPUT = /* GraphQL */ `
  query ObsBadInput($pool: String!) {
    cognitoDatasets(identityPoolId: $pool, identityId: "nobody") {
      nodes {
        datasetName
      }
    }
  }
`;

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] };
}

interface ObservedStack {
  readonly base: string;
  readonly emulator: RunningEmulator;
  readonly gateway: Gateway;
  /** Every line the gateway logged (at trace level), parsed, and as written. */
  readonly logs: LogLine[];
  readonly rawLogs: string[];
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

async function startObservedStack(
  options: {
    readonly seed?: Seed;
    readonly env?: (emulator: RunningEmulator) => Record<string, string>;
    readonly gateway?: Omit<GatewayOptions, 'logger'>;
  } = {},
): Promise<ObservedStack> {
  const emulator = await startEmulator(options.seed === undefined ? {} : { seed: options.seed });
  const logs: LogLine[] = [];
  const rawLogs: string[] = [];
  const logger = pino(
    { level: 'trace' },
    {
      write: (line: string) => {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as LogLine);
      },
    },
  );
  try {
    const config = withLocalUpstream(loadConfig({ ...TEST_ENV, ...options.env?.(emulator) }), {
      endpoint: emulator.url,
      credentials: emulator.credentials,
    });
    const gateway = await createGateway(config, { ...options.gateway, logger });
    const { url } = await gateway.listen();
    const base = new URL(url).origin;
    let closed = false;
    return {
      base,
      emulator,
      gateway,
      logs,
      rawLogs,
      graphql: async (query, variables, headers) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...headers,
          },
          body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
        });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as Reply['body'],
        };
      },
      get: (path, headers) => fetch(new URL(path, base), headers === undefined ? {} : { headers }),
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await gateway.close();
        } finally {
          await emulator.close();
        }
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

function parseMetrics(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = SAMPLE.exec(line);
    if (line.startsWith('#') || match === null) return [];
    const [, name = '', labelText = '', value = ''] = match;
    const labels = Object.fromEntries(
      [...labelText.matchAll(LABEL)].map(([, key = '', label = '']) => [key, label]),
    );
    return [{ name, labels, value: Number(value) }];
  });
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}) {
  return samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

async function scrape(stack: ObservedStack): Promise<Sample[]> {
  const response = await stack.get('/metrics');
  expect(response.status).toBe(200);
  return parseMetrics(await response.text());
}

/** How much `action` moved each of the given series. */
async function deltas(
  stack: ObservedStack,
  series: readonly (readonly [string, Record<string, string>])[],
  action: () => Promise<unknown>,
): Promise<number[]> {
  const before = await scrape(stack);
  await action();
  const after = await scrape(stack);
  return series.map(
    ([name, labels]) => valueOf(after, name, labels) - valueOf(before, name, labels),
  );
}

describe('metrics at /metrics', () => {
  let stack: ObservedStack;

  beforeAll(async () => {
    stack = await startObservedStack({ seed: SEED });
  });

  beforeEach(() => {
    stack.emulator.faults.clear();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('serves the Prometheus text format with the process metrics', async () => {
    const response = await stack.get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseMetrics(await response.text());
    expect(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((sample) => sample.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('counts operations by name and type and times them', async () => {
    const named = { operation_name: 'ObsAliases', operation_type: 'query' };
    const anonymous = { operation_name: 'anonymous', operation_type: 'query' };

    const [operations, timed, anonymousOperations] = await deltas(
      stack,
      [
        ['gateway_graphql_operations_total', named],
        ['gateway_graphql_operation_duration_seconds_count', named],
        ['gateway_graphql_operations_total', anonymous],
      ],
      async () => {
        for (let i = 0; i < 2; i += 1) {
          const reply = await stack.graphql(ALIASES, { pool: POOL, id: ALICE });
          expect(reply.body.errors).toBeUndefined();
        }
        await stack.graphql('{ __typename }');
      },
    );

    expect(operations).toBe(2);
    expect(timed).toBe(2);
    expect(anonymousOperations).toBe(1);
  });

  it('counts errors by their code', async () => {
    const [badInput, parseFailed] = await deltas(
      stack,
      [
        ['gateway_graphql_errors_total', { code: 'BAD_USER_INPUT' }],
        ['gateway_graphql_errors_total', { code: 'GRAPHQL_PARSE_FAILED' }],
      ],
      async () => {
        expect(codes(await stack.graphql(BAD_INPUT, { pool: POOL }))).toEqual(['BAD_USER_INPUT']);
        expect(codes(await stack.graphql('query ObsBroken {'))).toEqual(['GRAPHQL_PARSE_FAILED']);
      },
    );

    expect(badInput).toBe(1);
    expect(parseFailed).toBe(1);
  });

  it('counts upstream calls by service, operation and outcome, with their latencies', async () => {
    const list = { service: 'personalize', operation: 'ListDatasets' };
    const describe = { service: 'personalize', operation: 'DescribeDataset', outcome: 'ok' };
    const series = (outcome: string) =>
      [
        ['gateway_upstream_calls_total', { ...list, outcome }],
        ['gateway_upstream_call_duration_seconds_count', { ...list, outcome }],
      ] as const;

    const counts = await deltas(
      stack,
      [
        ...series('ok'),
        ...series('RATE_LIMITED'),
        ...series('UPSTREAM_UNAVAILABLE'),
        ['gateway_upstream_calls_total', describe],
      ],
      async () => {
        expect((await stack.graphql(PERSONALIZE)).body.errors).toBeUndefined();
        stack.emulator.faults.set([{ ...list, service: 'personalize', throttleRate: 1 }]);
        expect(codes(await stack.graphql(PERSONALIZE))).toEqual(['RATE_LIMITED']);
        stack.emulator.faults.set([{ ...list, service: 'personalize', errorRate: 1 }]);
        expect(codes(await stack.graphql(PERSONALIZE))).toEqual(['UPSTREAM_UNAVAILABLE']);
      },
    );

    // ok, throttled, 5xx: each counted and timed once; the five Describe calls of the first.
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 5]);
  });

  it('records DataLoader batch sizes and cache hits', async () => {
    const describeLoader = { loader: 'personalize:DescribeDataset' };
    const listLoader = { loader: 'cognito-sync:ListDatasets' };

    const [batches, keys, upToTwo, upToFive, hits] = await deltas(
      stack,
      [
        ['gateway_dataloader_batch_size_count', describeLoader],
        ['gateway_dataloader_batch_size_sum', describeLoader],
        ['gateway_dataloader_batch_size_bucket', { ...describeLoader, le: '2' }],
        ['gateway_dataloader_batch_size_bucket', { ...describeLoader, le: '5' }],
        ['gateway_dataloader_cache_hits_total', listLoader],
      ],
      async () => {
        expect((await stack.graphql(PERSONALIZE)).body.errors).toBeUndefined();
        expect((await stack.graphql(ALIASES, { pool: POOL, id: ALICE })).body.errors).toBe(
          undefined,
        );
      },
    );

    expect([batches, keys, upToTwo, upToFive]).toEqual([1, 5, 0, 1]);
    expect(hits).toBe(1);
  });

  it('shows the requests in flight, the scrape itself included', async () => {
    await Promise.all([stack.graphql(PERSONALIZE), stack.graphql('{ __typename }')]);

    const samples = await scrape(stack);

    expect(valueOf(samples, 'gateway_http_requests_in_flight')).toBe(1);
  });
});

describe('request ids', () => {
  let stack: ObservedStack;

  beforeAll(async () => {
    stack = await startObservedStack({ seed: SEED });
  });

  beforeEach(() => {
    stack.emulator.requests.clear();
  });

  afterAll(async () => {
    await stack.close();
  });

  function upstreamIds(): (string | undefined)[] {
    return stack.emulator.requests.entries().map((entry) => entry.clientRequestId);
  }

  it("echoes the client's id and sends it on every upstream call", async () => {
    const reply = await stack.graphql(PERSONALIZE, undefined, { 'x-request-id': 'obs-given-1' });

    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBe('obs-given-1');
    // ListDatasets and five DescribeDataset calls, all with the caller's id.
    expect(upstreamIds()).toEqual(Array<string>(6).fill('obs-given-1'));
  });

  it('generates an id when the client sends none, and sends that one upstream', async () => {
    const reply = await stack.graphql(ALIASES, { pool: POOL, id: ALICE });

    const id = reply.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(upstreamIds()).toEqual([id]);
  });

  it('replaces a malformed id with a generated one', async () => {
    for (const malformed of ['two words', 'x'.repeat(129), 'semi;colon', 'ünï']) {
      stack.emulator.requests.clear();

      const reply = await stack.graphql(
        ALIASES,
        { pool: POOL, id: ALICE },
        {
          'x-request-id': malformed,
        },
      );

      const id = reply.headers.get('x-request-id');
      expect(id).toMatch(UUID);
      expect(upstreamIds()).toEqual([id]);
    }
  });

  it('puts an id on responses of the other endpoints too', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const given = await stack.get(path, { 'x-request-id': `obs-${path.slice(1)}` });
      const generated = await stack.get(path);

      expect(given.headers.get('x-request-id')).toBe(`obs-${path.slice(1)}`);
      expect(generated.headers.get('x-request-id')).toMatch(UUID);
    }
  });
});

describe('logs', () => {
  let stack: ObservedStack;

  beforeAll(async () => {
    stack = await startObservedStack({ seed: SEED });
  });

  afterAll(async () => {
    await stack.close();
  });

  function accessLines(requestId: string): LogLine[] {
    return stack.logs.filter(
      (line) => line.msg === 'graphql request' && line.requestId === requestId,
    );
  }

  it('writes one access line per GraphQL request, with its id, operation, status and duration', async () => {
    await stack.graphql(ALIASES, { pool: POOL, id: ALICE }, { 'x-request-id': 'obs-log-ok' });

    const lines = accessLines('obs-log-ok');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'ObsAliases',
      operationType: 'query',
      errorCodes: [],
    });
    expect(lines[0]?.['durationMs']).toEqual(expect.any(Number));
  });

  it('lists the error codes of the response in the access line', async () => {
    await stack.graphql(BAD_INPUT, { pool: POOL }, { 'x-request-id': 'obs-log-bad' });

    expect(accessLines('obs-log-bad')[0]).toMatchObject({
      operationName: 'ObsBadInput',
      errorCodes: ['BAD_USER_INPUT'],
    });
  });

  it('gives the lines of gateway-side errors the id of their request', async () => {
    stack.emulator.faults.set([
      { service: 'personalize', operation: 'ListDatasets', errorRate: 1 },
    ]);
    try {
      const reply = await stack.graphql(PERSONALIZE, undefined, { 'x-request-id': 'obs-log-5xx' });
      expect(codes(reply)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      stack.emulator.faults.clear();
    }

    const errorLines = stack.logs.filter((line) => line['code'] === 'UPSTREAM_UNAVAILABLE');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({ level: 40, requestId: 'obs-log-5xx' });
    expect(accessLines('obs-log-5xx')[0]).toMatchObject({
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
    });
  });

  it('gives the line of a refusal before execution the id of its request', async () => {
    // Refused while the request is parsed, before any context exists.
    const reply = await fetch(new URL('/graphql', stack.base), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-request-id': 'obs-log-415' },
      body: '{ __typename }',
    });
    expect(reply.status).toBe(415);

    const refusals = stack.logs.filter((line) => line['code'] === 'UNSUPPORTED_MEDIA_TYPE');
    expect(refusals.map((line) => line.requestId)).toEqual(['obs-log-415']);
  });

  it('logs the other endpoints at debug level only', async () => {
    await stack.get('/health', { 'x-request-id': 'obs-log-health' });

    const lines = stack.logs.filter((line) => line.requestId === 'obs-log-health');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.level <= 20)).toBe(true);
  });
});

describe('logs in identity auth mode', () => {
  // The demo seed: alice logs in to an identity of the demo pool; bob's is another one.
  const DEMO_POOL = 'us-east-1:0b6e2c1a-4f3d-4c8e-9a71-2d5e8f0c3b94';
  const BOB_ID = 'us-east-1:1f4e8a2b-6c3d-4b9e-a7f0-5d2c8e1b9a36';
  const CURSOR = 'obs-cursor-value-that-must-not-be-logged';
  const LISTING = /* GraphQL */ `
    query ObsMine($identityId: String, $after: String) {
      cognitoDatasets(identityId: $identityId, first: 2, after: $after) {
        nodes {
          datasetName
        }
      }
    }
  `;
  let stack: ObservedStack;

  beforeAll(async () => {
    stack = await startObservedStack({
      env: (emulator) => ({
        GATEWAY_AUTH_MODE: 'identity',
        GATEWAY_IDENTITY_POOL_ID: DEMO_POOL,
        GATEWAY_IDENTITY_LOGIN_PROVIDER: emulator.identityProvider.loginProvider,
        GATEWAY_IDENTITY_JWKS_URL: emulator.identityProvider.jwksUrl,
      }),
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('never logs a token or a variable value, and every request line carries its id', async () => {
    const { identityProvider } = stack.emulator;
    const valid = await identityProvider.issueToken({ subject: 'alice' });
    const expired = await identityProvider.issueToken({ subject: 'alice', expiresInSeconds: -60 });
    const [header, payload, signature = ''] = valid.split('.');
    const forged = `${header ?? ''}.${payload ?? ''}.${signature.slice(0, -4)}AAAA`;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    const requests = [
      ['obs-auth-ok', {}, valid, 200],
      ['obs-auth-forbidden', { identityId: BOB_ID }, valid, 200],
      ['obs-auth-cursor', { after: CURSOR }, valid, 200],
      ['obs-auth-expired', {}, expired, 401],
      ['obs-auth-forged', {}, forged, 401],
    ] as const;
    for (const [id, variables, token, status] of requests) {
      const reply = await stack.graphql(LISTING, variables, {
        ...bearer(token),
        'x-request-id': id,
      });
      expect(reply.status, `${id}: ${JSON.stringify(reply.body)}`).toBe(status);
    }

    const everything = stack.rawLogs.join('');
    for (const secret of [valid, expired, forged, signature, CURSOR]) {
      expect(everything).not.toContain(secret);
    }
    for (const [id] of requests) {
      expect(
        stack.logs.filter((line) => line.msg === 'graphql request' && line.requestId === id),
        id,
      ).toHaveLength(1);
    }
    // The token exchange and refusals are logged too, inside their request.
    const exchange = stack.logs.find((line) => line.msg?.includes('caller authenticated'));
    expect(exchange?.requestId).toBe('obs-auth-ok');
    // A refusal fails the request's context, away from execution: its error line (written where
    // yoga masks the error) still names the request.
    for (const id of ['obs-auth-expired', 'obs-auth-forged']) {
      const refusals = stack.logs.filter((line) => line['code'] === 'UNAUTHENTICATED');
      expect(
        refusals.filter((line) => line.requestId === id),
        id,
      ).toHaveLength(1);
    }
    expect(
      stack.logs.filter(
        (line) => line['code'] === 'UNAUTHENTICATED' && line.requestId === undefined,
      ),
    ).toEqual([]);
  });
});

describe('readiness at /ready', () => {
  let stack: ObservedStack;

  beforeAll(async () => {
    stack = await startObservedStack({ seed: SEED });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('is 200 while serving and 503 once shutdown has begun, while /health stays 200', async () => {
    expect((await stack.get('/ready')).status).toBe(200);
    expect((await stack.get('/health')).status).toBe(200);
    expect(stack.gateway.ready()).toBe(true);

    // A slow request keeps the gateway draining while readiness is probed.
    stack.emulator.faults.set([
      { service: 'cognito-sync', operation: 'ListDatasets', latencyMs: 1_000 },
    ]);
    const slow = stack.graphql(ALIASES, { pool: POOL, id: ALICE });
    let inFlight = 0;
    for (let scrapes = 0; scrapes < 500 && inFlight < 2; scrapes += 1) {
      inFlight = valueOf(await scrape(stack), 'gateway_http_requests_in_flight');
    }
    expect(inFlight).toBe(2);
    const closing = stack.gateway.close();

    const ready = await stack.gateway.yoga.fetch('http://gateway.test/ready');
    const health = await stack.gateway.yoga.fetch('http://gateway.test/health');

    expect(stack.gateway.ready()).toBe(false);
    expect(ready.status).toBe(503);
    expect(health.status).toBe(200);
    // The request in flight when shutdown began still gets its answer.
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    await closing;
  });
});

/** Keeps the spans past the provider's shutdown (which empties an InMemorySpanExporter). */
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('tracing (GATEWAY_TRACING=true)', () => {
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT_SPAN_ID = '00f067aa0ba902b7';
  const exporter = new KeptSpans();
  let spans: ReadableSpan[];
  let metricsStatus: number;

  beforeAll(async () => {
    const stack = await startObservedStack({
      seed: SEED,
      env: () => ({ GATEWAY_TRACING: 'true', GATEWAY_METRICS: 'false' }),
      gateway: { spanExporter: exporter },
    });
    try {
      metricsStatus = (await stack.get('/metrics')).status;
      const ok = await stack.graphql(
        ALIASES,
        { pool: POOL, id: ALICE },
        {
          traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
          'x-request-id': 'obs-trace-ok',
        },
      );
      expect(ok.body.errors).toBeUndefined();
      stack.emulator.faults.set([
        { service: 'personalize', operation: 'ListDatasets', errorRate: 1 },
      ]);
      const failed = await stack.graphql(PERSONALIZE);
      expect(codes(failed)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      // Closing flushes the spans still buffered by the BatchSpanProcessor.
      await stack.close();
    }
    spans = exporter.getFinishedSpans();
  });

  function spanNamed(name: string): ReadableSpan {
    const span = spans.find((candidate) => candidate.name === name);
    if (span === undefined)
      throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(', ')}`);
    return span;
  }

  it('has a span per operation that continues the caller’s traceparent', () => {
    const operation = spanNamed('query.ObsAliases');

    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(operation.attributes).toMatchObject({
      'graphql.execute.operationName': 'ObsAliases',
      'graphql.execute.operationType': 'query',
      'gateway.request_id': 'obs-trace-ok',
    });
    expect(operation.resource.attributes['service.name']).toBe('dataset-gateway');
  });

  it('has resolver spans under the operation, without argument values', () => {
    const operation = spanNamed('query.ObsAliases');
    const resolvers = spans.filter((span) => span.name === 'Query.cognitoDatasets');

    expect(resolvers).toHaveLength(2);
    for (const resolver of resolvers) {
      expect(resolver.parentSpanId).toBe(operation.spanContext().spanId);
      expect(resolver.attributes['graphql.resolver.args']).toBeUndefined();
    }
    const attributeValues = JSON.stringify(spans.map((span) => span.attributes));
    expect(attributeValues).not.toContain(ALICE);
  });

  it('traces the fields of object types, not every scalar of every item', () => {
    const names = new Set(spans.map((span) => span.name));

    expect(names).toContain('CognitoDatasetConnection.nodes');
    expect(names).not.toContain('CognitoDataset.datasetName');
  });

  it('has a client span per upstream call, with its outcome', () => {
    const operation = spanNamed('query.ObsAliases');
    const list = spanNamed('cognito-sync/ListDatasets');

    expect(list.parentSpanId).toBe(operation.spanContext().spanId);
    expect(list.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'cognito-sync',
      'rpc.method': 'ListDatasets',
      'gateway.upstream.outcome': 'ok',
    });
    const failed = spanNamed('personalize/ListDatasets');
    expect(failed.attributes['gateway.upstream.outcome']).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed.status.code).toBe(2); // SpanStatusCode.ERROR
  });

  it('ends the spans of failed operations and resolvers with an error status', () => {
    expect(spanNamed('query.ObsPersonalize').status.code).toBe(2);
    expect(spanNamed('Query.personalizeDatasets').status.code).toBe(2);
  });

  it('serves no /metrics when metrics are off', () => {
    expect(metricsStatus).toBe(404);
  });
});
