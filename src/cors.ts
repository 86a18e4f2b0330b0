// Cross-origin reads (GATEWAY_CORS_ORIGINS): which web origins a browser lets read the gateway's
// answers. Callers authenticate with an explicit bearer token, never a cookie, so no grant ever
// carries `Access-Control-Allow-Credentials` (docs/security.md › Cross-site requests).
import type { CORSOptions } from 'graphql-yoga';

import { REQUEST_ID_HEADER } from './observability/request-id.js';

/**
 * One allow-list entry: `*` (every origin), an exact origin (`https://app.example.com`), or an
 * origin whose leftmost host labels or port are `*` (`https://*.example.com`,
 * `http://localhost:*`).
 */
export type OriginPattern = string;

/** The loopback origins demo mode allows, so a frontend dev server on any port can call it. */
export const LOOPBACK_ORIGINS: readonly OriginPattern[] = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'http://[::1]:*',
];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

const PATTERN =
  /^(https?):\/\/((?:\*\.)?(?:[a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:]+\])(?::(\*|\d{1,5}))?$/;

/** Why `pattern` is not an allow-list entry, or undefined when it is one. */
export function originPatternProblem(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  return PATTERN.test(pattern)
    ? undefined
    : `"${pattern}" is not an origin: write scheme://host[:port] in lower case, without a path ("*" may replace the leftmost host labels or the port, or stand alone)`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patternRegExp(pattern: OriginPattern): RegExp {
  const match = PATTERN.exec(pattern);
  if (match === null) throw new Error(`invalid origin pattern ${pattern}`);
  const [, scheme = '', host = '', port] = match;
  const hostSource = host.startsWith('*.')
    ? `(?:[a-z0-9-]+\\.)+${escapeRegExp(host.slice(2))}`
    : escapeRegExp(host);
  const portSource =
    port === undefined ? '' : port === '*' ? '(?::\\d{1,5})?' : escapeRegExp(`:${port}`);
  return new RegExp(`^${escapeRegExp(scheme)}://${hostSource}${portSource}$`);
}

/** Whether a request's `Origin` matches one of the patterns. */
export function createOriginMatcher(
  patterns: readonly OriginPattern[],
): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const expressions = patterns.map(patternRegExp);
  return (origin) => expressions.some((expression) => expression.test(origin.toLowerCase()));
}

/**
 * graphql-yoga's `cors` option: a grant for allowed origins (the origin is echoed back with
 * `Vary: Origin`, never with credentials), and no CORS headers at all for any other origin, so the
 * browser keeps the answer from the page.
 */
export function corsOptions(patterns: readonly OriginPattern[]): (request: Request) => CORSOptions {
  const allowed = createOriginMatcher(patterns);
  const grant: CORSOptions = {
    // '*' makes yoga echo the request's own origin and add `Vary: Origin`.
    origin: '*',
    credentials: false,
    methods: ['GET', 'POST'],
    exposedHeaders: [REQUEST_ID_HEADER],
    maxAge: PREFLIGHT_MAX_AGE_S,
  };
  return (request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed(origin) ? grant : false;
  };
}
