// The gateway's settings: read once from the environment, validated, frozen. Every default lives
// in DEFAULTS below, and SETTINGS documents each one; `--help` and the README table are printed
// from SETTINGS, so the documentation cannot drift from the code.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

import { LOOPBACK_ORIGINS, originPatternProblem } from './cors.js';

export type GatewayMode = 'demo' | 'aws';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';
export type RetryMode = 'standard' | 'adaptive';
/**
 * Who may see what. `identity`: callers send a login token, exchanged through Cognito Identity for
 * the caller's own AWS credentials (AWS enforces isolation). `gateway`: callers send a JWT checked
 * against a JWKS, the gateway calls AWS with its own credentials and enforces isolation itself.
 * `none`: no caller authentication (demo mode, or an explicit opt-out).
 */
export type AuthMode = 'identity' | 'gateway' | 'none';

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsSettings {
  /** Undefined lets the SDK resolve it (shared config profile). */
  readonly region: string | undefined;
  readonly endpoints: {
    readonly cognitoSync: string | undefined;
    readonly personalize: string | undefined;
    readonly cognitoIdentity: string | undefined;
  };
  /** Undefined means the SDK's default credential chain. */
  readonly credentials: StaticCredentials | undefined;
}

export interface IdentityAuthSettings {
  /** The `Logins` map key the identity pool trusts, e.g. cognito-idp.<region>.amazonaws.com/<pool>. */
  readonly loginProvider: string;
  readonly accountId: string | undefined;
  /** Most identities whose credentials are cached at once. */
  readonly cacheSize: number;
  /**
   * Where the login provider's signing keys are, to refuse bad tokens before any AWS call:
   * a URL, 'none', or undefined for the default (a Cognito user pool's own JWKS).
   */
  readonly jwksUrl: string | undefined;
}

export interface JwtAuthSettings {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** Claim listing the Cognito identity ids the caller owns (a string or an array of strings). */
  readonly identityClaim: string;
  /** Claim holding the caller's scopes (space-separated string or array). */
  readonly scopeClaim: string;
  /** Scope that may read any identity's datasets, and Personalize. */
  readonly adminScope: string;
  /** Scope that may read Personalize datasets and dataset groups. */
  readonly personalizeScope: string;
}

export interface AuthSettings {
  readonly mode: AuthMode;
  /** The identity pool of the callers' identities (the default of `identityPoolId` arguments). */
  readonly identityPoolId: string | undefined;
  /** Set when mode is `identity`. */
  readonly identity: IdentityAuthSettings | undefined;
  /** Set when mode is `gateway`. */
  readonly jwt: JwtAuthSettings | undefined;
}

export interface LimitSettings {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Most estimated cost of one operation; `first`/`last` multiply what is under a connection. */
  readonly maxCost: number;
  readonly maxUpstreamCalls: number;
  readonly maxBodyBytes: number;
  /** Heap the parse and validation cache may hold (src/document-cache.ts). */
  readonly documentCacheBytes: number;
  /** Most operations in one batched HTTP request (1 = batching off). */
  readonly maxBatch: number;
  readonly introspection: boolean;
  readonly fieldSuggestions: boolean;
  readonly csrfPrevention: boolean;
  /** A manifest of persisted documents (id → document) the gateway accepts by id. */
  readonly persistedDocuments: string | undefined;
  /** Run persisted documents only (needs `persistedDocuments`). */
  readonly trustedDocuments: boolean;
}

/** What one client, or all of them, may hold of the HTTP server. */
export interface ConnectionSettings {
  /** Time a client has to send a request's headers. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included. */
  readonly bodyTimeoutMs: number;
  /** Most open connections in all; 0: no limit. */
  readonly maxConnections: number;
  /** Most open connections from one client address; 0: no limit. */
  readonly maxConnectionsPerIp: number;
}

export interface ResilienceSettings {
  /** Deadline of one GraphQL request; upstream calls still running then are aborted. */
  readonly requestTimeoutMs: number;
  /** Most upstream calls in flight at once per service, across all requests of the process. */
  readonly serviceConcurrency: number;
  /** On SIGTERM, how long in-flight requests may take to finish before they are aborted. */
  readonly shutdownGraceMs: number;
  /** On SIGTERM, how long the gateway keeps serving with /ready at 503 before it stops accepting. */
  readonly shutdownDrainMs: number;
  /** /ready answers 503 while an AWS endpoint does not answer. */
  readonly readyRequiresUpstream: boolean;
}

export interface ObservabilitySettings {
  /** Serve Prometheus metrics at /metrics. */
  readonly metrics: boolean;
  /** Emit OpenTelemetry spans (exported per the standard OTEL_* variables). */
  readonly tracing: boolean;
}

export interface GatewayConfig {
  readonly mode: GatewayMode;
  readonly auth: AuthSettings;
  readonly limits: LimitSettings;
  readonly resilience: ResilienceSettings;
  readonly observability: ObservabilitySettings;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly graphiql: boolean;
    /** Web origins browsers may let read the answers (CORS); empty: same origin only. */
    readonly corsOrigins: readonly string[];
    /** Development only: unexpected errors show their original message and stack. */
    readonly exposeErrors: boolean;
    readonly connections: ConnectionSettings;
  };
  readonly logLevel: LogLevel;
  /** Undefined: pretty when stdout is a terminal or in demo mode, else JSON (decided by main). */
  readonly logFormat: LogFormat | undefined;
  readonly aws: AwsSettings;
  readonly cursor: { readonly secret: string; readonly previousSecrets: readonly string[] };
  readonly pagination: {
    readonly defaultPageSize: number;
    readonly maxPageSize: number;
    readonly maxWalkPages: number;
  };
  /** The most global ids one `nodes(ids:)` call may ask for. */
  readonly maxNodeIds: number;
  /** Serve the Apollo Federation subgraph schema (`_service`, `_entities`) instead of the plain one. */
  readonly subgraph: boolean;
  readonly upstream: {
    readonly cognitoSyncPageSize: number;
    readonly personalizePageSize: number;
    readonly concurrency: number;
    readonly maxAttempts: number;
    readonly retryMode: RetryMode;
    readonly timeoutMs: number;
    readonly connectTimeoutMs: number;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly settings: readonly string[],
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  port: 4000,
  demoHost: '127.0.0.1',
  awsHost: '0.0.0.0',
  logLevel: 'info',
  graphiql: true,
  demoRegion: 'us-east-1',
  defaultPageSize: 20,
  maxPageSize: 100,
  maxWalkPages: 50,
  maxNodeIds: 100,
  subgraph: false,
  // The API maxima: Personalize caps maxResults at 100; Cognito Sync documents no maximum, and
  // 20 is the per-identity dataset quota, so one call returns a whole identity.
  cognitoSyncPageSize: 20,
  personalizePageSize: 100,
  upstreamConcurrency: 8,
  // Measured under 30% random throttling (npm run bench:throttling, docs/availability.md).
  upstreamMaxAttempts: 7,
  upstreamRetryMode: 'standard',
  // The timeout ladder (README › Deploy): attempt < request deadline <= grace < a router's
  // subgraph timeout (commonly 30 s) and Kubernetes' 30 s termination grace.
  upstreamTimeoutMs: 5_000,
  upstreamConnectTimeoutMs: 3_000,
  minCursorSecretLength: 32,
  // Node's own defaults hold a slow client for 60 s (headers) and 300 s (the whole request).
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  maxConnections: 10_000,
  // A load test or a busy office NAT opens hundreds; a flood of thousands is cut.
  maxConnectionsPerIp: 1_024,
  demoAuthMode: 'none',
  awsAuthMode: 'identity',
  identityCacheSize: 10_000,
  jwtAlgorithms: 'RS256,ES256',
  jwtClockToleranceSeconds: 30,
  jwtIdentityClaim: 'identity_ids',
  jwtScopeClaim: 'scope',
  adminScope: 'datasets:admin',
  personalizeScope: 'personalize:read',
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2_000,
  maxDirectives: 50,
  maxCost: 10_000,
  // Room for the largest documented shape: 100 dataset groups with their datasets and counts.
  maxUpstreamCalls: 250,
  maxBodyBytes: 100_000,
  documentCacheBytes: 32 * 1024 * 1024,
  maxBatch: 10,
  // Off: every credential is an explicit bearer token, never a cookie (docs/security.md).
  csrfPrevention: false,
  requestTimeoutMs: 15_000,
  serviceConcurrency: 64,
  shutdownGraceMs: 20_000,
  shutdownDrainMs: 5_000,
  metrics: true,
  tracing: false,
} as const;

export interface SettingDoc {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

export const SETTINGS: readonly SettingDoc[] = [
  { name: 'PORT', default: String(DEFAULTS.port), description: 'HTTP port (0 = any free port).' },
  {
    name: 'HOST',
    default: `${DEFAULTS.demoHost} in demo mode, ${DEFAULTS.awsHost} otherwise`,
    description: 'Interface to listen on.',
  },
  {
    name: 'GATEWAY_DEMO',
    default: 'auto',
    description:
      'true: run against the built-in AWS emulator with demo data. false: use real AWS. Unset: demo mode when no AWS setting (AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL*) is present. Set false explicitly where credentials come only from instance metadata.',
  },
  {
    name: 'AWS_REGION',
    default: 'AWS_DEFAULT_REGION, then the shared config profile',
    description: 'AWS region of both services.',
  },
  {
    name: 'AWS_ENDPOINT_URL',
    default: 'the AWS endpoint',
    description: 'Endpoint override for both services (e.g. a local emulator).',
  },
  {
    name: 'AWS_ENDPOINT_URL_COGNITO_SYNC',
    default: 'AWS_ENDPOINT_URL',
    description: 'Endpoint override for Cognito Sync.',
  },
  {
    name: 'AWS_ENDPOINT_URL_PERSONALIZE',
    default: 'AWS_ENDPOINT_URL',
    description: 'Endpoint override for Personalize.',
  },
  {
    name: 'GATEWAY_CURSOR_SECRET',
    default: 'random per process in demo mode; required otherwise',
    description: `Key that encrypts and authenticates pagination cursors (at least ${DEFAULTS.minCursorSecretLength} characters). Share it between replicas.`,
  },
  {
    name: 'GATEWAY_CURSOR_PREVIOUS_SECRETS',
    default: '(none)',
    description:
      'Comma-separated cursor secrets accepted besides GATEWAY_CURSOR_SECRET but never used to seal: during a rotation, the new secret before it is issued, then the old one (docs/operations.md).',
  },
  {
    name: 'GATEWAY_CONFIG_FILE',
    default: '(none)',
    description:
      'A JSON file of settings (`{"GATEWAY_AUTH_MODE": "gateway", ...}`, names as in this table); environment variables override it.',
  },
  {
    name: 'GATEWAY_AUTH_MODE',
    default: `${DEFAULTS.demoAuthMode} in demo mode, ${DEFAULTS.awsAuthMode} otherwise`,
    description:
      'identity: callers send a login token (Authorization: Bearer), exchanged through Cognito Identity for their own AWS credentials. gateway: callers send a JWT verified against GATEWAY_JWT_JWKS_URL; the gateway uses its own AWS credentials and allows each caller only its own identities. none: no caller authentication; outside demo mode it must be set explicitly.',
  },
  {
    name: 'GATEWAY_IDENTITY_POOL_ID',
    default: '(none; required in identity mode)',
    description:
      'The Cognito identity pool of the callers (identity mode: the pool tokens are exchanged in; both modes: the default identityPoolId of cognitoDatasets).',
  },
  {
    name: 'GATEWAY_IDENTITY_LOGIN_PROVIDER',
    default: '(none; required in identity mode)',
    description:
      "Identity mode: the Logins key the identity pool trusts for callers' tokens, e.g. cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI or accounts.google.com.",
  },
  {
    name: 'GATEWAY_IDENTITY_ACCOUNT_ID',
    default: '(none)',
    description: 'Identity mode: the AWS account id sent with Cognito Identity GetId.',
  },
  {
    name: 'GATEWAY_IDENTITY_CACHE_SIZE',
    default: String(DEFAULTS.identityCacheSize),
    description:
      'Identity mode: most identities whose temporary credentials are cached (each until shortly before it expires).',
  },
  {
    name: 'GATEWAY_IDENTITY_JWKS_URL',
    default: "the user pool's own JWKS for a Cognito user pool login provider; none otherwise",
    description:
      "Identity mode: the login provider's JSON Web Key Set. Login tokens are verified against it (signature, issuer, expiry) before any Cognito Identity call, so junk tokens cost no AWS call; refused tokens are remembered for a minute. Set it for an OIDC provider, or none to leave every check to AWS.",
  },
  {
    name: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
    default: 'AWS_ENDPOINT_URL',
    description: 'Endpoint override for Cognito Identity.',
  },
  {
    name: 'GATEWAY_JWT_JWKS_URL',
    default: '(none; required in gateway mode)',
    description: "Gateway mode: URL of the JSON Web Key Set that signs callers' tokens.",
  },
  {
    name: 'GATEWAY_JWT_ISSUER',
    default: '(none; required in gateway mode)',
    description: "Gateway mode: the `iss` callers' tokens must carry.",
  },
  {
    name: 'GATEWAY_JWT_AUDIENCE',
    default: '(none; required in gateway mode)',
    description: 'Gateway mode: comma-separated accepted `aud` values.',
  },
  {
    name: 'GATEWAY_JWT_ALGORITHMS',
    default: DEFAULTS.jwtAlgorithms,
    description:
      'Gateway mode: comma-separated accepted signing algorithms; public-key ones only (RS*, PS*, ES*, EdDSA).',
  },
  {
    name: 'GATEWAY_JWT_CLOCK_TOLERANCE_S',
    default: String(DEFAULTS.jwtClockToleranceSeconds),
    description: 'Gateway mode: clock skew allowed when checking exp and nbf, in seconds.',
  },
  {
    name: 'GATEWAY_JWT_IDENTITY_CLAIM',
    default: DEFAULTS.jwtIdentityClaim,
    description:
      'Gateway mode: claim listing the Cognito identity ids the caller owns (a string or an array).',
  },
  {
    name: 'GATEWAY_JWT_SCOPE_CLAIM',
    default: DEFAULTS.jwtScopeClaim,
    description: "Gateway mode: claim holding the caller's scopes (space-separated or an array).",
  },
  {
    name: 'GATEWAY_ADMIN_SCOPE',
    default: DEFAULTS.adminScope,
    description: "Gateway mode: scope that may read every identity's datasets and Personalize.",
  },
  {
    name: 'GATEWAY_PERSONALIZE_SCOPE',
    default: DEFAULTS.personalizeScope,
    description: 'Gateway mode: scope that may read Personalize datasets and dataset groups.',
  },
  {
    name: 'GATEWAY_DEFAULT_PAGE_SIZE',
    default: String(DEFAULTS.defaultPageSize),
    description: 'Edges returned when a client passes neither first nor last.',
  },
  {
    name: 'GATEWAY_MAX_PAGE_SIZE',
    default: String(DEFAULTS.maxPageSize),
    description: 'Largest first/last a client may ask for.',
  },
  {
    name: 'GATEWAY_MAX_WALK_PAGES',
    default: String(DEFAULTS.maxWalkPages),
    description:
      'Most upstream pages one backward walk, cursor recovery or totalCount may read (totalCount is null beyond it).',
  },
  {
    name: 'GATEWAY_MAX_NODE_IDS',
    default: String(DEFAULTS.maxNodeIds),
    description:
      'Most global ids one nodes(ids:) query may ask for; each distinct id costs one upstream Describe call.',
  },
  {
    name: 'GATEWAY_SUBGRAPH',
    default: String(DEFAULTS.subgraph),
    description:
      'true: serve the schema as an Apollo Federation v2 subgraph (adds _service and _entities; entities CognitoDataset, PersonalizeDataset, PersonalizeDatasetGroup) for a router or gateway to compose.',
  },
  {
    name: 'GATEWAY_COGNITO_PAGE_SIZE',
    default: String(DEFAULTS.cognitoSyncPageSize),
    description: 'MaxResults sent to Cognito Sync ListDatasets.',
  },
  {
    name: 'GATEWAY_PERSONALIZE_PAGE_SIZE',
    default: String(DEFAULTS.personalizePageSize),
    description: 'maxResults sent to Personalize ListDatasets and ListDatasetGroups (1-100).',
  },
  {
    name: 'GATEWAY_UPSTREAM_CONCURRENCY',
    default: String(DEFAULTS.upstreamConcurrency),
    description: 'Most upstream calls one GraphQL request runs at once.',
  },
  {
    name: 'GATEWAY_UPSTREAM_MAX_ATTEMPTS',
    default: String(DEFAULTS.upstreamMaxAttempts),
    description: 'AWS SDK attempts per upstream call, the first included.',
  },
  {
    name: 'GATEWAY_UPSTREAM_RETRY_MODE',
    default: DEFAULTS.upstreamRetryMode,
    description:
      "AWS SDK retry mode: standard (jittered backoff from 250 ms, doubling up to 4 s, within a retry budget per service) or adaptive (the SDK's own backoff plus client-side rate limiting that slows every call after throttling: for an account quota that stays exceeded).",
  },
  {
    name: 'GATEWAY_UPSTREAM_TIMEOUT_MS',
    default: String(DEFAULTS.upstreamTimeoutMs),
    description: 'Time limit of one upstream attempt, in milliseconds.',
  },
  {
    name: 'GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS',
    default: String(DEFAULTS.upstreamConnectTimeoutMs),
    description: 'Time limit for opening a connection to AWS, in milliseconds.',
  },
  {
    name: 'GATEWAY_REQUEST_TIMEOUT_MS',
    default: String(DEFAULTS.requestTimeoutMs),
    description:
      'Deadline of one GraphQL request, in milliseconds: upstream calls still running then are aborted and their fields fail with DEADLINE_EXCEEDED.',
  },
  {
    name: 'GATEWAY_UPSTREAM_SERVICE_CONCURRENCY',
    default: String(DEFAULTS.serviceConcurrency),
    description:
      'Most upstream calls in flight at once per AWS service across all requests, so bursts queue instead of storming AWS.',
  },
  {
    name: 'GATEWAY_SHUTDOWN_GRACE_MS',
    default: String(DEFAULTS.shutdownGraceMs),
    description:
      'On SIGTERM/SIGINT: time in-flight requests get to finish after the server stops accepting, in milliseconds; requests still running then answer SHUTTING_DOWN. Keep it at least GATEWAY_REQUEST_TIMEOUT_MS.',
  },
  {
    name: 'GATEWAY_READY_REQUIRES_UPSTREAM',
    default: 'false',
    description:
      'true: /ready answers 503 while an AWS endpoint does not answer HTTP (probed every 5 s, unsigned, no API call), so load balancers prefer replicas that can reach AWS. Off by default: replicas sharing one upstream would all leave rotation together.',
  },
  {
    name: 'GATEWAY_SHUTDOWN_DRAIN_MS',
    default: `0 in demo mode, ${DEFAULTS.shutdownDrainMs} otherwise`,
    description:
      'On SIGTERM/SIGINT: how long the gateway keeps serving, with /ready answering 503, before it stops accepting connections, so load balancers stop sending first (0 where a Kubernetes preStop sleep does this).',
  },
  {
    name: 'GATEWAY_MAX_DEPTH',
    default: String(DEFAULTS.maxDepth),
    description: 'Deepest field nesting an operation may have.',
  },
  {
    name: 'GATEWAY_MAX_ALIASES',
    default: String(DEFAULTS.maxAliases),
    description: 'Most aliases in one operation.',
  },
  {
    name: 'GATEWAY_MAX_TOKENS',
    default: String(DEFAULTS.maxTokens),
    description: 'Most lexical tokens in one GraphQL document.',
  },
  {
    name: 'GATEWAY_MAX_DIRECTIVES',
    default: String(DEFAULTS.maxDirectives),
    description: 'Most directives in one operation.',
  },
  {
    name: 'GATEWAY_MAX_COST',
    default: String(DEFAULTS.maxCost),
    description:
      'Highest estimated cost of one operation: each field costs 1, each upstream call (a connection page, a node lookup, totalCount) 10, and first/last multiply what is under a connection.',
  },
  {
    name: 'GATEWAY_MAX_UPSTREAM_CALLS',
    default: String(DEFAULTS.maxUpstreamCalls),
    description:
      'Most upstream calls one request may make. A request whose plan needs more (pages its first/last fix, one Describe per distinct id in node, nodes and _entities) is refused before any call; calls beyond it that only the answers reveal (long walks, per-object Describes) fail their fields.',
  },
  {
    name: 'GATEWAY_MAX_BODY_BYTES',
    default: String(DEFAULTS.maxBodyBytes),
    description: 'Largest HTTP request body, in bytes (413 beyond it).',
  },
  {
    name: 'GATEWAY_DOCUMENT_CACHE_BYTES',
    default: String(DEFAULTS.documentCacheBytes),
    description:
      'Heap the cache of parsed and validated documents may take, in bytes (an estimate: twice the text plus 512 per token); least recently used documents go first, none larger than an eighth of it is kept, and refusals by the limits are not cached. 0 turns the cache off.',
  },
  {
    name: 'GATEWAY_MAX_BATCH',
    default: String(DEFAULTS.maxBatch),
    description:
      'Most operations in one batched request (a JSON array body); 1 turns batching off.',
  },
  {
    name: 'GATEWAY_INTROSPECTION',
    default: 'true in demo mode, false otherwise',
    description: 'Answer introspection queries (__schema, __type).',
  },
  {
    name: 'GATEWAY_FIELD_SUGGESTIONS',
    default: 'true in demo mode, false otherwise',
    description: 'Suggest field names ("Did you mean ...?") in validation errors.',
  },
  {
    name: 'GATEWAY_CSRF_PREVENTION',
    default: String(DEFAULTS.csrfPrevention),
    description:
      'Refuse requests a browser could send cross-site without a preflight: GET, form, text/plain and multipart requests then need the header X-GraphQL-Yoga-CSRF (any value; Apollo-Require-Preflight also works). Off by default: callers authenticate with bearer tokens only, which a cross-site request cannot carry; turn it on if a proxy in front of the gateway authenticates browsers with cookies.',
  },
  {
    name: 'GATEWAY_PERSISTED_DOCUMENTS',
    default: '(none)',
    description:
      'A JSON manifest of persisted documents ({"sha256:<hash>": "<document>"}, as GraphQL Code Generator\'s client preset writes it): clients may then send `documentId` (or Apollo\'s extensions.persistedQuery.sha256Hash) instead of the document.',
  },
  {
    name: 'GATEWAY_TRUSTED_DOCUMENTS',
    default: 'false',
    description:
      'true: run only the documents of GATEWAY_PERSISTED_DOCUMENTS, sent by id; any other document is refused (PERSISTED_QUERY_ID_REQUIRED). GraphiQL and introspection then need a separate gateway.',
  },
  {
    name: 'GATEWAY_METRICS',
    default: String(DEFAULTS.metrics),
    description: 'Serve Prometheus metrics at /metrics.',
  },
  {
    name: 'GATEWAY_TRACING',
    default: String(DEFAULTS.tracing),
    description:
      'Emit OpenTelemetry spans for operations and upstream calls, exported per the standard OTEL_EXPORTER_OTLP_* variables.',
  },
  {
    name: 'GATEWAY_HEADERS_TIMEOUT_MS',
    default: String(DEFAULTS.headersTimeoutMs),
    description:
      "Time a client has to send a request's headers, in milliseconds; a slower one gets 408 and its connection closed.",
  },
  {
    name: 'GATEWAY_BODY_TIMEOUT_MS',
    default: String(DEFAULTS.bodyTimeoutMs),
    description:
      'Time a client has to send a whole request, body included, in milliseconds (408 beyond it). The request deadline starts after it.',
  },
  {
    name: 'GATEWAY_MAX_CONNECTIONS',
    default: String(DEFAULTS.maxConnections),
    description:
      'Most open HTTP connections in all; new ones beyond it are closed at once. 0: no limit.',
  },
  {
    name: 'GATEWAY_MAX_CONNECTIONS_PER_IP',
    default: String(DEFAULTS.maxConnectionsPerIp),
    description:
      "Most open HTTP connections from one client address; new ones beyond it are closed at once. Behind a load balancer or proxy every connection comes from its addresses: raise it above the proxy's connection pool, or 0 for no limit.",
  },
  {
    name: 'GATEWAY_CORS_ORIGINS',
    default: `${LOOPBACK_ORIGINS.join(',')} in demo mode; none otherwise`,
    description:
      'Comma-separated web origins whose pages may read answers in a browser (CORS): exact origins (https://app.example.com), patterns with * for the leftmost host labels or the port (https://*.example.com, http://localhost:*), or * for every origin. Grants never include credentials: callers send bearer tokens, not cookies. Empty (outside demo mode): same-origin pages only.',
  },
  {
    name: 'GATEWAY_GRAPHIQL',
    default: String(DEFAULTS.graphiql),
    description: 'Serve GraphiQL to browsers at the GraphQL endpoint.',
  },
  {
    name: 'LOG_LEVEL',
    default: DEFAULTS.logLevel,
    description: 'fatal, error, warn, info, debug, trace or silent.',
  },
  {
    name: 'LOG_FORMAT',
    default: 'pretty when stdout is a terminal or in demo mode, json otherwise',
    description: 'json: one JSON object per line, for log shippers. pretty: readable lines.',
  },
  {
    name: 'NODE_ENV',
    default: '(unset)',
    description: 'development: unexpected errors show their message and stack to clients.',
  },
];

/** The settings as a plain-text table (for --help) or a Markdown table (for the README). */
export function renderSettings(format: 'text' | 'markdown' = 'text'): string {
  if (format === 'markdown') {
    const rows = SETTINGS.map((s) => `| \`${s.name}\` | ${s.default} | ${s.description} |`);
    return ['| Setting | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
  }
  const width = Math.max(...SETTINGS.map((s) => s.name.length)) + 2;
  return SETTINGS.map(
    (s) => `${s.name.padEnd(width)}${s.description}\n${' '.repeat(width)}default: ${s.default}`,
  ).join('\n');
}

const AWS_PRESENCE_SETTINGS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_COGNITO_SYNC',
  'AWS_ENDPOINT_URL_PERSONALIZE',
  'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
] as const;

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const nonNegativeInt = (max: number) => z.coerce.number().int().min(0).max(max);
const milliseconds = z.coerce.number().int().min(1).max(600_000);
// An AWS region name (us-east-1, us-gov-west-1, ap-southeast-4): a typo would otherwise become an
// endpoint host that does not resolve, reported only as an unreachable upstream on every call.
const AWS_REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const awsRegion = z
  .string()
  .regex(AWS_REGION_NAME, 'must be an AWS region name such as us-east-1 or eu-central-1');

const endpointUrl = z.url({ protocol: /^https?$/ });
const secret = z
  .string()
  .min(
    DEFAULTS.minCursorSecretLength,
    `must be at least ${DEFAULTS.minCursorSecretLength} characters`,
  );

const commaList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string()).min(1, 'must list at least one value'));

/**
 * Public-key signature algorithms only: with a JWKS of public keys, an HMAC algorithm would let
 * anyone holding the public key sign tokens, and `none` is no signature at all.
 */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const EnvSchema = z.object({
  PORT: nonNegativeInt(65_535).default(DEFAULTS.port),
  HOST: z.string().optional(),
  GATEWAY_DEMO: z.stringbool().optional(),
  GATEWAY_GRAPHIQL: z.stringbool().default(DEFAULTS.graphiql),
  GATEWAY_HEADERS_TIMEOUT_MS: positiveInt(600_000).default(DEFAULTS.headersTimeoutMs),
  GATEWAY_BODY_TIMEOUT_MS: positiveInt(3_600_000).default(DEFAULTS.bodyTimeoutMs),
  GATEWAY_MAX_CONNECTIONS: nonNegativeInt(1_000_000).default(DEFAULTS.maxConnections),
  GATEWAY_MAX_CONNECTIONS_PER_IP: nonNegativeInt(1_000_000).default(DEFAULTS.maxConnectionsPerIp),
  GATEWAY_CORS_ORIGINS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .superRefine((patterns, context) => {
      for (const pattern of patterns) {
        const problem = originPatternProblem(pattern);
        if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
      }
    })
    .optional(),
  GATEWAY_SUBGRAPH: z.stringbool().default(DEFAULTS.subgraph),
  AWS_REGION: awsRegion.optional(),
  AWS_DEFAULT_REGION: awsRegion.optional(),
  AWS_ENDPOINT_URL: endpointUrl.optional(),
  AWS_ENDPOINT_URL_COGNITO_SYNC: endpointUrl.optional(),
  AWS_ENDPOINT_URL_PERSONALIZE: endpointUrl.optional(),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY: endpointUrl.optional(),
  GATEWAY_CONFIG_FILE: z.string().optional(),
  GATEWAY_AUTH_MODE: z.enum(['identity', 'gateway', 'none']).optional(),
  GATEWAY_IDENTITY_POOL_ID: z
    .string()
    .regex(/^[\w-]+:[0-9a-f-]+$/, 'must be an identity pool id like us-east-1:0f1e2d3c-...')
    .optional(),
  GATEWAY_IDENTITY_LOGIN_PROVIDER: z.string().max(128).optional(),
  GATEWAY_IDENTITY_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  GATEWAY_IDENTITY_CACHE_SIZE: positiveInt(1_000_000).default(DEFAULTS.identityCacheSize),
  GATEWAY_IDENTITY_JWKS_URL: z.union([z.literal('none'), endpointUrl]).optional(),
  GATEWAY_JWT_JWKS_URL: endpointUrl.optional(),
  GATEWAY_JWT_ISSUER: z.string().optional(),
  GATEWAY_JWT_AUDIENCE: commaList.optional(),
  GATEWAY_JWT_ALGORITHMS: commaList
    .pipe(
      z.array(
        z.enum(JWT_ALGORITHMS, {
          error: `only public-key algorithms are accepted (${JWT_ALGORITHMS.join(', ')})`,
        }),
      ),
    )
    .default(['RS256', 'ES256']),
  GATEWAY_JWT_CLOCK_TOLERANCE_S: nonNegativeInt(300).default(DEFAULTS.jwtClockToleranceSeconds),
  GATEWAY_JWT_IDENTITY_CLAIM: z.string().default(DEFAULTS.jwtIdentityClaim),
  GATEWAY_JWT_SCOPE_CLAIM: z.string().default(DEFAULTS.jwtScopeClaim),
  GATEWAY_ADMIN_SCOPE: z.string().default(DEFAULTS.adminScope),
  GATEWAY_PERSONALIZE_SCOPE: z.string().default(DEFAULTS.personalizeScope),
  GATEWAY_REQUEST_TIMEOUT_MS: milliseconds.default(DEFAULTS.requestTimeoutMs),
  GATEWAY_UPSTREAM_SERVICE_CONCURRENCY: positiveInt(4_096).default(DEFAULTS.serviceConcurrency),
  GATEWAY_SHUTDOWN_GRACE_MS: nonNegativeInt(600_000).default(DEFAULTS.shutdownGraceMs),
  GATEWAY_READY_REQUIRES_UPSTREAM: z.stringbool().default(false),
  GATEWAY_SHUTDOWN_DRAIN_MS: nonNegativeInt(600_000).optional(),
  GATEWAY_MAX_DEPTH: positiveInt(1_000).default(DEFAULTS.maxDepth),
  GATEWAY_MAX_ALIASES: positiveInt(10_000).default(DEFAULTS.maxAliases),
  GATEWAY_MAX_TOKENS: positiveInt(1_000_000).default(DEFAULTS.maxTokens),
  GATEWAY_MAX_DIRECTIVES: positiveInt(10_000).default(DEFAULTS.maxDirectives),
  GATEWAY_MAX_COST: positiveInt(100_000_000).default(DEFAULTS.maxCost),
  GATEWAY_MAX_UPSTREAM_CALLS: positiveInt(1_000_000).default(DEFAULTS.maxUpstreamCalls),
  GATEWAY_MAX_BODY_BYTES: positiveInt(100_000_000).default(DEFAULTS.maxBodyBytes),
  GATEWAY_DOCUMENT_CACHE_BYTES: nonNegativeInt(8 * 1024 * 1024 * 1024).default(
    DEFAULTS.documentCacheBytes,
  ),
  GATEWAY_MAX_BATCH: positiveInt(1_000).default(DEFAULTS.maxBatch),
  GATEWAY_INTROSPECTION: z.stringbool().optional(),
  GATEWAY_FIELD_SUGGESTIONS: z.stringbool().optional(),
  GATEWAY_CSRF_PREVENTION: z.stringbool().default(DEFAULTS.csrfPrevention),
  GATEWAY_PERSISTED_DOCUMENTS: z.string().optional(),
  GATEWAY_TRUSTED_DOCUMENTS: z.stringbool().default(false),
  GATEWAY_METRICS: z.stringbool().default(DEFAULTS.metrics),
  GATEWAY_TRACING: z.stringbool().default(DEFAULTS.tracing),
  GATEWAY_CURSOR_SECRET: secret.optional(),
  GATEWAY_CURSOR_PREVIOUS_SECRETS: z.string().optional(),
  GATEWAY_DEFAULT_PAGE_SIZE: positiveInt(10_000).default(DEFAULTS.defaultPageSize),
  GATEWAY_MAX_PAGE_SIZE: positiveInt(10_000).default(DEFAULTS.maxPageSize),
  GATEWAY_MAX_WALK_PAGES: positiveInt(10_000).default(DEFAULTS.maxWalkPages),
  GATEWAY_MAX_NODE_IDS: positiveInt(10_000).default(DEFAULTS.maxNodeIds),
  GATEWAY_COGNITO_PAGE_SIZE: positiveInt(1_000).default(DEFAULTS.cognitoSyncPageSize),
  GATEWAY_PERSONALIZE_PAGE_SIZE: positiveInt(100).default(DEFAULTS.personalizePageSize),
  GATEWAY_UPSTREAM_CONCURRENCY: positiveInt(256).default(DEFAULTS.upstreamConcurrency),
  GATEWAY_UPSTREAM_MAX_ATTEMPTS: positiveInt(20).default(DEFAULTS.upstreamMaxAttempts),
  GATEWAY_UPSTREAM_RETRY_MODE: z.enum(['standard', 'adaptive']).default(DEFAULTS.upstreamRetryMode),
  GATEWAY_UPSTREAM_TIMEOUT_MS: milliseconds.default(DEFAULTS.upstreamTimeoutMs),
  GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS: milliseconds.default(DEFAULTS.upstreamConnectTimeoutMs),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(DEFAULTS.logLevel),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NODE_ENV: z.string().optional(),
});

/** The names the loader reads (its schema's keys). */
export const SCHEMA_SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

type Env = Readonly<Record<string, string | undefined>>;

const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  'GATEWAY_CURSOR_SECRET',
  'GATEWAY_CURSOR_PREVIOUS_SECRETS',
]);

/** Blank values count as unset, so `FOO=` in a .env file means "use the default". */
function presentValues(env: Env): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') present[name] = trimmed;
  }
  return present;
}

/**
 * Every problem of one configuration, reported together: fixing one setting must not merely
 * reveal the next.
 */
class Problems {
  readonly #settings: string[] = [];
  readonly #texts: string[] = [];

  add(setting: string, text: string): void {
    this.#settings.push(setting);
    this.#texts.push(text);
  }

  throwIfAny(): void {
    if (this.#texts.length === 0) return;
    throw new ConfigError(
      [...new Set(this.#settings)],
      `Invalid configuration:\n  ${this.#texts.join('\n  ')}`,
    );
  }
}

/** How far a misspelt name may be from a setting for the setting to be suggested. */
const MAX_SUGGESTION_DISTANCE = 4;

function unknownSetting(name: string, where: string): string {
  const nearest = closest(name, [...SETTING_NAMES]);
  const hint =
    distance(name, nearest) <= MAX_SUGGESTION_DISTANCE
      ? `did you mean ${nearest}?`
      : 'see --help for the settings';
  return `${name}${where}: not a setting; ${hint}`;
}

/**
 * Every GATEWAY_* variable must be a setting: a misspelt one (GATEWAY_INTROSPECTON) would
 * otherwise be ignored in silence and leave its setting at the default.
 */
function checkNames(env: Readonly<Record<string, string>>, problems: Problems): void {
  for (const name of Object.keys(env)) {
    if (name.startsWith('GATEWAY_') && !SETTING_NAMES.has(name)) {
      problems.add(name, unknownSetting(name, ''));
    }
  }
}

/** Reads the gateway's settings; throws ConfigError naming every setting that is wrong. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const problems = new Problems();
  const fromEnv = presentValues(env);
  checkNames(fromEnv, problems);
  const file = fromEnv['GATEWAY_CONFIG_FILE'];
  const present = file === undefined ? fromEnv : { ...readConfigFile(file, problems), ...fromEnv };
  const parsed = EnvSchema.safeParse(present);
  const invalid = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0] ?? '(environment)');
      invalid.add(setting);
      // Secrets are never echoed: this message goes to stderr and logs.
      const shown = SECRET_SETTINGS.has(setting) ? '[hidden]' : `"${present[setting] ?? ''}"`;
      problems.add(setting, `${setting}: ${issue.message} (got ${shown})`);
    }
  }
  // The checks below still run, with defaults in place of the invalid values, so that one
  // message names every problem; what they find about an invalid setting itself is not repeated.
  const e = parsed.success
    ? parsed.data
    : EnvSchema.parse(
        Object.fromEntries(Object.entries(present).filter(([name]) => !invalid.has(name))),
      );

  const awsSettingPresent = AWS_PRESENCE_SETTINGS.some((name) => present[name] !== undefined);
  const mode: GatewayMode = (e.GATEWAY_DEMO ?? !awsSettingPresent) ? 'demo' : 'aws';

  if (e.GATEWAY_DEFAULT_PAGE_SIZE > e.GATEWAY_MAX_PAGE_SIZE) {
    problems.add(
      'GATEWAY_DEFAULT_PAGE_SIZE',
      `GATEWAY_DEFAULT_PAGE_SIZE: must not exceed GATEWAY_MAX_PAGE_SIZE (${e.GATEWAY_DEFAULT_PAGE_SIZE} > ${e.GATEWAY_MAX_PAGE_SIZE})`,
    );
  }
  if (mode === 'aws' && present['GATEWAY_CURSOR_SECRET'] === undefined) {
    problems.add(
      'GATEWAY_CURSOR_SECRET',
      `GATEWAY_CURSOR_SECRET: required when using real AWS (at least ${DEFAULTS.minCursorSecretLength} characters; e.g. \`openssl rand -base64 48\`)`,
    );
  }
  if (e.GATEWAY_TRUSTED_DOCUMENTS && present['GATEWAY_PERSISTED_DOCUMENTS'] === undefined) {
    problems.add(
      'GATEWAY_PERSISTED_DOCUMENTS',
      'GATEWAY_PERSISTED_DOCUMENTS: required when GATEWAY_TRUSTED_DOCUMENTS is true (the manifest of the documents to trust)',
    );
  }
  const previousSecrets = (e.GATEWAY_CURSOR_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (previousSecrets.some((s) => !secret.safeParse(s).success)) {
    problems.add(
      'GATEWAY_CURSOR_PREVIOUS_SECRETS',
      `GATEWAY_CURSOR_PREVIOUS_SECRETS: each secret must be at least ${DEFAULTS.minCursorSecretLength} characters`,
    );
  }

  const auth = authSettings(e, mode, present, problems);
  problems.throwIfAny();
  const anyEndpoint = e.AWS_ENDPOINT_URL;
  const config: GatewayConfig = {
    mode,
    auth,
    limits: {
      maxDepth: e.GATEWAY_MAX_DEPTH,
      maxAliases: e.GATEWAY_MAX_ALIASES,
      maxTokens: e.GATEWAY_MAX_TOKENS,
      maxDirectives: e.GATEWAY_MAX_DIRECTIVES,
      maxCost: e.GATEWAY_MAX_COST,
      maxUpstreamCalls: e.GATEWAY_MAX_UPSTREAM_CALLS,
      maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
      documentCacheBytes: e.GATEWAY_DOCUMENT_CACHE_BYTES,
      maxBatch: e.GATEWAY_MAX_BATCH,
      introspection: e.GATEWAY_INTROSPECTION ?? mode === 'demo',
      fieldSuggestions: e.GATEWAY_FIELD_SUGGESTIONS ?? mode === 'demo',
      csrfPrevention: e.GATEWAY_CSRF_PREVENTION,
      persistedDocuments: e.GATEWAY_PERSISTED_DOCUMENTS,
      trustedDocuments: e.GATEWAY_TRUSTED_DOCUMENTS,
    },
    resilience: {
      requestTimeoutMs: e.GATEWAY_REQUEST_TIMEOUT_MS,
      serviceConcurrency: e.GATEWAY_UPSTREAM_SERVICE_CONCURRENCY,
      shutdownGraceMs: e.GATEWAY_SHUTDOWN_GRACE_MS,
      shutdownDrainMs:
        e.GATEWAY_SHUTDOWN_DRAIN_MS ?? (mode === 'demo' ? 0 : DEFAULTS.shutdownDrainMs),
      readyRequiresUpstream: e.GATEWAY_READY_REQUIRES_UPSTREAM,
    },
    observability: { metrics: e.GATEWAY_METRICS, tracing: e.GATEWAY_TRACING },
    server: {
      host: e.HOST ?? (mode === 'demo' ? DEFAULTS.demoHost : DEFAULTS.awsHost),
      port: e.PORT,
      graphiql: e.GATEWAY_GRAPHIQL,
      corsOrigins: e.GATEWAY_CORS_ORIGINS ?? (mode === 'demo' ? LOOPBACK_ORIGINS : []),
      exposeErrors: e.NODE_ENV === 'development',
      connections: {
        headersTimeoutMs: e.GATEWAY_HEADERS_TIMEOUT_MS,
        bodyTimeoutMs: Math.max(e.GATEWAY_BODY_TIMEOUT_MS, e.GATEWAY_HEADERS_TIMEOUT_MS),
        maxConnections: e.GATEWAY_MAX_CONNECTIONS,
        maxConnectionsPerIp: e.GATEWAY_MAX_CONNECTIONS_PER_IP,
      },
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    aws: {
      region:
        mode === 'demo' ? DEFAULTS.demoRegion : (e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? undefined),
      endpoints: {
        cognitoSync: e.AWS_ENDPOINT_URL_COGNITO_SYNC ?? anyEndpoint,
        personalize: e.AWS_ENDPOINT_URL_PERSONALIZE ?? anyEndpoint,
        cognitoIdentity: e.AWS_ENDPOINT_URL_COGNITO_IDENTITY ?? anyEndpoint,
      },
      credentials: undefined,
    },
    cursor: {
      secret: e.GATEWAY_CURSOR_SECRET ?? randomBytes(32).toString('base64url'),
      previousSecrets,
    },
    pagination: {
      defaultPageSize: e.GATEWAY_DEFAULT_PAGE_SIZE,
      maxPageSize: e.GATEWAY_MAX_PAGE_SIZE,
      maxWalkPages: e.GATEWAY_MAX_WALK_PAGES,
    },
    maxNodeIds: e.GATEWAY_MAX_NODE_IDS,
    subgraph: e.GATEWAY_SUBGRAPH,
    upstream: {
      cognitoSyncPageSize: e.GATEWAY_COGNITO_PAGE_SIZE,
      personalizePageSize: e.GATEWAY_PERSONALIZE_PAGE_SIZE,
      concurrency: e.GATEWAY_UPSTREAM_CONCURRENCY,
      maxAttempts: e.GATEWAY_UPSTREAM_MAX_ATTEMPTS,
      retryMode: e.GATEWAY_UPSTREAM_RETRY_MODE,
      timeoutMs: e.GATEWAY_UPSTREAM_TIMEOUT_MS,
      connectTimeoutMs: e.GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS,
    },
  };
  return deepFreeze(config);
}

const SETTING_NAMES = new Set([
  ...SETTINGS.map((setting) => setting.name),
  ...AWS_PRESENCE_SETTINGS,
  'AWS_DEFAULT_REGION',
]);

/** The settings of a GATEWAY_CONFIG_FILE, as strings like environment variables. */
function readConfigFile(path: string, problems: Problems): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.add(
      'GATEWAY_CONFIG_FILE',
      `GATEWAY_CONFIG_FILE: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.add('GATEWAY_CONFIG_FILE', `GATEWAY_CONFIG_FILE: ${path} must hold a JSON object`);
    return {};
  }
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!SETTING_NAMES.has(name) || name === 'GATEWAY_CONFIG_FILE') {
      problems.add(name, unknownSetting(name, ` (in ${path})`));
    } else if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      if (String(value).trim() !== '') settings[name] = String(value).trim();
    } else {
      problems.add(name, `${name} (in ${path}): must be a string, a number or a boolean`);
    }
  }
  return settings;
}

type ParsedEnv = z.infer<typeof EnvSchema>;

function authSettings(
  e: ParsedEnv,
  mode: GatewayMode,
  present: Readonly<Record<string, string>>,
  problems: Problems,
): AuthSettings {
  const authMode: AuthMode =
    e.GATEWAY_AUTH_MODE ?? (mode === 'demo' ? DEFAULTS.demoAuthMode : DEFAULTS.awsAuthMode);
  const identityPoolId = e.GATEWAY_IDENTITY_POOL_ID;
  const missing = (names: readonly (keyof ParsedEnv)[]): void => {
    // Demo mode fills them from the built-in emulator's user pool (withLocalUpstream).
    if (mode === 'demo') return;
    const explicit = e.GATEWAY_AUTH_MODE !== undefined;
    for (const name of names.filter((setting) => present[setting] === undefined)) {
      problems.add(
        name,
        `${name}: required when GATEWAY_AUTH_MODE is ${authMode}${explicit ? '' : ' (the default outside demo mode)'}. Configure caller authentication, or set GATEWAY_AUTH_MODE=none to run without it.`,
      );
    }
  };
  if (authMode === 'identity') {
    missing(['GATEWAY_IDENTITY_POOL_ID', 'GATEWAY_IDENTITY_LOGIN_PROVIDER']);
    return {
      mode: authMode,
      identityPoolId,
      identity: {
        loginProvider: e.GATEWAY_IDENTITY_LOGIN_PROVIDER ?? '',
        accountId: e.GATEWAY_IDENTITY_ACCOUNT_ID,
        cacheSize: e.GATEWAY_IDENTITY_CACHE_SIZE,
        jwksUrl: e.GATEWAY_IDENTITY_JWKS_URL,
      },
      jwt: undefined,
    };
  }
  if (authMode === 'gateway') {
    missing(['GATEWAY_JWT_JWKS_URL', 'GATEWAY_JWT_ISSUER', 'GATEWAY_JWT_AUDIENCE']);
    return {
      mode: authMode,
      identityPoolId,
      identity: undefined,
      jwt: {
        jwksUrl: e.GATEWAY_JWT_JWKS_URL ?? '',
        issuer: e.GATEWAY_JWT_ISSUER ?? '',
        audience: e.GATEWAY_JWT_AUDIENCE ?? [],
        algorithms: e.GATEWAY_JWT_ALGORITHMS,
        clockToleranceSeconds: e.GATEWAY_JWT_CLOCK_TOLERANCE_S,
        identityClaim: e.GATEWAY_JWT_IDENTITY_CLAIM,
        scopeClaim: e.GATEWAY_JWT_SCOPE_CLAIM,
        adminScope: e.GATEWAY_ADMIN_SCOPE,
        personalizeScope: e.GATEWAY_PERSONALIZE_SCOPE,
      },
    };
  }
  return { mode: authMode, identityPoolId, identity: undefined, jwt: undefined };
}

/**
 * The same config pointed at one local endpoint (the emulator) for both services, with
 * explicit credentials instead of the default chain.
 */
export function withLocalUpstream(
  config: GatewayConfig,
  upstream: {
    readonly endpoint: string;
    readonly credentials: StaticCredentials;
    readonly region?: string;
    /** The emulator's user pool: fills the auth settings demo mode leaves blank. */
    readonly identityProvider?: LocalIdentityProvider;
    readonly identityPoolId?: string;
  },
): GatewayConfig {
  return deepFreeze({
    ...config,
    auth: withLocalIdentityProvider(
      config.auth,
      upstream.identityProvider,
      upstream.identityPoolId,
    ),
    aws: {
      region: upstream.region ?? config.aws.region ?? DEFAULTS.demoRegion,
      endpoints: {
        cognitoSync: upstream.endpoint,
        personalize: upstream.endpoint,
        cognitoIdentity: upstream.endpoint,
      },
      credentials: { ...upstream.credentials },
    },
  });
}

export interface LocalIdentityProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly loginProvider: string;
  readonly clientId: string;
}

/** Auth settings with every blank filled from a local identity provider (demo mode). */
function withLocalIdentityProvider(
  auth: AuthSettings,
  provider: LocalIdentityProvider | undefined,
  identityPoolId: string | undefined,
): AuthSettings {
  if (provider === undefined) return auth;
  const orDefault = (value: string, fallback: string): string => (value === '' ? fallback : value);
  return {
    ...auth,
    identityPoolId: auth.identityPoolId ?? identityPoolId,
    identity:
      auth.identity === undefined
        ? undefined
        : {
            ...auth.identity,
            loginProvider: orDefault(auth.identity.loginProvider, provider.loginProvider),
            jwksUrl: auth.identity.jwksUrl ?? provider.jwksUrl,
          },
    jwt:
      auth.jwt === undefined
        ? undefined
        : {
            ...auth.jwt,
            jwksUrl: orDefault(auth.jwt.jwksUrl, provider.jwksUrl),
            issuer: orDefault(auth.jwt.issuer, provider.issuer),
            audience: auth.jwt.audience.length === 0 ? [provider.clientId] : auth.jwt.audience,
          },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
