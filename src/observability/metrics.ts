// Prometheus metrics, served at /metrics. Each gateway has its own registry (a test process runs
// many gateways; prom-client's global registry would mix them and refuse duplicate names); the
// process metrics (CPU, memory, event loop, GC) describe the process, so all gateways of a process
// share one registry of them, started once.
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import type { CursorKeyMetrics } from './cursor-keys.js';
import { boundedLabel, errorCodesOf, operationFacts, type OperationFacts } from './operations.js';

export const METRICS_PATH = '/metrics';

/** Seconds; up to the default request deadline (30 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Distinct keys per DataLoader batch; upstream pages hold at most 100 items. */
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100];

export interface MetricsOptions {
  /** Most distinct operation names with their own series; later new names count as "other". */
  readonly maxOperationNames?: number;
}

export const DEFAULT_MAX_OPERATION_NAMES = 100;
const MAX_ERROR_CODES = 50;
/** Foreign key ids with their own series: a few secrets in play, not attacker-chosen ids. */
const MAX_UNKNOWN_CURSOR_KEYS = 10;

export interface GatewayMetrics {
  /** This gateway's own metrics (the process metrics live in a registry shared by the process). */
  readonly registry: Registry;
  readonly upstreamMonitor: UpstreamMonitor;
  readonly cursorKeys: CursorKeyMetrics;
  /** Counts operations, errors by code and in-flight requests; serves /metrics. */
  readonly plugin: Plugin;
  /** Everything /metrics serves, in the Prometheus text format. */
  render(): Promise<string>;
}

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  const operationName = boundedLabel(options.maxOperationNames ?? DEFAULT_MAX_OPERATION_NAMES);
  const errorCode = boundedLabel(MAX_ERROR_CODES);

  const operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations handled, including those refused before execution.',
    labelNames: ['operation_name', 'operation_type'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'Time from the parsed request to the result of one GraphQL operation (authentication included).',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code (NONE when an error has no code).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'gateway_http_requests_in_flight',
    help: 'HTTP requests being handled (all endpoints, this scrape included).',
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'gateway_upstream_calls_total',
    help: 'Upstream AWS calls, by outcome: ok or the error code the call became (after SDK retries).',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'gateway_upstream_call_duration_seconds',
    help: 'Duration of upstream AWS calls, SDK retries included (not the wait for a concurrency slot).',
    labelNames: ['service', 'operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const batchSizes = new Histogram({
    name: 'gateway_dataloader_batch_size',
    help: 'Distinct keys per DataLoader batch (each key is one upstream call).',
    labelNames: ['loader'] as const,
    buckets: BATCH_SIZE_BUCKETS,
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'gateway_dataloader_cache_hits_total',
    help: "Keys a DataLoader answered from its request's cache, without an upstream call.",
    labelNames: ['loader'] as const,
    registers: [registry],
  });

  const cursorKeyInfo = new Gauge({
    name: 'gateway_cursor_keys',
    help: 'Cursor keys by id: the one this replica seals new cursors with (use="issue") and all it accepts (use="accept"). Replicas sharing their secrets list the same ids.',
    labelNames: ['key_id', 'use'] as const,
    registers: [registry],
  });
  const unknownCursorKeys = new Counter({
    name: 'gateway_cursor_unknown_key_total',
    help: 'Cursors refused as sealed under a cursor secret this replica does not have (replicas disagree on GATEWAY_CURSOR_SECRET, or a secret was retired too early), by key id.',
    labelNames: ['key_id'] as const,
    registers: [registry],
  });
  const unknownKeyId = boundedLabel(MAX_UNKNOWN_CURSOR_KEYS);
  const cursorKeys: CursorKeyMetrics = {
    describe({ issuing, accepted }) {
      cursorKeyInfo.set({ key_id: issuing, use: 'issue' }, 1);
      for (const keyId of accepted) cursorKeyInfo.set({ key_id: keyId, use: 'accept' }, 1);
    },
    unknownKey(keyId) {
      unknownCursorKeys.inc({ key_id: unknownKeyId(keyId) });
    },
  };

  const upstreamMonitor: UpstreamMonitor = {
    call(call, outcome, seconds) {
      const labels = { service: call.service, operation: call.operation, outcome };
      upstreamCalls.inc(labels);
      upstreamDuration.observe(labels, seconds);
    },
    batch(loader, size) {
      batchSizes.observe({ loader }, size);
    },
    cacheHit(loader) {
      cacheHits.inc({ loader });
    },
  };

  const render = async (): Promise<string> =>
    `${await processMetrics().metrics()}\n${await registry.metrics()}`;

  // One entry per operation (a batched request has several), keyed by its GraphQL context.
  const parsed = new WeakMap<object, OperationFacts>();

  const plugin: Plugin = {
    instrumentation: {
      // Around the whole handling of a request, so every path out of it (early responses, errors
      // thrown by hooks) brings the gauge back down.
      request: async (_payload, wrapped) => {
        inFlight.inc();
        try {
          await wrapped();
        } finally {
          inFlight.dec();
        }
      },
      operation: async ({ context }, wrapped) => {
        const started = performance.now();
        try {
          await wrapped();
        } finally {
          const facts =
            parsed.get(context) ??
            // Undefined when yoga refused the request's parameters before parsing them.
            operationFacts(
              undefined,
              (context.params as { operationName?: string } | undefined)?.operationName,
            );
          const labels = { operation_name: operationName(facts.name), operation_type: facts.type };
          operations.inc(labels);
          operationDuration.observe(labels, (performance.now() - started) / 1000);
        }
      },
    },
    onRequest(payload) {
      const { url, request, fetchAPI } = payload;
      if (url.pathname !== METRICS_PATH || request.method !== 'GET') return undefined;
      return render().then((body) => {
        payload.endResponse(
          new fetchAPI.Response(body, {
            headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
          }),
        );
      });
    },
    onParse({ context }) {
      return ({ result }) => {
        parsed.set(context, operationFacts(result, context.params.operationName));
      };
    },
    onResultProcess({ result }) {
      for (const code of errorCodesOf(result)) errors.inc({ code: errorCode(code) });
    },
  };

  return { registry, upstreamMonitor, cursorKeys, plugin, render };
}
