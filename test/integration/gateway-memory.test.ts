// Issue 11: anonymous requests must not be able to pin unbounded heap through the document
// caches. The gateway runs as operators run it, in its own process with a 256 MB heap, in
// identity mode (demo mode fills the identity settings from the built-in user pool); the
// requests carry no token, since parsing and validation run before authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HEAVY_KINDS, heavyDocument, type HeavyKind } from '../../bench/heavy-documents.js';
import { freePort, startShell, type Shell } from '../helpers/readme.js';

/**
 * Enough distinct documents of each kind to exhaust a 256 MB heap if the caches kept them, by
 * what bench:memory measured each to pin before the fix (1,100 documents: valid +102 MB, parse
 * errors +117 MB, many unknown fields +1,874 MB). Many-fields documents are also the slowest to
 * answer (about 60 ms each: 100 validation errors with suggestions), so 600 of them, which would
 * have pinned about 1 GB, are enough.
 */
const DOCUMENTS: Readonly<Record<HeavyKind, number>> = {
  valid: 2_000,
  'parse-error': 2_000,
  'many-fields': 600,
  'token-limit': 2_000,
};
const CONCURRENCY = 8;

let gateway: Shell;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/graphql`;
  gateway = startShell(
    `PORT=${port} GATEWAY_AUTH_MODE=identity LOG_FORMAT=json exec node --max-old-space-size=256 --import tsx src/main.ts`,
  );
  await gateway.waitFor(`127.0.0.1:${port}/graphql`);
});

afterAll(async () => {
  await gateway.kill();
});

async function post(query: string): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code };
}

/** Sends every document of a kind, CONCURRENCY at a time; the codes the answers carried. */
async function flood(kind: HeavyKind, offset: number): Promise<Set<string>> {
  const codes = new Set<string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < DOCUMENTS[kind]) {
      const answer = await post(heavyDocument(kind, offset + next++));
      codes.add(answer.code ?? 'ok');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return codes;
}

describe('a gateway with a 256 MB heap, flooded with distinct 99 KB documents', () => {
  it('answers each kind as it should and still serves a normal query afterwards', async () => {
    const expected: Record<HeavyKind, string> = {
      valid: 'ok',
      'parse-error': 'GRAPHQL_PARSE_FAILED',
      'many-fields': 'GRAPHQL_VALIDATION_FAILED',
      'token-limit': 'TOKEN_LIMIT_EXCEEDED',
    };
    for (const [index, kind] of HEAVY_KINDS.entries()) {
      // Before the fix the process ran out of memory here (many-fields) and the requests failed.
      const codes = await flood(kind, index * 10_000);
      expect([...codes], `${kind}\n${gateway.output().slice(-2_000)}`).toEqual([expected[kind]]);
    }

    // Anonymous in identity mode: the field is refused, but the gateway answers it.
    const normal = await post('{ personalizeDatasets(first: 1) { nodes { name } } }');
    expect(normal.status).toBe(200);
    expect(normal.code).toBe('UNAUTHENTICATED');
    expect(gateway.child.exitCode).toBeNull();
    expect(gateway.output()).not.toMatch(/heap out of memory/i);
  }, 180_000);
});
