// OpenTelemetry tracing (GATEWAY_TRACING): a span per GraphQL operation and per resolver
// (@envelop/opentelemetry) and one per upstream AWS call, exported in batches over OTLP/HTTP as
// the standard OTEL_* variables say (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME,
// OTEL_TRACES_SAMPLER, OTEL_BSP_*...). The tracer provider is the gateway's own and is never
// registered globally, so several gateways in one process (or the host's own tracing) don't mix.
import { AsyncLocalStorage } from 'node:async_hooks';

import {
  AttributeName,
  getCurrentOtelContext,
  setCurrentOtelContext,
  useOpenTelemetry,
} from '@envelop/opentelemetry';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { isLeafType, isSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import { SILENT_MONITOR } from '../upstream.js';
import { requestIdOf } from './request-id.js';

/** service.name unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) says otherwise. */
export const DEFAULT_SERVICE_NAME = 'dataset-gateway';
const TRACER_NAME = 'dataset-gateway';

export const REQUEST_ID_ATTRIBUTE = 'gateway.request_id';
export const UPSTREAM_OUTCOME_ATTRIBUTE = 'gateway.upstream.outcome';

export interface TracingOptions {
  /**
   * Where finished spans go. Default: OTLP over HTTP, configured by the OTEL_EXPORTER_OTLP_*
   * variables. Tests pass an in-memory exporter.
   */
  readonly exporter?: SpanExporter;
}

/** Yoga plugins, or envelop plugins (which yoga also takes). */
export type TracingPlugin = Plugin | ReturnType<typeof useOpenTelemetry>;

export interface GatewayTracing {
  readonly plugins: readonly TracingPlugin[];
  /** Turns each upstream call made while an operation executes into a child span of it. */
  readonly upstreamMonitor: UpstreamMonitor;
  /** Exports the spans still buffered, then stops the exporter (also done on yoga's dispose). */
  shutdown(): Promise<void>;
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

function isRequest(value: unknown): value is Request {
  return typeof value === 'object' && value !== null && 'headers' in value && 'url' in value;
}

/** The HTTP request of a yoga context. */
function requestOf(context: unknown): Request | undefined {
  if (typeof context !== 'object' || context === null || !('request' in context)) return undefined;
  return isRequest(context.request) ? context.request : undefined;
}

const RESOLVER_ARGS: string = AttributeName.RESOLVER_ARGS;

/** `[Type!]!` → `Type` */
function namedType(typeString: unknown): string {
  return typeof typeString === 'string' ? typeString.replace(/[[\]!]/g, '') : '';
}

/**
 * Adapts the plugin's resolver spans. It would trace every field, a span per scalar of every item
 * (a page of 100 datasets is a thousand spans): fields of scalar and enum types get no span (what
 * they cost upstream still shows as upstream-call spans). Its spans carry the field's arguments
 * as JSON (ids, cursors: client data that has no place in a trace backend): dropped. A resolver
 * that fails records the exception but never ends its span, so it would never be exported: ended
 * here with an error status.
 */
function safeTracer(tracer: Tracer, leafTypes: ReadonlySet<string>): Tracer {
  return {
    startSpan(name, options = {}, context) {
      const given = options.attributes ?? {};
      const resolver = AttributeName.RESOLVER_FIELD_NAME in given;
      if (resolver && leafTypes.has(namedType(given[AttributeName.RESOLVER_RESULT_TYPE]))) {
        return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
      }
      const attributes = Object.fromEntries(
        Object.entries(given).filter(([key]) => key !== RESOLVER_ARGS),
      );
      const span = tracer.startSpan(name, { ...options, attributes }, context);
      if (resolver) endOnException(span);
      return span;
    },
    startActiveSpan: tracer.startActiveSpan.bind(tracer),
  };
}

function endOnException(span: Span): void {
  const record = span.recordException.bind(span);
  span.recordException = (exception, time) => {
    record(exception, time);
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
}

export function createTracing(options: TracingOptions = {}): GatewayTracing {
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': DEFAULT_SERVICE_NAME }).merge(
      envDetectorSync.detect(),
    ),
    spanProcessors: [new BatchSpanProcessor(options.exporter ?? new OTLPTraceExporter())],
  });
  const tracer = provider.getTracer(TRACER_NAME);
  const leafTypes = new Set<string>();
  const safe = safeTracer(tracer, leafTypes);
  const propagator = new W3CTraceContextPropagator();
  // The context of the operation being executed, for the upstream calls it makes (the provider is
  // not global, so the OpenTelemetry API has no context manager to carry it).
  const operationContexts = new AsyncLocalStorage<Context>();

  // Before useOpenTelemetry: its operation span continues a caller's W3C `traceparent`. Its
  // onDispose (yoga.dispose(), when the gateway closes) flushes the spans still buffered; the
  // schema tells which fields are leaves (see safeTracer).
  const useTraceParent: Plugin = {
    onDispose: () => provider.shutdown(),
    onSchemaChange({ schema }) {
      if (!isSchema(schema)) return;
      leafTypes.clear();
      for (const type of Object.values(schema.getTypeMap())) {
        if (isLeafType(type)) leafTypes.add(type.name);
      }
    },
    onExecute({ args }) {
      const request = requestOf(args.contextValue);
      if (request?.headers.get('traceparent') == null) return;
      setCurrentOtelContext(
        args.contextValue,
        propagator.extract(ROOT_CONTEXT, request.headers, headerGetter),
      );
    },
  };

  // After useOpenTelemetry: runs execution inside the operation span's context.
  const useOperationContext: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = requestOf(args.contextValue);
      setExecuteFn((executionArgs): unknown => {
        const current = getCurrentOtelContext(executionArgs.contextValue);
        if (request !== undefined) {
          trace.getSpan(current)?.setAttribute(REQUEST_ID_ATTRIBUTE, requestIdOf(request));
        }
        return operationContexts.run(current, (): unknown => executeFn(executionArgs));
      });
    },
  };

  const upstreamMonitor: UpstreamMonitor = {
    ...SILENT_MONITOR,
    call(call, outcome, seconds) {
      // Calls outside an operation (the login token exchange while the context is built) have
      // no span to belong to.
      const parent = operationContexts.getStore();
      if (parent === undefined) return;
      const ended = Date.now();
      const span = tracer.startSpan(
        `${call.service}/${call.operation}`,
        {
          kind: SpanKind.CLIENT,
          startTime: new Date(ended - seconds * 1000),
          attributes: {
            'rpc.system': 'aws-api',
            'rpc.service': call.service,
            'rpc.method': call.operation,
            [UPSTREAM_OUTCOME_ATTRIBUTE]: outcome,
          },
        },
        parent,
      );
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end(new Date(ended));
    },
  };

  return {
    plugins: [
      useTraceParent,
      useOpenTelemetry(
        { resolvers: true, defaultResolvers: false, variables: false, result: false },
        { getTracer: () => safe },
        SpanKind.SERVER,
      ),
      useOperationContext,
    ],
    upstreamMonitor,
    shutdown: () => provider.shutdown(),
  };
}
