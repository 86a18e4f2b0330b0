// What the gateway tells its operators: metrics, traces and logs.
import { z } from 'zod';

import { fixed, flag, setting, unset } from '../table.js';

export const OBSERVABILITY = {
  /** Serve Prometheus metrics at /metrics. */
  metrics: setting({
    env: 'GATEWAY_METRICS',
    schema: flag,
    default: fixed(true),
    description: 'Serve Prometheus metrics at /metrics.',
  }),
  /** Emit OpenTelemetry spans (exported per the standard OTEL_* variables). */
  tracing: setting({
    env: 'GATEWAY_TRACING',
    schema: flag,
    default: fixed(false),
    description:
      'Emit OpenTelemetry spans for operations and upstream calls, exported per the standard OTEL_EXPORTER_OTLP_* variables.',
  }),
};

export const LOGGING = {
  logLevel: setting({
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: fixed('info' as const),
    description: 'fatal, error, warn, info, debug, trace or silent.',
  }),
  /** Undefined: pretty when stdout is a terminal or in demo mode, else JSON (decided by main). */
  logFormat: setting({
    env: 'LOG_FORMAT',
    schema: z.enum(['json', 'pretty']),
    default: unset('pretty when stdout is a terminal or in demo mode, json otherwise'),
    description: 'json: one JSON object per line, for log shippers. pretty: readable lines.',
  }),
};
