// Persisted and trusted documents: the manifest GraphQL Code Generator writes for the example
// operations (examples/__generated__/persisted-documents.json) loaded by the gateway, documents
// sent by id in both spellings, an unknown id, and a raw document with trusted documents only.
import { fileURLToPath } from 'node:url';

import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PersonalizeDatasetsDocument } from '../../examples/__generated__/graphql.js';
import { ConfigError } from '../../src/config/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

const MANIFEST = fileURLToPath(
  new URL('../../examples/__generated__/persisted-documents.json', import.meta.url),
);
const { hash } = (PersonalizeDatasetsDocument as unknown as { __meta__: { hash: string } })
  .__meta__;
const UNKNOWN = `sha256:${'0'.repeat(64)}`;

interface Answer {
  readonly status: number;
  readonly body: {
    readonly data?: { readonly personalizeDatasets?: { readonly edges: readonly unknown[] } };
    readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[];
  };
}

async function send(stack: Stack, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function get(stack: Stack, search: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${stack.url}?${new URLSearchParams(search).toString()}`, {
    headers: { accept: 'application/graphql-response+json' },
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

let open: Stack;
let trusted: Stack;

beforeAll(async () => {
  [open, trusted] = await Promise.all([
    startStack({ env: { GATEWAY_PERSISTED_DOCUMENTS: MANIFEST } }),
    startStack({
      env: { GATEWAY_PERSISTED_DOCUMENTS: MANIFEST, GATEWAY_TRUSTED_DOCUMENTS: 'true' },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([open.close(), trusted.close()]);
});

const variables = { first: 2 };

describe('persisted documents', () => {
  it('runs a document sent by id, as documentId, as Apollo persisted-query extension and in a GET', async () => {
    const answers = [
      await send(trusted, { documentId: hash, variables }),
      await send(trusted, { documentId: hash.replace(/^sha256:/, ''), variables }),
      await send(trusted, {
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } },
      }),
      await get(trusted, { documentId: hash, variables: JSON.stringify(variables) }),
    ];
    for (const [index, answer] of answers.entries()) {
      expect(answer.body.errors, String(index)).toBeUndefined();
      expect(answer.status, String(index)).toBe(200);
      expect(answer.body.data?.personalizeDatasets?.edges).toHaveLength(2);
    }
  });

  it('answers the same data by id as for the document itself', async () => {
    const byId = await send(open, { documentId: hash, variables });
    const byDocument = await send(open, { query: print(PersonalizeDatasetsDocument), variables });
    expect(byId.body).toEqual(byDocument.body);
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND, before any upstream call', async () => {
    trusted.emulator.requests.clear();
    for (const stack of [open, trusted]) {
      const answer = await send(stack, { documentId: UNKNOWN, variables });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual([
        'PERSISTED_QUERY_NOT_FOUND',
      ]);
    }
    expect(trusted.emulator.requests.count()).toBe(0);
  });

  it('runs raw documents unless trusted documents only is on, which refuses them with PERSISTED_QUERY_ID_REQUIRED', async () => {
    const raw = { query: print(PersonalizeDatasetsDocument), variables };
    expect((await send(open, raw)).body.errors).toBeUndefined();

    const refused = await send(trusted, raw);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'PERSISTED_QUERY_ID_REQUIRED',
    ]);
  });
});

describe('configuration', () => {
  it('refuses trusted documents without a manifest, and a manifest that is not one', async () => {
    await expect(startStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: 'true' } })).rejects.toThrow(
      /GATEWAY_PERSISTED_DOCUMENTS: required when GATEWAY_TRUSTED_DOCUMENTS is true/,
    );
    const notAManifest = fileURLToPath(new URL('../../package.json', import.meta.url));
    await expect(
      startStack({ env: { GATEWAY_PERSISTED_DOCUMENTS: notAManifest } }),
    ).rejects.toThrow(ConfigError);
  });
});
