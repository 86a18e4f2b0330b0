// Prometheus metrics (placeholder until implemented).
import type { Plugin } from 'graphql-yoga';

import { SILENT_MONITOR, type UpstreamMonitor } from '../../resolvers/upstream.js';

export interface GatewayMetrics {
  readonly upstreamMonitor: UpstreamMonitor;
  /** Counts operations, errors by code and in-flight requests; serves /metrics. */
  readonly plugin: Plugin;
}

export function createMetrics(): GatewayMetrics {
  return { upstreamMonitor: SILENT_MONITOR, plugin: {} };
}
