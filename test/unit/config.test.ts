import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import {
  ConfigError,
  DEFAULTS,
  SCHEMA_SETTING_NAMES,
  SETTINGS,
  loadConfig,
  renderSettings,
  withLocalUpstream,
} from '../../src/config/index.js';

const SECRET = 'a-cursor-secret-that-is-long-enough-0123456789';
/** Outside demo mode with the least the gateway needs besides caller authentication. */
const AWS = { AWS_REGION: 'eu-west-1', GATEWAY_CURSOR_SECRET: SECRET } as const;
const IDENTITY = {
  GATEWAY_IDENTITY_POOL_ID: 'eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  GATEWAY_IDENTITY_LOGIN_PROVIDER: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI',
} as const;
const JWT = {
  GATEWAY_JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  GATEWAY_JWT_ISSUER: 'https://idp.example.com/',
  GATEWAY_JWT_AUDIENCE: 'gateway, gateway-staging',
} as const;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('starts in demo mode on loopback, without caller authentication, with the documented defaults when no AWS setting is present', () => {
    const config = loadConfig({});

    expect(config.mode).toBe('demo');
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: DEFAULTS.port });
    expect(config.auth).toEqual({
      mode: 'none',
      identityPoolId: undefined,
      identity: undefined,
      jwt: undefined,
    });
    expect(config.pagination).toEqual({
      defaultPageSize: 20,
      maxPageSize: 100,
      maxWalkPages: 50,
    });
    expect(config.upstream).toEqual({
      cognitoSyncPageSize: 20,
      personalizePageSize: 100,
      concurrency: 8,
      maxAttempts: 7,
      retryMode: 'standard',
      timeoutMs: 5_000,
      connectTimeoutMs: 3_000,
      upstreamRateLimits: [],
    });
    expect(config.cache).toEqual({ mode: undefined, ttlMs: 10_000, memoryBytes: 64 * 1024 * 1024 });
    expect(config.redis).toEqual({ url: undefined, commandTimeoutMs: 150 });
    expect(config.resilience).toEqual({
      requestTimeoutMs: 15_000,
      serviceConcurrency: 64,
      shutdownGraceMs: 20_000,
      // Demo mode: Ctrl-C need not wait for load balancers.
      shutdownDrainMs: 0,
      readyRequiresUpstream: false,
    });
    expect(config.limits).toMatchObject({ introspection: true, fieldSuggestions: true });
    expect(config.observability).toEqual({ metrics: true, tracing: false });
    expect(config.cursor.secret.length).toBeGreaterThanOrEqual(DEFAULTS.minCursorSecretLength);
  });

  it('uses real AWS as soon as an AWS setting is present, and then requires a cursor secret', () => {
    expect(configError({ AWS_PROFILE: 'prod' }).settings).toEqual([
      'GATEWAY_CURSOR_SECRET',
      // Reported in the same message: identity mode is the default outside demo mode.
      'GATEWAY_IDENTITY_POOL_ID',
      'GATEWAY_IDENTITY_LOGIN_PROVIDER',
    ]);

    const config = loadConfig({
      AWS_PROFILE: 'prod',
      GATEWAY_CURSOR_SECRET: SECRET,
      GATEWAY_AUTH_MODE: 'none',
    });
    expect(config.mode).toBe('aws');
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.aws.region).toBeUndefined();
    // Production defaults: no schema discovery for strangers.
    expect(config.limits).toMatchObject({ introspection: false, fieldSuggestions: false });
  });

  it('lets GATEWAY_DEMO force either mode', () => {
    expect(
      loadConfig({
        GATEWAY_DEMO: 'false',
        GATEWAY_CURSOR_SECRET: SECRET,
        GATEWAY_AUTH_MODE: 'none',
      }).mode,
    ).toBe('aws');
    expect(loadConfig({ GATEWAY_DEMO: 'true', AWS_REGION: 'eu-west-1' }).mode).toBe('demo');
  });

  it('reads AWS_DEFAULT_REGION and lets service endpoints override AWS_ENDPOINT_URL', () => {
    const config = loadConfig({
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_PERSONALIZE: 'http://127.0.0.1:5000',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY: 'http://127.0.0.1:5001',
      GATEWAY_CURSOR_SECRET: SECRET,
      GATEWAY_AUTH_MODE: 'none',
    });

    expect(config.aws.region).toBe('eu-west-1');
    expect(config.aws.endpoints).toEqual({
      cognitoSync: 'http://127.0.0.1:4566',
      personalize: 'http://127.0.0.1:5000',
      cognitoIdentity: 'http://127.0.0.1:5001',
    });
  });

  it('drains for 5 s before it stops accepting, outside demo mode', () => {
    expect(loadConfig({ ...AWS, GATEWAY_AUTH_MODE: 'none' }).resilience.shutdownDrainMs).toBe(
      5_000,
    );
  });

  it('reads the resilience settings', () => {
    const config = loadConfig({
      GATEWAY_REQUEST_TIMEOUT_MS: '2500',
      GATEWAY_UPSTREAM_SERVICE_CONCURRENCY: '4',
      GATEWAY_SHUTDOWN_GRACE_MS: '0',
      GATEWAY_SHUTDOWN_DRAIN_MS: '1500',
      GATEWAY_READY_REQUIRES_UPSTREAM: 'true',
      GATEWAY_UPSTREAM_RETRY_MODE: 'standard',
      GATEWAY_UPSTREAM_MAX_ATTEMPTS: '10',
    });

    expect(config.resilience).toEqual({
      requestTimeoutMs: 2500,
      serviceConcurrency: 4,
      shutdownGraceMs: 0,
      shutdownDrainMs: 1500,
      readyRequiresUpstream: true,
    });
    expect(config.upstream).toMatchObject({ retryMode: 'standard', maxAttempts: 10 });
  });

  it('refuses a region that is not an AWS region name, at start', () => {
    const error = configError({ ...AWS, ...IDENTITY, AWS_REGION: 'not a region!' });
    expect(error.settings).toContain('AWS_REGION');
    expect(error.message).toMatch(/AWS_REGION: must be an AWS region name such as us-east-1/);
    for (const region of ['us-east-1', 'us-gov-west-1', 'ap-southeast-4', 'cn-northwest-1']) {
      expect(loadConfig({ ...AWS, ...IDENTITY, AWS_REGION: region }).aws.region).toBe(region);
    }
  });

  it('names every setting whose value is invalid', () => {
    const error = configError({
      PORT: 'eighty',
      GATEWAY_PERSONALIZE_PAGE_SIZE: '500',
      GATEWAY_UPSTREAM_RETRY_MODE: 'legacy',
      GATEWAY_REQUEST_TIMEOUT_MS: '0',
      GATEWAY_UPSTREAM_SERVICE_CONCURRENCY: 'many',
      GATEWAY_SHUTDOWN_GRACE_MS: '-1',
      GATEWAY_AUTH_MODE: 'basic',
      GATEWAY_JWT_JWKS_URL: 'ftp://idp.example.com/jwks.json',
      GATEWAY_JWT_ALGORITHMS: 'HS256',
      GATEWAY_IDENTITY_POOL_ID: 'not a pool',
      GATEWAY_IDENTITY_ACCOUNT_ID: '1234',
      GATEWAY_TRACING: 'perhaps',
    });

    expect([...error.settings].sort()).toEqual([
      'GATEWAY_AUTH_MODE',
      'GATEWAY_IDENTITY_ACCOUNT_ID',
      'GATEWAY_IDENTITY_POOL_ID',
      'GATEWAY_JWT_ALGORITHMS',
      'GATEWAY_JWT_JWKS_URL',
      'GATEWAY_PERSONALIZE_PAGE_SIZE',
      'GATEWAY_REQUEST_TIMEOUT_MS',
      'GATEWAY_SHUTDOWN_GRACE_MS',
      'GATEWAY_TRACING',
      'GATEWAY_UPSTREAM_RETRY_MODE',
      'GATEWAY_UPSTREAM_SERVICE_CONCURRENCY',
      'PORT',
    ]);
    for (const setting of error.settings) expect(error.message).toContain(`${setting}:`);
  });

  it('refuses a misspelt GATEWAY_ variable, naming the setting it resembles', () => {
    const error = configError({ GATEWAY_INTROSPECTON: 'false', GATEWAY_MAXDEPTH: '3' });

    expect(error.settings).toEqual(['GATEWAY_INTROSPECTON', 'GATEWAY_MAXDEPTH']);
    expect(error.message).toContain(
      'GATEWAY_INTROSPECTON: not a setting; did you mean GATEWAY_INTROSPECTION?',
    );
    expect(error.message).toContain(
      'GATEWAY_MAXDEPTH: not a setting; did you mean GATEWAY_MAX_DEPTH?',
    );
    // Other variables of the environment are not the gateway's business.
    expect(loadConfig({ HOME: '/root', AWS_SDK_LOAD_CONFIG: '1', NODE_OPTIONS: '' }).mode).toBe(
      'demo',
    );
  });

  it('says "see --help" for a GATEWAY_ variable that resembles no setting', () => {
    expect(configError({ GATEWAY_SOMETHING_ELSE_ENTIRELY: '1' }).message).toContain(
      'GATEWAY_SOMETHING_ELSE_ENTIRELY: not a setting; see --help for the settings',
    );
  });

  it('reports invalid values, cross-setting problems and missing settings in one message', () => {
    const error = configError({
      AWS_REGION: 'eu-west-1',
      GATEWAY_MAX_DEPTH: 'deep',
      GATEWAY_DEFAULT_PAGE_SIZE: '50',
      GATEWAY_MAX_PAGE_SIZE: '10',
      GATEWAY_INTROSPECTON: 'false',
    });

    expect([...error.settings].sort()).toEqual([
      'GATEWAY_CURSOR_SECRET',
      'GATEWAY_DEFAULT_PAGE_SIZE',
      'GATEWAY_IDENTITY_LOGIN_PROVIDER',
      'GATEWAY_IDENTITY_POOL_ID',
      'GATEWAY_INTROSPECTON',
      'GATEWAY_MAX_DEPTH',
    ]);
  });

  it('documents in --help every GATEWAY_ setting it reads, so none is refused as unknown', () => {
    const documented = new Set(SETTINGS.map((setting) => setting.name));
    const read = SCHEMA_SETTING_NAMES.filter((name) => name.startsWith('GATEWAY_'));
    expect(read.length).toBeGreaterThan(40);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('refuses a default page size above the maximum page size', () => {
    const error = configError({ GATEWAY_DEFAULT_PAGE_SIZE: '50', GATEWAY_MAX_PAGE_SIZE: '10' });

    expect(error.settings).toEqual(['GATEWAY_DEFAULT_PAGE_SIZE']);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', AWS_REGION: '' }).server.port).toBe(DEFAULTS.port);
    expect(loadConfig({ AWS_REGION: '' }).mode).toBe('demo');
  });

  it('returns a frozen config', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.upstream)).toBe(true);
    expect(Object.isFrozen(config.resilience)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
  });
});

describe('caller authentication settings', () => {
  it('refuses to start outside demo mode without an auth configuration, naming what is missing and the opt-out', () => {
    const error = configError({ ...AWS });

    expect(error.settings).toEqual(['GATEWAY_IDENTITY_POOL_ID', 'GATEWAY_IDENTITY_LOGIN_PROVIDER']);
    expect(error.message).toContain('the default outside demo mode');
    expect(error.message).toContain('GATEWAY_AUTH_MODE=none');
  });

  it('accepts GATEWAY_AUTH_MODE=none outside demo mode when the operator sets it', () => {
    const config = loadConfig({ ...AWS, GATEWAY_AUTH_MODE: 'none' });

    expect(config.mode).toBe('aws');
    expect(config.auth.mode).toBe('none');
  });

  it('identity mode (the default outside demo mode) needs the identity pool and its login provider', () => {
    const missingProvider = configError({
      ...AWS,
      GATEWAY_AUTH_MODE: 'identity',
      GATEWAY_IDENTITY_POOL_ID: IDENTITY.GATEWAY_IDENTITY_POOL_ID,
    });
    expect(missingProvider.settings).toEqual(['GATEWAY_IDENTITY_LOGIN_PROVIDER']);
    expect(missingProvider.message).toContain('required when GATEWAY_AUTH_MODE is identity');

    const config = loadConfig({ ...AWS, ...IDENTITY, GATEWAY_IDENTITY_ACCOUNT_ID: '123456789012' });
    expect(config.auth).toEqual({
      mode: 'identity',
      identityPoolId: IDENTITY.GATEWAY_IDENTITY_POOL_ID,
      identity: {
        loginProvider: IDENTITY.GATEWAY_IDENTITY_LOGIN_PROVIDER,
        accountId: '123456789012',
        cacheSize: DEFAULTS.cacheSize,
      },
      jwt: undefined,
    });
  });

  it('gateway mode needs the JWKS URL, issuer and audience, and defaults the rest', () => {
    const error = configError({ ...AWS, GATEWAY_AUTH_MODE: 'gateway' });
    expect(error.settings).toEqual([
      'GATEWAY_JWT_JWKS_URL',
      'GATEWAY_JWT_ISSUER',
      'GATEWAY_JWT_AUDIENCE',
    ]);
    expect(error.message).toContain('required when GATEWAY_AUTH_MODE is gateway.');

    const config = loadConfig({ ...AWS, ...JWT, GATEWAY_AUTH_MODE: 'gateway' });
    expect(config.auth.mode).toBe('gateway');
    expect(config.auth.identity).toBeUndefined();
    expect(config.auth.jwt).toEqual({
      jwksUrl: JWT.GATEWAY_JWT_JWKS_URL,
      issuer: JWT.GATEWAY_JWT_ISSUER,
      audience: ['gateway', 'gateway-staging'],
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: DEFAULTS.clockToleranceSeconds,
      identityClaim: 'identity_ids',
      scopeClaim: 'scope',
      adminScope: 'datasets:admin',
      personalizeScope: 'personalize:read',
    });
  });

  it('in demo mode leaves blank auth settings to the built-in emulator user pool', () => {
    const config = loadConfig({ GATEWAY_AUTH_MODE: 'gateway' });
    const local = withLocalUpstream(config, {
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      identityProvider: {
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01',
        jwksUrl: 'http://127.0.0.1:4566/us-east-1_EmuPool01/.well-known/jwks.json',
        loginProvider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01',
        clientId: 'emulator-client',
      },
    });

    expect(local.auth.jwt).toMatchObject({
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01',
      jwksUrl: 'http://127.0.0.1:4566/us-east-1_EmuPool01/.well-known/jwks.json',
      audience: ['emulator-client'],
    });
    expect(local.aws.endpoints.cognitoIdentity).toBe('http://127.0.0.1:4566');
  });
});

describe('identity pool settings', () => {
  const LOCAL = {
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    identityProvider: {
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01',
      jwksUrl: 'http://127.0.0.1:4566/us-east-1_EmuPool01/.well-known/jwks.json',
      loginProvider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01',
      clientId: 'emulator-client',
    },
  } as const;

  it('accepts an identity pool id by the rule identityPoolId arguments are checked with (hex in either case)', () => {
    const upper = 'eu-west-1:0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0';
    const config = loadConfig({ ...AWS, ...IDENTITY, GATEWAY_IDENTITY_POOL_ID: upper });
    expect(config.auth.identityPoolId).toBe(upper);
    expect(
      configError({ ...AWS, ...IDENTITY, GATEWAY_IDENTITY_POOL_ID: `eu-west-1:${'a'.repeat(60)}` })
        .settings,
    ).toEqual(['GATEWAY_IDENTITY_POOL_ID']);
  });

  it('in demo identity mode takes the pool from the demo data, and refuses to run without one', () => {
    const config = loadConfig({ GATEWAY_AUTH_MODE: 'identity' });
    const pool = 'us-east-1:00000000-0000-4000-8000-000000000001';

    const local = withLocalUpstream(config, { ...LOCAL, identityPoolId: pool });
    expect(local.auth).toMatchObject({
      mode: 'identity',
      identityPoolId: pool,
      identity: { loginProvider: LOCAL.identityProvider.loginProvider },
    });

    let refusal: unknown;
    try {
      withLocalUpstream(config, LOCAL);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).settings).toEqual(['GATEWAY_IDENTITY_POOL_ID']);
  });
});

describe('GATEWAY_CONFIG_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
  let files = 0;
  /** Writes `content` (JSON unless a string) to a fresh file and returns its path. */
  const file = (content: unknown): string => {
    files += 1;
    const path = join(dir, `config-${files}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads settings from the file, strings, numbers and booleans alike', () => {
    const path = file({
      ...AWS,
      ...JWT,
      GATEWAY_AUTH_MODE: 'gateway',
      GATEWAY_REQUEST_TIMEOUT_MS: 4000,
      GATEWAY_METRICS: false,
    });
    const config = loadConfig({ GATEWAY_CONFIG_FILE: path });

    expect(config.mode).toBe('aws');
    expect(config.aws.region).toBe('eu-west-1');
    expect(config.auth.jwt?.issuer).toBe(JWT.GATEWAY_JWT_ISSUER);
    expect(config.resilience.requestTimeoutMs).toBe(4000);
    expect(config.observability.metrics).toBe(false);
  });

  it('lets environment variables override the file', () => {
    const path = file({ ...AWS, GATEWAY_AUTH_MODE: 'none', PORT: 8080, LOG_LEVEL: 'debug' });
    const config = loadConfig({ GATEWAY_CONFIG_FILE: path, PORT: '9090' });

    expect(config.server.port).toBe(9090);
    expect(config.logLevel).toBe('debug');
  });

  it('refuses names that are not settings, naming each', () => {
    const path = file({ ...AWS, GATEWAY_AUTH_MODE: 'none', GATEWAY_REQUEST_TIMEOUT: 5, PROT: 80 });
    const error = configError({ GATEWAY_CONFIG_FILE: path });

    expect(error.settings).toEqual(['GATEWAY_REQUEST_TIMEOUT', 'PROT']);
    expect(error.message).toContain(
      `GATEWAY_REQUEST_TIMEOUT (in ${path}): not a setting; did you mean GATEWAY_REQUEST_TIMEOUT_MS?`,
    );
    expect(error.message).toContain(`PROT (in ${path}): not a setting; did you mean PORT?`);
  });

  it('names the file when it is not JSON, not an object, or missing', () => {
    for (const path of [file('{ "PORT": 80, '), file(['PORT']), join(dir, 'missing.json')]) {
      const error = configError({ GATEWAY_CONFIG_FILE: path });
      expect(error.settings, path).toEqual(['GATEWAY_CONFIG_FILE']);
      expect(error.message, path).toContain(path);
    }
  });

  it('names a setting of the file whose value is not a string, a number or a boolean', () => {
    const path = file({ PORT: { value: 80 } });
    const error = configError({ GATEWAY_CONFIG_FILE: path });
    expect(error.settings).toEqual(['PORT']);
    expect(error.message).toContain(`PORT (in ${path}): must be a string, a number or a boolean`);
  });

  it('validates values from the file like environment variables, naming the setting', () => {
    const path = file({ ...AWS, GATEWAY_AUTH_MODE: 'none', GATEWAY_SHUTDOWN_GRACE_MS: 'soon' });

    expect(configError({ GATEWAY_CONFIG_FILE: path }).settings).toEqual([
      'GATEWAY_SHUTDOWN_GRACE_MS',
    ]);
  });
});

describe('renderSettings', () => {
  it('lists every setting with its default', () => {
    const text = renderSettings();
    const markdown = renderSettings('markdown');

    for (const setting of SETTINGS) {
      expect(text).toContain(setting.name);
      expect(markdown).toContain(`| \`${setting.name}\` | ${setting.default} |`);
    }
  });

  it('names each setting once (one table entry per variable)', () => {
    expect(new Set(SCHEMA_SETTING_NAMES).size).toBe(SCHEMA_SETTING_NAMES.length);
    expect(new Set(SETTINGS.map((setting) => setting.name)).size).toBe(SETTINGS.length);
  });

  it('documents every setting the gateway reads', () => {
    const documented = new Set(SETTINGS.map((setting) => setting.name));
    for (const name of [
      'GATEWAY_REQUEST_TIMEOUT_MS',
      'GATEWAY_UPSTREAM_SERVICE_CONCURRENCY',
      'GATEWAY_SHUTDOWN_GRACE_MS',
      'GATEWAY_CONFIG_FILE',
      'GATEWAY_AUTH_MODE',
      'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
    ]) {
      expect(documented.has(name), name).toBe(true);
    }
  });
});

describe('npm start', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  /** src/main.ts as `npm start` runs it, with only the given environment. */
  const start = (args: readonly string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('--help lists every setting with its default and exits 0', () => {
    const result = start(['--help']);

    expect(result.status).toBe(0);
    for (const setting of SETTINGS) {
      expect(result.stdout).toContain(setting.name);
      expect(result.stdout).toContain(`default: ${setting.default}`);
    }
  }, 60_000);

  it('refuses to start with a bad setting, naming it, and exits 1', () => {
    const result = start([], { PORT: 'eighty' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).toContain('--help');
  }, 60_000);

  it('refuses to start on AWS without caller authentication configured', () => {
    const result = start([], { ...AWS });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('GATEWAY_IDENTITY_POOL_ID');
    expect(result.stderr).toContain('GATEWAY_AUTH_MODE=none');
  }, 60_000);
});

describe('the shared state settings', () => {
  it('reads the cache, Redis and fleet rate limits, and keeps the Redis URL out of errors', () => {
    const config = loadConfig({
      GATEWAY_CACHE: 'redis',
      GATEWAY_REDIS_URL: 'rediss://app:s3cret@cache.internal:6380/2',
      GATEWAY_CACHE_TTL_MS: '30000',
      GATEWAY_UPSTREAM_RATE_LIMITS: 'personalize=10,cognito-sync:ListDatasets=2',
    });
    expect(config.cache).toMatchObject({ mode: 'redis', ttlMs: 30_000 });
    expect(config.redis.url).toBe('rediss://app:s3cret@cache.internal:6380/2');
    expect(config.upstream.upstreamRateLimits).toEqual([
      { service: 'personalize', operation: undefined, callsPerSecond: 10 },
      { service: 'cognito-sync', operation: 'ListDatasets', callsPerSecond: 2 },
    ]);
    let message = '';
    try {
      loadConfig({ GATEWAY_REDIS_URL: 'http://app:s3cret@cache.internal' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/GATEWAY_REDIS_URL/);
    expect(message).not.toContain('s3cret');
  });

  it('refuses GATEWAY_CACHE=redis without a Redis, and a rate rule naming no service', () => {
    expect(() => loadConfig({ GATEWAY_CACHE: 'redis' })).toThrow(/GATEWAY_REDIS_URL/);
    expect(() => loadConfig({ GATEWAY_UPSTREAM_RATE_LIMITS: 's3=5' })).toThrow(
      /names no upstream service/,
    );
  });
});
