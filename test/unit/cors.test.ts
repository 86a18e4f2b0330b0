import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createOriginMatcher, LOOPBACK_ORIGINS, originPatternProblem } from '../../src/cors.js';
import { loadConfig } from '../../src/config/index.js';

const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,3}$/);
const origin = fc
  .tuple(fc.constantFrom('http', 'https'), host, fc.option(fc.integer({ min: 1, max: 65_535 })))
  .map(([scheme, name, port]) => `${scheme}://${name}${port === null ? '' : `:${port}`}`);

describe('origin patterns', () => {
  it('an exact origin matches itself and no other origin', () => {
    fc.assert(
      fc.property(origin, origin, (allowed, other) => {
        const matches = createOriginMatcher([allowed]);
        expect(matches(allowed)).toBe(true);
        expect(matches(other)).toBe(other === allowed);
      }),
    );
  });

  it('a wildcard label matches subdomains only, never the bare domain or a lookalike', () => {
    const matches = createOriginMatcher(['https://*.example.com']);
    expect(matches('https://app.example.com')).toBe(true);
    expect(matches('https://a.b.example.com')).toBe(true);
    expect(matches('https://example.com')).toBe(false);
    expect(matches('https://app.example.com.evil.io')).toBe(false);
    expect(matches('https://appexample.com')).toBe(false);
    expect(matches('http://app.example.com')).toBe(false);
    expect(matches('https://app.example.com:8443')).toBe(false);
  });

  it('a wildcard port matches any port of that host, and the default port', () => {
    const matches = createOriginMatcher(LOOPBACK_ORIGINS);
    expect(matches('http://localhost:5173')).toBe(true);
    expect(matches('http://127.0.0.1:3000')).toBe(true);
    expect(matches('http://[::1]:8080')).toBe(true);
    expect(matches('http://localhost')).toBe(true);
    expect(matches('https://localhost:5173')).toBe(false);
    expect(matches('http://localhost.evil.io:5173')).toBe(false);
    expect(matches('null')).toBe(false);
  });

  it('refuses entries that are not origins', () => {
    for (const bad of [
      'example.com',
      'https://example.com/',
      'https://example.com/app',
      'ftp://x.io',
      'https://*',
      'https://a.*.com',
      'HTTPS://X.IO',
    ]) {
      expect(originPatternProblem(bad), bad).toBeDefined();
    }
    for (const good of [
      '*',
      'https://x.io',
      'https://*.x.io',
      'http://localhost:*',
      'http://[::1]:4000',
    ]) {
      expect(originPatternProblem(good), good).toBeUndefined();
    }
  });
});

describe('GATEWAY_CORS_ORIGINS', () => {
  it('allows loopback pages in demo mode and no other origin by default outside it', () => {
    expect(loadConfig({}).server.corsOrigins).toEqual(LOOPBACK_ORIGINS);
    expect(
      loadConfig({
        AWS_REGION: 'eu-west-1',
        GATEWAY_CURSOR_SECRET: 'a-cursor-secret-that-is-long-enough-0123456789',
        GATEWAY_AUTH_MODE: 'none',
      }).server.corsOrigins,
    ).toEqual([]);
  });

  it('reads a comma-separated list and names a bad entry', () => {
    expect(
      loadConfig({ GATEWAY_CORS_ORIGINS: 'https://a.example.com, https://*.b.example.com' }).server
        .corsOrigins,
    ).toEqual(['https://a.example.com', 'https://*.b.example.com']);
    expect(() => loadConfig({ GATEWAY_CORS_ORIGINS: 'https://a.example.com/path' })).toThrow(
      /GATEWAY_CORS_ORIGINS: "https:\/\/a.example.com\/path" is not an origin/,
    );
  });
});
