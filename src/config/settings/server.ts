// The HTTP server's settings: where it listens, what one client may hold of it, and what browsers
// may do with it (CORS, GraphiQL).
import { z } from 'zod';

import { LOOPBACK_ORIGINS, originPatternProblem } from '../../cors.js';
import {
  byMode,
  commaList,
  decided,
  fixed,
  flag,
  nonNegativeInt,
  positiveInt,
  setting,
} from '../table.js';

export const LISTEN = {
  port: setting({
    env: 'PORT',
    schema: nonNegativeInt(65_535),
    default: fixed(4000),
    description: 'HTTP port (0 = any free port).',
  }),
  host: setting({
    env: 'HOST',
    schema: z.string(),
    default: byMode('127.0.0.1', '0.0.0.0'),
    description: 'Interface to listen on.',
  }),
};

/** What one client, or all of them, may hold of the HTTP server. */
export const CONNECTIONS = {
  /** Time a client has to send a request's headers. */
  headersTimeoutMs: setting({
    env: 'GATEWAY_HEADERS_TIMEOUT_MS',
    schema: positiveInt(600_000),
    // Node's own defaults hold a slow client for 60 s (headers) and 300 s (the whole request).
    default: fixed(10_000),
    description:
      "Time a client has to send a request's headers, in milliseconds; a slower one gets 408 and its connection closed.",
  }),
  /** Time a client has to send a whole request, body included (never less than the headers'). */
  bodyTimeoutMs: setting({
    env: 'GATEWAY_BODY_TIMEOUT_MS',
    schema: positiveInt(3_600_000),
    default: fixed(30_000),
    description:
      'Time a client has to send a whole request, body included, in milliseconds (408 beyond it). The request deadline starts after it.',
  }),
  /** Most open connections in all; 0: no limit. */
  maxConnections: setting({
    env: 'GATEWAY_MAX_CONNECTIONS',
    schema: nonNegativeInt(1_000_000),
    default: fixed(10_000),
    description:
      'Most open HTTP connections in all; new ones beyond it are closed at once. 0: no limit.',
  }),
  /** Most open connections from one client address; 0: no limit. */
  maxConnectionsPerIp: setting({
    env: 'GATEWAY_MAX_CONNECTIONS_PER_IP',
    schema: nonNegativeInt(1_000_000),
    // A load test or a busy office NAT opens hundreds; a flood of thousands is cut.
    default: fixed(1_024),
    description:
      "Most open HTTP connections from one client address; new ones beyond it are closed at once. Behind a load balancer or proxy every connection comes from its addresses: raise it above the proxy's connection pool, or 0 for no limit.",
  }),
};

const originPatterns = commaList(z.string(), { min: 0 }).superRefine((patterns, context) => {
  for (const pattern of patterns) {
    const problem = originPatternProblem(pattern);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }
});

export const BROWSER = {
  /** Web origins browsers may let read the answers (CORS); empty: same origin only. */
  corsOrigins: setting({
    env: 'GATEWAY_CORS_ORIGINS',
    schema: originPatterns,
    default: decided(
      `${LOOPBACK_ORIGINS.join(',')} in demo mode; none otherwise`,
      ({ mode }): readonly string[] => (mode === 'demo' ? LOOPBACK_ORIGINS : []),
    ),
    description:
      'Comma-separated web origins whose pages may read answers in a browser (CORS): exact origins (https://app.example.com), patterns with * for the leftmost host labels or the port (https://*.example.com, http://localhost:*), or * for every origin. Grants never include credentials: callers send bearer tokens, not cookies. Empty (outside demo mode): same-origin pages only.',
  }),
  graphiql: setting({
    env: 'GATEWAY_GRAPHIQL',
    schema: flag,
    default: fixed(true),
    description: 'Serve GraphiQL to browsers at the GraphQL endpoint.',
  }),
};

export const DEVELOPMENT = {
  /** Development only: unexpected errors show their original message and stack. */
  exposeErrors: setting({
    env: 'NODE_ENV',
    schema: z.string().transform((environment) => environment === 'development'),
    default: fixed(false, '(unset)'),
    description: 'development: unexpected errors show their message and stack to clients.',
  }),
};
