// Reads the gateway's settings once: every setting of the table parsed by its own schema (a
// default in place of an unset or invalid one), then the checks across settings, then the
// families put where they belong in the config. Throws ConfigError naming every problem.
import { deepFreeze, Problems } from './problems.js';
import {
  ALL_SETTINGS,
  AUTH,
  AWS,
  BROWSER,
  CACHE,
  CONNECTIONS,
  CURSOR,
  DEMO_REGION,
  DEVELOPMENT,
  IDENTITY,
  IDENTITY_ENDPOINT,
  JWT,
  LIMITS,
  LISTEN,
  LOGGING,
  MIN_CURSOR_SECRET_LENGTH,
  MODE,
  OBSERVABILITY,
  PAGINATION,
  RATE_LIMITS,
  REDIS,
  RESILIENCE,
  SCHEMA_SHAPE,
  SDK_ONLY_SETTINGS,
  UPSTREAM,
} from './settings/index.js';
import { checkNames, presentValues, withConfigFile, type Env, type Present } from './sources.js';
import type { DefaultContext, Family, GatewayMode, Setting, ValuesOf } from './table.js';
import type { AuthMode, AuthSettings, GatewayConfig } from './types.js';

/** The value of one setting: its parsed text, or (unset or invalid) its default. */
function readSetting<T>(
  setting: Setting<T>,
  present: Present,
  context: DefaultContext,
  problems: Problems,
): T {
  const text = present[setting.env];
  if (text === undefined) return setting.default.value(context);
  const parsed = setting.schema.safeParse(text);
  if (parsed.success) return parsed.data;
  // Secrets are never echoed: this message goes to stderr and logs.
  const shown = setting.secret ? '[hidden]' : `"${text}"`;
  for (const issue of parsed.error.issues) {
    problems.add(setting.env, `${setting.env}: ${issue.message} (got ${shown})`);
  }
  // The checks across settings still run, with the default in its place, so that one message
  // names every problem.
  return setting.default.value(context);
}

function readFamily<F extends Family>(
  family: F,
  present: Present,
  context: DefaultContext,
  problems: Problems,
): ValuesOf<F> {
  const values: Record<string, unknown> = {};
  for (const [field, setting] of Object.entries(family)) {
    values[field] = readSetting(setting, present, context, problems);
  }
  return values as ValuesOf<F>;
}

/** Demo mode unless GATEWAY_DEMO says otherwise or some AWS setting is present. */
function gatewayMode(present: Present, problems: Problems): GatewayMode {
  const signalsAws = [
    ...Object.values(AWS).map(({ env }) => env),
    IDENTITY_ENDPOINT.cognitoIdentity.env,
    ...SDK_ONLY_SETTINGS,
  ];
  const awsSettingPresent = signalsAws.some((name) => present[name] !== undefined);
  // GATEWAY_DEMO's default depends on nothing; the mode it decides is what the others depend on.
  const demo = readSetting(MODE.demo, present, { mode: 'demo' }, problems);
  return (demo ?? !awsSettingPresent) ? 'demo' : 'aws';
}

/** Reads the gateway's settings; throws ConfigError naming every setting that is wrong. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const problems = new Problems();
  const fromEnv = presentValues(env);
  checkNames(fromEnv, problems);
  const present = withConfigFile(fromEnv, problems);
  const mode = gatewayMode(present, problems);
  const read = <F extends Family>(family: F): ValuesOf<F> =>
    readFamily(family, present, { mode }, problems);

  const listen = read(LISTEN);
  const aws = read(AWS);
  const cursor = read(CURSOR);
  const authValues = read(AUTH);
  const identity = read(IDENTITY);
  const identityEndpoint = read(IDENTITY_ENDPOINT);
  const jwt = read(JWT);
  const pagination = read(PAGINATION);
  const schemaShape = read(SCHEMA_SHAPE);
  const upstream = read(UPSTREAM);
  const resilience = read(RESILIENCE);
  const cache = read(CACHE);
  const redis = read(REDIS);
  const rateLimits = read(RATE_LIMITS);
  const limits = read(LIMITS);
  const observability = read(OBSERVABILITY);
  const connections = read(CONNECTIONS);
  const browser = read(BROWSER);
  const logging = read(LOGGING);
  const development = read(DEVELOPMENT);

  if (pagination.defaultPageSize > pagination.maxPageSize) {
    const [defaultSize, maxSize] = [PAGINATION.defaultPageSize.env, PAGINATION.maxPageSize.env];
    problems.add(
      defaultSize,
      `${defaultSize}: must not exceed ${maxSize} (${pagination.defaultPageSize} > ${pagination.maxPageSize})`,
    );
  }
  if (mode === 'aws' && present[CURSOR.secret.env] === undefined) {
    problems.add(
      CURSOR.secret.env,
      `${CURSOR.secret.env}: required when using real AWS (at least ${MIN_CURSOR_SECRET_LENGTH} characters; e.g. \`openssl rand -base64 48\`)`,
    );
  }
  if (limits.trustedDocuments && present[LIMITS.persistedDocuments.env] === undefined) {
    problems.add(
      LIMITS.persistedDocuments.env,
      `${LIMITS.persistedDocuments.env}: required when ${LIMITS.trustedDocuments.env} is true (the manifest of the documents to trust)`,
    );
  }
  if (cache.mode === 'redis' && redis.url === undefined) {
    problems.add(
      CACHE.mode.env,
      `${CACHE.mode.env}: redis needs ${REDIS.url.env} (the Redis the replicas share)`,
    );
  }
  const authMode = authValues.mode;
  // Demo mode fills them from the built-in emulator's user pool (withLocalUpstream).
  if (mode === 'aws') checkRequiredAuth(authMode, present, problems);
  problems.throwIfAny();

  const auth: AuthSettings =
    authMode === 'identity'
      ? // '' only in demo mode, until withLocalUpstream fills it: required otherwise.
        { mode: authMode, identityPoolId: authValues.identityPoolId ?? '', identity }
      : authMode === 'gateway'
        ? { mode: authMode, identityPoolId: authValues.identityPoolId, jwt }
        : { mode: authMode, identityPoolId: authValues.identityPoolId };
  const config: GatewayConfig = {
    mode,
    auth,
    limits,
    resilience,
    observability,
    server: {
      ...listen,
      ...browser,
      ...development,
      connections: {
        ...connections,
        bodyTimeoutMs: Math.max(connections.bodyTimeoutMs, connections.headersTimeoutMs),
      },
    },
    ...logging,
    aws: {
      region: mode === 'demo' ? DEMO_REGION : (aws.region ?? aws.defaultRegion),
      endpoints: {
        cognitoSync: aws.cognitoSync ?? aws.endpoint,
        personalize: aws.personalize ?? aws.endpoint,
        cognitoIdentity: identityEndpoint.cognitoIdentity ?? aws.endpoint,
      },
      credentials: undefined,
    },
    cursor,
    pagination,
    ...schemaShape,
    upstream: { ...upstream, ...rateLimits },
    cache,
    redis,
  };
  return deepFreeze(config);
}

/** Outside demo mode, each setting the auth mode requires must be set. */
function checkRequiredAuth(authMode: AuthMode, present: Present, problems: Problems): void {
  const modeText = present[AUTH.mode.env];
  const explicit = modeText !== undefined && AUTH.mode.schema.safeParse(modeText).success;
  for (const { env, requiredIn } of ALL_SETTINGS) {
    if (requiredIn !== authMode || present[env] !== undefined) continue;
    problems.add(
      env,
      `${env}: required when ${AUTH.mode.env} is ${authMode}${explicit ? '' : ' (the default outside demo mode)'}. Configure caller authentication, or set ${AUTH.mode.env}=none to run without it.`,
    );
  }
}
