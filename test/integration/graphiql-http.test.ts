// GraphiQL's page and files over HTTP: what a browser is told about caching, types, compression
// and the Content-Security-Policy, and that GATEWAY_GRAPHIQL=false serves neither. That GraphiQL
// works with them is for test/integration/graphiql-browser.test.ts, in a real browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cleanEnvironment, freePort, startShell } from '../helpers/readme.js';
import { startStack, type Stack } from '../helpers/stack.js';

const HTML = { accept: 'text/html' };

interface PageTab {
  readonly query: string;
  readonly variables: string;
  readonly headers: string;
}

/** The settings block of the page at `url`. */
async function pageConfig(url: string): Promise<{
  workers: Record<string, string>;
  options: { defaultTabs: PageTab[]; headers: string };
}> {
  const html = await (await fetch(url, { headers: HTML })).text();
  const block = /<script type="application\/json" id="graphiql-config">(.*?)<\/script>/s.exec(html);
  if (block?.[1] === undefined) throw new Error('the page has no settings block');
  return JSON.parse(block[1]) as Awaited<ReturnType<typeof pageConfig>>;
}

/** Runs a tab as GraphiQL would: its query, variables and headers. */
async function runTab(url: string, tab: PageTab): Promise<GraphQLBody> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(JSON.parse(tab.headers) as Record<string, string>),
    },
    body: JSON.stringify({ query: tab.query, variables: JSON.parse(tab.variables) as unknown }),
  });
  return (await response.json()) as GraphQLBody;
}

interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
}

/** The URLs of the files the page links to (scripts, stylesheet, favicon, workers). */
async function linkedFiles(stack: Stack): Promise<URL[]> {
  const html = await (await fetch(stack.url, { headers: HTML })).text();
  const paths = [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map(
    ([, path]) => path ?? '',
  );
  const config = /<script type="application\/json" id="graphiql-config">(.*?)<\/script>/s.exec(
    html,
  );
  const { workers } = JSON.parse(config?.[1] ?? '{}') as { workers: Record<string, string> };
  return [...paths, ...Object.values(workers)].map((path) => new URL(path, stack.url));
}

describe('GraphiQL over HTTP', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('serves the page under a Content-Security-Policy that allows this origin only, never cached', async () => {
    const response = await fetch(stack.url, { headers: HTML });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self'");
    // No other host anywhere in the policy, and none in the page.
    expect(csp).not.toMatch(/https?:|\*/);
    expect(await response.text()).not.toMatch(/(src|href)="https?:/);
  });

  it('serves every linked file from a versioned path, cached for a year, with its type', async () => {
    const files = await linkedFiles(stack);
    expect(files.map((url) => url.pathname.split('/').pop()).sort()).toEqual([
      'boot.js',
      'editor.worker.js',
      'favicon.ico',
      'graphiql.css',
      'graphiql.js',
      'graphql.worker.js',
      'json.worker.js',
    ]);
    for (const url of files) {
      const response = await fetch(url);
      expect(response.status, url.pathname).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const type = response.headers.get('content-type');
      if (url.pathname.endsWith('.js')) expect(type).toBe('text/javascript; charset=utf-8');
      if (url.pathname.endsWith('.css')) expect(type).toBe('text/css; charset=utf-8');
      if (url.pathname.endsWith('.ico')) expect(type).toBe('image/x-icon');
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('sends the bundle gzipped to a client that accepts it, and plain to one that does not', async () => {
    const bundle = (await linkedFiles(stack)).find((url) => url.pathname.endsWith('/graphiql.js'));
    if (bundle === undefined) throw new Error('the page links no graphiql.js');
    const gzipped = await fetch(bundle, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toBe('accept-encoding');
    const transferred = Number(gzipped.headers.get('content-length'));
    const plain = await fetch(bundle, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const refused = await fetch(bundle, { headers: { 'accept-encoding': 'br, gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    await refused.arrayBuffer();
    const body = Buffer.from(await plain.arrayBuffer());
    expect(transferred).toBeLessThan(body.byteLength / 2);
    // fetch decodes the gzipped body: the same bytes.
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(body)).toBe(true);
  });

  it('answers 404 for a file it does not have, or of another version', async () => {
    const [file] = await linkedFiles(stack);
    if (file === undefined) throw new Error('the page links no file');
    const otherVersion = file.pathname.replace(/\/assets\/[^/]+\//, '/assets/0000000000000000/');
    for (const path of [otherVersion, `${file.pathname}.map`, '/graphiql/assets/']) {
      expect((await fetch(new URL(path, stack.url))).status, path).toBe(404);
    }
  });
});

describe('GATEWAY_GRAPHIQL=false', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_GRAPHIQL: 'false' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('serves no page and no files', async () => {
    const page = await fetch(stack.url, { headers: HTML });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect((await fetch(new URL('/graphiql/assets/x/graphiql.js', stack.url))).status).toBe(404);
  });
});

describe('GraphiQL outside demo mode', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_INTROSPECTION: 'true' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('opens tabs whose placeholders the gateway refuses with BAD_USER_INPUT', async () => {
    const { options } = await pageConfig(stack.url);
    const both = options.defaultTabs[0];
    if (both === undefined) throw new Error('no tabs');
    expect(JSON.parse(both.variables)).toEqual({
      identityPoolId: '<identityPoolId>',
      identityId: '<identityId>',
    });
    const answer = await runTab(stack.url, both);
    expect(answer.errors?.map((error) => error.extensions?.code)).toContain('BAD_USER_INPUT');
  });
});

describe('GraphiQL in demo mode with gateway authentication (npm start)', () => {
  it('puts a token in every tab, with which every tab runs without errors', async () => {
    const port = await freePort();
    const shell = startShell('exec node --import tsx src/main.ts', {
      ...cleanEnvironment(),
      PORT: String(port),
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      GATEWAY_AUTH_MODE: 'gateway',
    });
    try {
      await shell.waitFor(`127.0.0.1:${port}/graphql`);
      const url = `http://127.0.0.1:${port}/graphql`;
      const { options } = await pageConfig(url);
      expect(options.defaultTabs.length).toBeGreaterThan(5);
      for (const tab of options.defaultTabs) {
        expect(JSON.parse(tab.headers)).toEqual({
          Authorization: expect.stringMatching(/^Bearer eyJ/) as unknown,
        });
        const answer = await runTab(url, tab);
        expect(answer.errors, tab.query.slice(0, 80)).toBeUndefined();
        for (const value of Object.values(answer.data ?? {})) expect(value).not.toBeNull();
      }
      // A fresh token per page load.
      const again = await pageConfig(url);
      expect(again.options.headers).not.toBe(options.headers);
    } finally {
      await shell.kill();
    }
  });
});
