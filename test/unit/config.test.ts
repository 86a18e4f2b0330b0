import { describe, expect, it } from 'vitest';

import { ConfigError, DEFAULTS, SETTINGS, loadConfig, renderSettings } from '../../src/config.js';

const SECRET = 'a-cursor-secret-that-is-long-enough-0123456789';

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
  it('starts in demo mode on loopback with the documented defaults when no AWS setting is present', () => {
    const config = loadConfig({});

    expect(config.mode).toBe('demo');
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: DEFAULTS.port });
    expect(config.pagination).toEqual({
      defaultPageSize: 20,
      maxPageSize: 100,
      maxWalkPages: 50,
    });
    expect(config.upstream).toMatchObject({
      cognitoSyncPageSize: 20,
      personalizePageSize: 100,
      concurrency: 8,
      maxAttempts: 3,
      retryMode: 'standard',
    });
    expect(config.cursor.secret.length).toBeGreaterThanOrEqual(DEFAULTS.minCursorSecretLength);
  });

  it('uses real AWS as soon as an AWS setting is present, and then requires a cursor secret', () => {
    expect(configError({ AWS_PROFILE: 'prod' }).settings).toEqual(['GATEWAY_CURSOR_SECRET']);

    const config = loadConfig({ AWS_PROFILE: 'prod', GATEWAY_CURSOR_SECRET: SECRET });
    expect(config.mode).toBe('aws');
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.aws.region).toBeUndefined();
  });

  it('lets GATEWAY_DEMO force either mode', () => {
    expect(loadConfig({ GATEWAY_DEMO: 'false', GATEWAY_CURSOR_SECRET: SECRET }).mode).toBe('aws');
    expect(loadConfig({ GATEWAY_DEMO: 'true', AWS_REGION: 'eu-west-1' }).mode).toBe('demo');
  });

  it('reads AWS_DEFAULT_REGION and lets service endpoints override AWS_ENDPOINT_URL', () => {
    const config = loadConfig({
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_PERSONALIZE: 'http://127.0.0.1:5000',
      GATEWAY_CURSOR_SECRET: SECRET,
    });

    expect(config.aws.region).toBe('eu-west-1');
    expect(config.aws.endpoints).toEqual({
      cognitoSync: 'http://127.0.0.1:4566',
      personalize: 'http://127.0.0.1:5000',
    });
  });

  it('names every setting whose value is invalid', () => {
    const error = configError({
      PORT: 'eighty',
      GATEWAY_PERSONALIZE_PAGE_SIZE: '500',
      GATEWAY_UPSTREAM_RETRY_MODE: 'legacy',
    });

    expect([...error.settings].sort()).toEqual([
      'GATEWAY_PERSONALIZE_PAGE_SIZE',
      'GATEWAY_UPSTREAM_RETRY_MODE',
      'PORT',
    ]);
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('GATEWAY_PERSONALIZE_PAGE_SIZE');
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
});
