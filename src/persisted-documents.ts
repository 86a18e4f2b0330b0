// Persisted (and trusted) documents: a frontend build ships its operations as a manifest of
// `sha256:<hash>` → document text (GraphQL Code Generator's client preset writes one, see
// codegen.yml), the gateway loads it (GATEWAY_PERSISTED_DOCUMENTS), and clients send only the id.
// With GATEWAY_TRUSTED_DOCUMENTS the gateway runs nothing else: a leaked token then cannot run
// arbitrary operations. Request ids are read as the GraphQL over HTTP persisted-documents
// proposal sends them (`documentId`) and as Apollo's persisted-query link does
// (`extensions.persistedQuery.sha256Hash`).
import { readFileSync } from 'node:fs';

import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

import { GatewayError } from '../resolvers/errors.js';
import { LIMITS_SETTINGS } from './config/index.js';

/** The request parameter that carries a document id (besides Apollo's extension). */
export const DOCUMENT_ID_PARAM = 'documentId';
const HASH_PREFIX = 'sha256:';
const SHA256_HEX = /^[0-9a-f]{64}$/;

export class PersistedDocumentsError extends Error {
  override readonly name = 'PersistedDocumentsError';
}

/** Document text by id (`sha256:<hex>`). */
export type PersistedDocuments = ReadonlyMap<string, string>;

/**
 * Reads and checks a manifest: a JSON object of `sha256:<64 hex digits>` (or the bare digits) →
 * a document that parses. Fails on the first problem, naming it.
 */
export function loadPersistedDocuments(path: string): PersistedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PersistedDocumentsError(
      `cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new PersistedDocumentsError(`${path} must hold a JSON object of id → document`);
  }
  const documents = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const id = canonicalId(key);
    if (id === undefined) {
      throw new PersistedDocumentsError(`${path}: "${key}" is not a sha256:<hex> document id`);
    }
    if (typeof document !== 'string') {
      throw new PersistedDocumentsError(`${path}: the document of ${key} is not a string`);
    }
    try {
      parse(document);
    } catch (error) {
      throw new PersistedDocumentsError(
        `${path}: the document of ${key} does not parse (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    documents.set(id, document);
  }
  return documents;
}

/** `sha256:<hex>` for either spelling of a sha256 id, else undefined. */
function canonicalId(id: string): string | undefined {
  const hex = id.startsWith(HASH_PREFIX) ? id.slice(HASH_PREFIX.length) : id;
  return SHA256_HEX.test(hex) ? `${HASH_PREFIX}${hex}` : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The document id a request names, in either spelling; null when it names none. yoga's GET
 * parser keeps only the four standard parameters, so a GET's `documentId` is read from the URL.
 */
export function requestedDocumentId(params: GraphQLParams, request: Request): string | null {
  const direct =
    (params as GraphQLParams & { readonly [DOCUMENT_ID_PARAM]?: unknown })[DOCUMENT_ID_PARAM] ??
    (request.method === 'GET' ? new URL(request.url).searchParams.get(DOCUMENT_ID_PARAM) : null);
  if (typeof direct === 'string') return direct;
  const persisted = isRecord(params.extensions) ? params.extensions['persistedQuery'] : undefined;
  if (isRecord(persisted) && persisted['version'] === 1) {
    const hash = persisted['sha256Hash'];
    if (typeof hash === 'string') return hash;
  }
  return null;
}

export interface PersistedDocumentsOptions {
  readonly documents: PersistedDocuments;
  /** Refuse every request that sends a document instead of an id. */
  readonly trustedOnly: boolean;
}

export function usePersistedDocuments(options: PersistedDocumentsOptions): Plugin {
  const { documents, trustedOnly } = options;
  return usePersistedOperations({
    allowArbitraryOperations: !trustedOnly,
    extractPersistedOperationId: requestedDocumentId,
    getPersistedOperation: (id) => {
      const canonical = canonicalId(id);
      return canonical === undefined ? null : (documents.get(canonical) ?? null);
    },
    customErrors: {
      notFound: () =>
        new GatewayError(
          'PERSISTED_QUERY_NOT_FOUND',
          `This gateway knows no persisted document with that id: deploy the manifest of the client build that sent it (${LIMITS_SETTINGS.persistedDocuments.env}).`,
          { http: { status: 400, spec: true } },
        ),
      keyNotFound: () =>
        new GatewayError(
          'BAD_REQUEST',
          `Send a GraphQL document in \`query\`, or the id of a persisted document in \`${DOCUMENT_ID_PARAM}\`.`,
          { http: { status: 400 } },
        ),
      persistedQueryOnly: () =>
        new GatewayError(
          'PERSISTED_QUERY_ID_REQUIRED',
          `This gateway runs trusted documents only: send the id of a persisted document in \`${DOCUMENT_ID_PARAM}\` instead of the document.`,
          { http: { status: 400, spec: true } },
        ),
    },
  });
}
