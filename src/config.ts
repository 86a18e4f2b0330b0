// The gateway's settings: read once from the environment, validated, frozen. Every default lives
// in DEFAULTS below, and SETTINGS documents each one; `--help` and the README table are printed
// from SETTINGS, so the documentation cannot drift from the code.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

export type GatewayMode = 'demo' | 'aws';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type RetryMode = 'standard' | 'adaptive';

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
  };
  /** Undefined means the SDK's default credential chain. */
  readonly credentials: StaticCredentials | undefined;
}

export interface GatewayConfig {
  readonly mode: GatewayMode;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly graphiql: boolean;
    /** Development only: unexpected errors show their original message and stack. */
    readonly exposeErrors: boolean;
  };
  readonly logLevel: LogLevel;
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
  upstreamMaxAttempts: 3,
  upstreamRetryMode: 'standard',
  upstreamTimeoutMs: 10_000,
  upstreamConnectTimeoutMs: 3_000,
  minCursorSecretLength: 32,
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
    description: 'Comma-separated former cursor secrets still accepted, for key rotation.',
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
    description: 'AWS SDK retry mode: standard or adaptive (adds client-side rate limiting).',
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
] as const;

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const milliseconds = z.coerce.number().int().min(1).max(600_000);
const endpointUrl = z.url({ protocol: /^https?$/ });
const secret = z
  .string()
  .min(
    DEFAULTS.minCursorSecretLength,
    `must be at least ${DEFAULTS.minCursorSecretLength} characters`,
  );

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULTS.port),
  HOST: z.string().optional(),
  GATEWAY_DEMO: z.stringbool().optional(),
  GATEWAY_GRAPHIQL: z.stringbool().default(DEFAULTS.graphiql),
  GATEWAY_SUBGRAPH: z.stringbool().default(DEFAULTS.subgraph),
  AWS_REGION: z.string().optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  AWS_ENDPOINT_URL: endpointUrl.optional(),
  AWS_ENDPOINT_URL_COGNITO_SYNC: endpointUrl.optional(),
  AWS_ENDPOINT_URL_PERSONALIZE: endpointUrl.optional(),
  GATEWAY_CURSOR_SECRET: secret.optional(),
  GATEWAY_CURSOR_PREVIOUS_SECRETS: z.string().optional(),
  GATEWAY_DEFAULT_PAGE_SIZE: positiveInt(10_000).default(DEFAULTS.defaultPageSize),
  GATEWAY_MAX_PAGE_SIZE: positiveInt(10_000).default(DEFAULTS.maxPageSize),
  GATEWAY_MAX_WALK_PAGES: positiveInt(10_000).default(DEFAULTS.maxWalkPages),
  GATEWAY_MAX_NODE_IDS: positiveInt(10_000).default(DEFAULTS.maxNodeIds),
  GATEWAY_COGNITO_PAGE_SIZE: positiveInt(1_000).default(DEFAULTS.cognitoSyncPageSize),
  GATEWAY_PERSONALIZE_PAGE_SIZE: positiveInt(100).default(DEFAULTS.personalizePageSize),
  GATEWAY_UPSTREAM_CONCURRENCY: positiveInt(256).default(DEFAULTS.upstreamConcurrency),
  GATEWAY_UPSTREAM_MAX_ATTEMPTS: positiveInt(10).default(DEFAULTS.upstreamMaxAttempts),
  GATEWAY_UPSTREAM_RETRY_MODE: z.enum(['standard', 'adaptive']).default(DEFAULTS.upstreamRetryMode),
  GATEWAY_UPSTREAM_TIMEOUT_MS: milliseconds.default(DEFAULTS.upstreamTimeoutMs),
  GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS: milliseconds.default(DEFAULTS.upstreamConnectTimeoutMs),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(DEFAULTS.logLevel),
  NODE_ENV: z.string().optional(),
});

type Env = Readonly<Record<string, string | undefined>>;

/** Blank values count as unset, so `FOO=` in a .env file means "use the default". */
function presentValues(env: Env): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') present[name] = trimmed;
  }
  return present;
}

function fail(settings: readonly string[], problems: readonly string[]): never {
  throw new ConfigError(settings, `Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** Reads the gateway's settings; throws ConfigError naming every setting that is wrong. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const present = presentValues(env);
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const setting = String(issue.path[0] ?? '(environment)');
      return { setting, text: `${setting}: ${issue.message} (got "${present[setting] ?? ''}")` };
    });
    fail(
      issues.map((i) => i.setting),
      issues.map((i) => i.text),
    );
  }
  const e = parsed.data;

  const awsSettingPresent = AWS_PRESENCE_SETTINGS.some((name) => present[name] !== undefined);
  const mode: GatewayMode = (e.GATEWAY_DEMO ?? !awsSettingPresent) ? 'demo' : 'aws';

  if (e.GATEWAY_DEFAULT_PAGE_SIZE > e.GATEWAY_MAX_PAGE_SIZE) {
    fail(
      ['GATEWAY_DEFAULT_PAGE_SIZE'],
      [
        `GATEWAY_DEFAULT_PAGE_SIZE: must not exceed GATEWAY_MAX_PAGE_SIZE (${e.GATEWAY_DEFAULT_PAGE_SIZE} > ${e.GATEWAY_MAX_PAGE_SIZE})`,
      ],
    );
  }
  if (mode === 'aws' && e.GATEWAY_CURSOR_SECRET === undefined) {
    fail(
      ['GATEWAY_CURSOR_SECRET'],
      [
        `GATEWAY_CURSOR_SECRET: required when using real AWS (at least ${DEFAULTS.minCursorSecretLength} characters; e.g. \`openssl rand -base64 48\`)`,
      ],
    );
  }
  const previousSecrets = (e.GATEWAY_CURSOR_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shortPrevious = previousSecrets.some((s) => !secret.safeParse(s).success);
  if (shortPrevious) {
    fail(
      ['GATEWAY_CURSOR_PREVIOUS_SECRETS'],
      [
        `GATEWAY_CURSOR_PREVIOUS_SECRETS: each secret must be at least ${DEFAULTS.minCursorSecretLength} characters`,
      ],
    );
  }

  const anyEndpoint = e.AWS_ENDPOINT_URL;
  const config: GatewayConfig = {
    mode,
    server: {
      host: e.HOST ?? (mode === 'demo' ? DEFAULTS.demoHost : DEFAULTS.awsHost),
      port: e.PORT,
      graphiql: e.GATEWAY_GRAPHIQL,
      exposeErrors: e.NODE_ENV === 'development',
    },
    logLevel: e.LOG_LEVEL,
    aws: {
      region:
        mode === 'demo' ? DEFAULTS.demoRegion : (e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? undefined),
      endpoints: {
        cognitoSync: e.AWS_ENDPOINT_URL_COGNITO_SYNC ?? anyEndpoint,
        personalize: e.AWS_ENDPOINT_URL_PERSONALIZE ?? anyEndpoint,
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
  },
): GatewayConfig {
  return deepFreeze({
    ...config,
    aws: {
      region: upstream.region ?? config.aws.region ?? DEFAULTS.demoRegion,
      endpoints: { cognitoSync: upstream.endpoint, personalize: upstream.endpoint },
      credentials: { ...upstream.credentials },
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
