// What operators see of the gateway, assembled for src/server.ts: request ids, logs, readiness,
// Prometheus metrics (GATEWAY_METRICS) and OpenTelemetry tracing (GATEWAY_TRACING).
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import type { ObservabilitySettings } from '../config/index.js';
import { SILENT_MONITOR } from '../upstream.js';
import { createCursorKeyWatch, type CursorKeyWatch } from './cursor-keys.js';
import { useRequestLogging } from './logging.js';
import { createMetrics } from './metrics.js';
import { useRequestId } from './request-id.js';
import {
  createSharedStateMetrics,
  SILENT_SHARED_STATE_MONITOR,
  type SharedStateMonitor,
} from './shared-state-metrics.js';
import type { GatewayTracing, TracingPlugin } from './tracing.js';

export { gatewayLogger } from './logging.js';

/** Readiness: 200 while the gateway takes traffic, 503 once shutdown has begun. */
const READY_PATH = '/ready';

export interface ObservabilityOptions {
  readonly settings: ObservabilitySettings;
  /** A gatewayLogger: it adds the request id to the lines logged while a request is handled. */
  readonly logger: Logger;
  readonly graphqlEndpoint: string;
  /** False once shutdown has begun. */
  readonly isReady: () => boolean;
  /**
   * The gateway's tracing when GATEWAY_TRACING is on: created by the caller, which loads
   * OpenTelemetry only then (src/optional-modules.ts).
   */
  readonly tracing?: GatewayTracing | undefined;
}

export interface Observability {
  /** In this order, before any other plugin (the first one scopes the whole request). */
  readonly plugins: readonly TracingPlugin[];
  readonly upstreamMonitor: UpstreamMonitor;
  /** The cursor codec's key ids and the cursors it refuses as sealed under an unknown key. */
  readonly cursorKeys: CursorKeyWatch;
  /** The upstream cache, Redis and the fleet-wide rate limit. */
  readonly sharedState: SharedStateMonitor;
}

/** One monitor that tells each of `monitors` everything. */
export function combineMonitors(monitors: readonly UpstreamMonitor[]): UpstreamMonitor {
  if (monitors.length === 0) return SILENT_MONITOR;
  const [only] = monitors;
  if (monitors.length === 1 && only !== undefined) return only;
  return {
    call: (call, outcome, seconds) => {
      for (const monitor of monitors) monitor.call(call, outcome, seconds);
    },
    batch: (loader, size) => {
      for (const monitor of monitors) monitor.batch(loader, size);
    },
    cacheHit: (loader) => {
      for (const monitor of monitors) monitor.cacheHit(loader);
    },
  };
}

/**
 * `/ready`, matched by its path. Not yoga's useReadinessCheck: that one also tests a URLPattern
 * against every request that is not the readiness probe (each GraphQL request, that is), and
 * matches any URL that merely ends in `/ready`, query strings included.
 */
function useReadiness(isReady: () => boolean): Plugin {
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      // The cheap test first: only then is the URL parsed (yoga parses it lazily).
      if (!request.url.includes(READY_PATH) || url.pathname !== READY_PATH) return;
      payload.endResponse(new fetchAPI.Response(null, { status: isReady() ? 200 : 503 }));
    },
  };
}

export function createObservability(options: ObservabilityOptions): Observability {
  const { settings, isReady } = options;
  const metrics = settings.metrics ? createMetrics() : undefined;
  const tracing = settings.tracing ? options.tracing : undefined;
  if (settings.tracing && tracing === undefined) {
    throw new Error('GATEWAY_TRACING is on, but no tracing was created for it');
  }
  const readiness = useReadiness(isReady);
  return {
    plugins: [
      useRequestLogging({ logger: options.logger, graphqlEndpoint: options.graphqlEndpoint }),
      useRequestId(),
      readiness,
      ...(metrics === undefined ? [] : [metrics.plugin]),
      ...(tracing?.plugins ?? []),
    ],
    upstreamMonitor: combineMonitors(
      [metrics?.upstreamMonitor, tracing?.upstreamMonitor].filter(
        (monitor): monitor is UpstreamMonitor => monitor !== undefined,
      ),
    ),
    cursorKeys: createCursorKeyWatch({ logger: options.logger, metrics: metrics?.cursorKeys }),
    sharedState:
      metrics === undefined
        ? SILENT_SHARED_STATE_MONITOR
        : createSharedStateMetrics(metrics.registry),
  };
}
