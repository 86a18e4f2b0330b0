// CORS as a browser meets it: a preflight, then the request itself, from an allowed and from an
// arbitrary origin. No grant ever carries credentials; an origin that is not allowed gets no CORS
// header at all, so the browser withholds the answer from the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example.net';
const QUERY = JSON.stringify({ query: '{ personalizeDatasets(first: 1) { nodes { name } } }' });

let allowList: Stack;
let everyone: Stack;
let none: Stack;

beforeAll(async () => {
  [allowList, everyone, none] = await Promise.all([
    startStack({ env: { GATEWAY_CORS_ORIGINS: `${APP},https://*.staging.example.com` } }),
    startStack({ env: { GATEWAY_CORS_ORIGINS: '*' } }),
    startStack(),
  ]);
});

afterAll(async () => {
  await Promise.all([allowList.close(), everyone.close(), none.close()]);
});

function preflight(stack: Stack, origin: string): Promise<Response> {
  return fetch(stack.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

function post(stack: Stack, origin: string): Promise<Response> {
  return fetch(stack.url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', accept: 'application/json' },
    body: QUERY,
  });
}

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

describe('an allow-list', () => {
  it('grants an allowed origin, echoed with Vary: Origin and without credentials', async () => {
    for (const origin of [APP, 'https://web.staging.example.com']) {
      const answer = await preflight(allowList, origin);
      expect(answer.status).toBe(204);
      expect(corsHeaders(answer)).toMatchObject({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      expect(answer.headers.get('vary')).toContain('Origin');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();

      const actual = await post(allowList, origin);
      expect(actual.status).toBe(200);
      expect(actual.headers.get('access-control-allow-origin')).toBe(origin);
      expect(actual.headers.get('access-control-expose-headers')).toBe('x-request-id');
      expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives any other origin no CORS header at all', async () => {
    for (const origin of [EVIL, 'https://example.com', 'http://app.example.com', 'null']) {
      expect(corsHeaders(await preflight(allowList, origin))).toEqual({});
      const actual = await post(allowList, origin);
      expect(corsHeaders(actual)).toEqual({});
    }
  });
});

describe('GATEWAY_CORS_ORIGINS=*', () => {
  it('grants every origin, never with credentials', async () => {
    const answer = await preflight(everyone, EVIL);
    expect(answer.headers.get('access-control-allow-origin')).toBe(EVIL);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const actual = await post(everyone, EVIL);
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('outside demo mode by default', () => {
  it('grants no origin: pages of the same origin only', async () => {
    expect(corsHeaders(await preflight(none, EVIL))).toEqual({});
    expect(corsHeaders(await post(none, 'http://localhost:5173'))).toEqual({});
  });
});
