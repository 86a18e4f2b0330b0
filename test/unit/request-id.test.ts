// Request ids without AsyncLocalStorage: an error yoga masks (and logs) away from its request is
// found again with the request's id, through a real yoga instance (in process, no network).
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { gatewayLogger, useRequestLogging } from '../../src/observability/logging.js';
import {
  noteSignalRequest,
  requestIdOfError,
  requestIdOfSignal,
} from '../../src/observability/request-id.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = gatewayLogger(
    pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    ),
  );
  return { logger, lines };
}

describe('request ids of masked errors', () => {
  it("gives a resolver's unexpected error, as yoga masks it, the id of its request", async () => {
    const { logger, lines } = capture();
    const masked: (string | undefined)[] = [];
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { broken: String, fine: String }',
        resolvers: {
          Query: {
            broken: async () => {
              await Promise.resolve();
              throw new Error('a bug');
            },
            fine: () => 'ok',
          },
        },
      }),
      plugins: [useRequestLogging({ logger, graphqlEndpoint: '/graphql' })],
      logging: false,
      maskedErrors: {
        maskError: (error, message) => {
          masked.push(requestIdOfError(error));
          return new Error(message);
        },
      },
    });
    const ask = (id: string) =>
      yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query: '{ broken fine }' }),
      });

    // Two at once: each error keeps its own request's id.
    const replies = await Promise.all([ask('unit-a'), ask('unit-b')]);

    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(masked.sort()).toEqual(['unit-a', 'unit-b']);
    expect(
      lines.filter((line) => line['msg'] === 'graphql request').map((line) => line['requestId']),
    ).toEqual(expect.arrayContaining(['unit-a', 'unit-b']));
  });

  it('has no id for an error never noted', () => {
    expect(requestIdOfError(new Error('elsewhere'))).toBeUndefined();
    expect(requestIdOfError('not an object')).toBeUndefined();
  });
});

describe('request ids of upstream calls', () => {
  it('finds the id from the abort signal the call is sent with', () => {
    const signal = new AbortController().signal;
    noteSignalRequest(signal, 'unit-signal');

    expect(requestIdOfSignal(signal)).toBe('unit-signal');
    expect(requestIdOfSignal(new AbortController().signal)).toBeUndefined();
    expect(requestIdOfSignal(undefined)).toBeUndefined();
  });
});
