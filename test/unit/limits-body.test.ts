// The body size limit (src/limits/body.ts) on requests that did not come through node:http: their
// Content-Length is only a claim, so the bytes are counted whatever it says.
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';

import { useBodyLimit } from '../../src/limits/body.js';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } }),
  plugins: [useBodyLimit(100)],
  maskedErrors: false,
  logging: false,
});

function post(body: string, contentLength?: string): Promise<Response> {
  return Promise.resolve(
    yoga.fetch('http://yoga.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(contentLength === undefined ? {} : { 'content-length': contentLength }),
      },
      body,
    }),
  );
}

describe('useBodyLimit in process', () => {
  it('answers a body within the limit', async () => {
    const response = await post(JSON.stringify({ query: '{ a }' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { a: 1 } });
  });

  it('refuses a body over the limit that claims a Content-Length within it', async () => {
    const body = JSON.stringify({ query: `{ a ${' '.repeat(200)}}` });
    const response = await post(body, '20');
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
