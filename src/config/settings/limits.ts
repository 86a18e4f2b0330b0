// How much one request may ask for: page sizes, node ids, and the operation limits checked before
// anything runs (depth, aliases, tokens, cost, upstream calls, body size, batching, documents).
import { z } from 'zod';

import { byMode, fixed, flag, nonNegativeInt, positiveInt, setting, unset } from '../table.js';

export const PAGINATION = {
  defaultPageSize: setting({
    env: 'GATEWAY_DEFAULT_PAGE_SIZE',
    schema: positiveInt(10_000),
    default: fixed(20),
    description: 'Edges returned when a client passes neither first nor last.',
  }),
  maxPageSize: setting({
    env: 'GATEWAY_MAX_PAGE_SIZE',
    schema: positiveInt(10_000),
    default: fixed(100),
    description: 'Largest first/last a client may ask for.',
  }),
  maxWalkPages: setting({
    env: 'GATEWAY_MAX_WALK_PAGES',
    schema: positiveInt(10_000),
    default: fixed(50),
    description:
      'Most upstream pages one backward walk, cursor recovery or totalCount may read (totalCount is null beyond it).',
  }),
};

/** Top-level fields of the config: what the schema serves. */
export const SCHEMA_SHAPE = {
  /** The most global ids one `nodes(ids:)` call may ask for. */
  maxNodeIds: setting({
    env: 'GATEWAY_MAX_NODE_IDS',
    schema: positiveInt(10_000),
    default: fixed(100),
    description:
      'Most global ids one nodes(ids:) query may ask for; each distinct id costs at most one upstream call (a Describe; the Cognito datasets of one identity share one ListDatasets).',
  }),
  /** Serve the Apollo Federation subgraph schema (`_service`, `_entities`) instead of the plain one. */
  subgraph: setting({
    env: 'GATEWAY_SUBGRAPH',
    schema: flag,
    default: fixed(false),
    description:
      'true: serve the schema as an Apollo Federation v2 subgraph (adds _service and _entities; entities CognitoDataset, PersonalizeDataset, PersonalizeDatasetGroup) for a router or gateway to compose.',
  }),
  /** Keep Query.node / Query.nodes in the subgraph schema (only read when `subgraph` is true). */
  subgraphNodeFields: setting({
    env: 'GATEWAY_SUBGRAPH_NODE_FIELDS',
    schema: flag,
    default: fixed(true),
    description:
      'With GATEWAY_SUBGRAPH=true, false leaves Query.node and Query.nodes out of the subgraph schema, so that it composes beside another subgraph owning them (docs/federation.md); entities are still reached by their keys.',
  }),
};

export const LIMITS = {
  maxDepth: setting({
    env: 'GATEWAY_MAX_DEPTH',
    schema: positiveInt(1_000),
    default: fixed(12),
    description: 'Deepest field nesting an operation may have.',
  }),
  maxAliases: setting({
    env: 'GATEWAY_MAX_ALIASES',
    schema: positiveInt(10_000),
    default: fixed(30),
    description: 'Most aliases in one operation.',
  }),
  maxTokens: setting({
    env: 'GATEWAY_MAX_TOKENS',
    schema: positiveInt(1_000_000),
    default: fixed(2_000),
    description: 'Most lexical tokens in one GraphQL document.',
  }),
  maxDirectives: setting({
    env: 'GATEWAY_MAX_DIRECTIVES',
    schema: positiveInt(10_000),
    default: fixed(50),
    description: 'Most directives in one operation.',
  }),
  /** Most estimated cost of one operation; `first`/`last` multiply what is under a connection. */
  maxCost: setting({
    env: 'GATEWAY_MAX_COST',
    schema: positiveInt(100_000_000),
    default: fixed(10_000),
    description:
      'Highest estimated cost of one operation: each field costs 1, each upstream call (a connection page, a node lookup, totalCount) 10, and first/last multiply what is under a connection.',
  }),
  maxUpstreamCalls: setting({
    env: 'GATEWAY_MAX_UPSTREAM_CALLS',
    schema: positiveInt(1_000_000),
    // Room for the largest documented shape: 100 dataset groups with their datasets and counts.
    default: fixed(250),
    description:
      'Most upstream calls one request may make. A request whose plan needs more (pages its first/last fix, one call per distinct id in node, nodes and _entities, one per identity for Cognito datasets) is refused before any call; calls beyond it that only the answers reveal (long walks, per-object Describes) fail their fields.',
  }),
  maxBodyBytes: setting({
    env: 'GATEWAY_MAX_BODY_BYTES',
    schema: positiveInt(100_000_000),
    default: fixed(100_000),
    description: 'Largest HTTP request body, in bytes (413 beyond it).',
  }),
  /** Heap the parse and validation cache may hold (src/document-cache.ts). */
  documentCacheBytes: setting({
    env: 'GATEWAY_DOCUMENT_CACHE_BYTES',
    schema: nonNegativeInt(8 * 1024 * 1024 * 1024),
    default: fixed(32 * 1024 * 1024),
    description:
      'Heap the cache of parsed and validated documents may take, in bytes (an estimate: twice the text plus 512 per token); least recently used documents go first, none larger than an eighth of it is kept, and refusals by the limits are not cached. 0 turns the cache off.',
  }),
  /** Most operations in one batched HTTP request (1 = batching off). */
  maxBatch: setting({
    env: 'GATEWAY_MAX_BATCH',
    schema: positiveInt(1_000),
    default: fixed(10),
    description:
      'Most operations in one batched request (a JSON array body); 1 turns batching off.',
  }),
  introspection: setting({
    env: 'GATEWAY_INTROSPECTION',
    schema: flag,
    // Production defaults: no schema discovery for strangers.
    default: byMode(true, false),
    description: 'Answer introspection queries (__schema, __type).',
  }),
  fieldSuggestions: setting({
    env: 'GATEWAY_FIELD_SUGGESTIONS',
    schema: flag,
    default: byMode(true, false),
    description: 'Suggest field names ("Did you mean ...?") in validation errors.',
  }),
  csrfPrevention: setting({
    env: 'GATEWAY_CSRF_PREVENTION',
    schema: flag,
    // Off: every credential is an explicit bearer token, never a cookie (docs/security.md).
    default: fixed(false),
    description:
      'Refuse requests a browser could send cross-site without a preflight: GET, form, text/plain and multipart requests then need the header X-GraphQL-Yoga-CSRF (any value; Apollo-Require-Preflight also works). Off by default: callers authenticate with bearer tokens only, which a cross-site request cannot carry; turn it on if a proxy in front of the gateway authenticates browsers with cookies.',
  }),
  /** A manifest of persisted documents (id → document) the gateway accepts by id. */
  persistedDocuments: setting({
    env: 'GATEWAY_PERSISTED_DOCUMENTS',
    schema: z.string(),
    default: unset('(none)'),
    description:
      'A JSON manifest of persisted documents ({"sha256:<hash>": "<document>"}, as GraphQL Code Generator\'s client preset writes it): clients may then send `documentId` (or Apollo\'s extensions.persistedQuery.sha256Hash) instead of the document.',
  }),
  /** Run persisted documents only (needs `persistedDocuments`). */
  trustedDocuments: setting({
    env: 'GATEWAY_TRUSTED_DOCUMENTS',
    schema: flag,
    default: fixed(false),
    description:
      'true: run only the documents of GATEWAY_PERSISTED_DOCUMENTS, sent by id; any other document is refused (PERSISTED_QUERY_ID_REQUIRED). GraphiQL and introspection then need a separate gateway.',
  }),
};
