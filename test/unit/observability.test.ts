// The pure parts of observability: operation facts, error codes, bounded labels, the metrics
// registry behind the upstream monitor, monitor fan-out and log redaction. The metrics plugin's
// label cap runs through a real yoga instance (in process, no network).
import { parse, type ExecutionResult } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import { combineMonitors } from '../../src/observability/index.js';
import { gatewayLogger, REDACTED } from '../../src/observability/logging.js';
import { createMetrics } from '../../src/observability/metrics.js';
import {
  boundedLabel,
  errorCodesOf,
  operationFacts,
  OTHER_LABEL,
} from '../../src/observability/operations.js';

describe('operationFacts', () => {
  it('names the operation the request runs, and its type', () => {
    const document = parse('query A { a } mutation B { b }');

    expect(operationFacts(document, 'B')).toEqual({ name: 'B', type: 'mutation' });
    expect(operationFacts(parse('subscription S { s }'), undefined)).toEqual({
      name: 'S',
      type: 'subscription',
    });
  });

  it('calls an unnamed operation anonymous', () => {
    expect(operationFacts(parse('{ a }'), null)).toEqual({ name: 'anonymous', type: 'query' });
  });

  it('falls back to the requested name, with an unknown type, when there is no operation', () => {
    expect(operationFacts(new Error('Syntax Error'), 'Broken')).toEqual({
      name: 'Broken',
      type: 'unknown',
    });
    expect(operationFacts(parse('query A { a } query B { b }'), undefined)).toEqual({
      name: 'anonymous',
      type: 'unknown',
    });
    expect(operationFacts(parse('query A { a }'), 'Missing')).toEqual({
      name: 'Missing',
      type: 'unknown',
    });
  });

  it('does not pass on a requested name that is not a GraphQL name', () => {
    expect(operationFacts(undefined, 'two words\n{"x"}')).toEqual({
      name: 'invalid',
      type: 'unknown',
    });
  });
});

describe('errorCodesOf', () => {
  const result = (...codes: (string | undefined)[]): ExecutionResult =>
    ({
      errors: codes.map((code) => ({
        message: 'm',
        extensions: code === undefined ? {} : { code },
      })),
    }) as unknown as ExecutionResult;

  it('lists the code of every error of one result or of a batch', () => {
    expect(errorCodesOf(result('BAD_USER_INPUT', 'NOT_FOUND'))).toEqual([
      'BAD_USER_INPUT',
      'NOT_FOUND',
    ]);
    expect(errorCodesOf([result('A'), { data: {} }, result('B')])).toEqual(['A', 'B']);
  });

  it('calls an error without a code NONE', () => {
    expect(errorCodesOf(result(undefined))).toEqual(['NONE']);
  });

  it('reads nothing from a stream', () => {
    const stream: AsyncIterable<unknown> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: 1 }) }),
    };
    expect(errorCodesOf(stream)).toEqual([]);
  });
});

describe('boundedLabel', () => {
  it('passes the first distinct values and turns later new ones into "other"', () => {
    const label = boundedLabel(2);

    expect(['a', 'b', 'a', 'c', 'b', 'd'].map(label)).toEqual([
      'a',
      'b',
      'a',
      OTHER_LABEL,
      'b',
      OTHER_LABEL,
    ]);
  });

  it('turns values longer than the maximum length into "other" without using up the cap', () => {
    const label = boundedLabel(1, 5);

    expect([label('sixsix'), label('five5')]).toEqual([OTHER_LABEL, 'five5']);
  });
});

describe('createMetrics', () => {
  const LIST = { service: 'cognito-sync', operation: 'ListDatasets' } as const;

  it('turns upstream calls, batches and cache hits into series of its own registry', async () => {
    const metrics = createMetrics();

    metrics.upstreamMonitor.call(LIST, 'ok', 0.02);
    metrics.upstreamMonitor.call(LIST, 'RATE_LIMITED', 0.5);
    metrics.upstreamMonitor.batch('cognito-sync:ListDatasets', 3);
    metrics.upstreamMonitor.cacheHit('cognito-sync:ListDatasets');
    metrics.upstreamMonitor.cacheHit('cognito-sync:ListDatasets');

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'gateway_upstream_calls_total{service="cognito-sync",operation="ListDatasets",outcome="ok"} 1',
    );
    expect(text).toContain(
      'gateway_upstream_call_duration_seconds_bucket{le="0.5",service="cognito-sync",operation="ListDatasets",outcome="RATE_LIMITED"} 1',
    );
    expect(text).toContain(
      'gateway_upstream_call_duration_seconds_bucket{le="0.25",service="cognito-sync",operation="ListDatasets",outcome="RATE_LIMITED"} 0',
    );
    expect(text).toContain(
      'gateway_dataloader_batch_size_sum{loader="cognito-sync:ListDatasets"} 3',
    );
    expect(text).toContain(
      'gateway_dataloader_cache_hits_total{loader="cognito-sync:ListDatasets"} 2',
    );
  });

  it('keeps two gateways apart, and serves the process metrics with each', async () => {
    const first = createMetrics();
    const second = createMetrics();

    first.upstreamMonitor.cacheHit('x');

    expect(await first.registry.metrics()).toContain(
      'gateway_dataloader_cache_hits_total{loader="x"} 1',
    );
    expect(await second.registry.metrics()).not.toContain('loader="x"');
    const served = await second.render();
    expect(served).toContain('process_cpu_user_seconds_total');
    expect(served).toContain('gateway_http_requests_in_flight');
  });

  it('gives at most maxOperationNames operation names their own series', async () => {
    const metrics = createMetrics({ maxOperationNames: 2 });
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { a: Int }', resolvers: {} }),
      plugins: [metrics.plugin],
      logging: false,
    });

    for (const name of ['One', 'Two', 'Three', 'Four', 'One']) {
      const response = await yoga.fetch('http://yoga.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query ${name} { a }` }),
      });
      expect(response.status).toBe(200);
    }

    const text = await metrics.registry.metrics();
    const count = (name: string) =>
      new RegExp(
        `gateway_graphql_operations_total\\{operation_name="${name}",operation_type="query"\\} (\\d+)`,
      ).exec(text)?.[1];
    expect([count('One'), count('Two'), count('Three'), count(OTHER_LABEL)]).toEqual([
      '2',
      '1',
      undefined,
      '2',
    ]);
  });
});

describe('combineMonitors', () => {
  it('tells every monitor everything', () => {
    const seen: string[][] = [[], []];
    const recording = (log: string[]): UpstreamMonitor => ({
      call: (call, outcome) => log.push(`${call.operation}:${outcome}`),
      batch: (loader, size) => log.push(`${loader}:${size}`),
      cacheHit: (loader) => log.push(`hit:${loader}`),
    });
    const monitor = combineMonitors(seen.map(recording));

    monitor.call({ service: 'personalize', operation: 'ListDatasets' }, 'ok', 0.1);
    monitor.batch('l', 4);
    monitor.cacheHit('l');

    expect(seen).toEqual([
      ['ListDatasets:ok', 'l:4', 'hit:l'],
      ['ListDatasets:ok', 'l:4', 'hit:l'],
    ]);
  });
});

describe('gatewayLogger', () => {
  function capture(): {
    logger: ReturnType<typeof gatewayLogger>;
    lines: Record<string, unknown>[];
  } {
    const lines: Record<string, unknown>[] = [];
    const base = pino(
      { level: 'debug' },
      {
        write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    );
    return { logger: gatewayLogger(base), lines };
  }

  it('redacts credentials and variables wherever a careless log line puts them', () => {
    const { logger, lines } = capture();

    logger.info(
      {
        headers: {
          authorization: 'Bearer eyJ.a.b',
          cookie: 'session=1',
          'x-amz-security-token': 't',
        },
        req: { headers: { 'proxy-authorization': 'Basic x' } },
        token: 'eyJ.c.d',
        input: { Logins: { 'cognito-idp': 'eyJ.e.f' }, IdentityId: 'kept' },
        err: { sessionToken: 's', SecretKey: 'k' },
        variables: { after: 'cursor' },
      },
      'careless',
    );

    expect(lines[0]).toMatchObject({
      headers: { authorization: REDACTED, cookie: REDACTED, 'x-amz-security-token': REDACTED },
      req: { headers: { 'proxy-authorization': REDACTED } },
      token: REDACTED,
      input: { Logins: REDACTED, IdentityId: 'kept' },
      err: { sessionToken: REDACTED, SecretKey: REDACTED },
      variables: REDACTED,
    });
  });

  it('adds no request id outside a request', () => {
    const { logger, lines } = capture();

    logger.warn('starting');

    expect(lines[0]).not.toHaveProperty('requestId');
  });
});
