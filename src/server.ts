// Wires the gateway together: AWS clients, cursor codec and schema behind a graphql-yoga server
// on a plain node:http server. Every request gets its own context (loaders, abort signal).
import { setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';

import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { pino, type Logger } from 'pino';

import { createHttpTerminator } from 'http-terminator';

import type { RequestContext } from '../resolvers/context.js';
import { createCursorCodec } from '../resolvers/cursor.js';
import { GatewayError } from '../resolvers/errors.js';
import { upstreamCallOf, upstreamFailureFacts } from '../resolvers/upstream-errors.js';
import type { UpstreamService } from '../resolvers/upstream.js';
import { servedSchema } from '../schema/index.js';
import { createAuthenticator } from './auth/index.js';
import type { Authenticator } from './auth/types.js';
import { createAwsClients, endpointOf, resolveRegion } from './aws.js';
import { createRequestDeadlines, shutdownReason } from './deadline.js';
import { ConfigError, LIMITS_SETTINGS, type GatewayConfig } from './config/index.js';
import { asksForFreshAnswers, useCacheHeaders } from './cache/response-headers.js';
import { createRequestContext, requestContextDeps, useReleasedContexts } from './context.js';
import { createHttpServer } from './connection-limits.js';
import { corsOptions } from './cors.js';
import { useDocumentCache } from './document-cache.js';
import { graphiqlPlugin, type GraphiQLDemo } from './graphiql/index.js';
import { useStableErrorCodes } from './error-codes.js';
import { limitPlugins } from './limits/index.js';
import {
  DOCUMENT_ID_PARAM,
  loadPersistedDocuments,
  PersistedDocumentsError,
  usePersistedDocuments,
  type PersistedDocuments,
} from './persisted-documents.js';
import { createObservability, gatewayLogger } from './observability/index.js';
import { noteErrorRequest, requestIdOf, requestIdOfError } from './observability/request-id.js';
import { watchUpstreamReachability } from './upstream-reachability.js';
import { loadOptionalModules } from './optional-modules.js';
import { createSharedState } from './shared-state.js';
import { createServiceLimits, newCacheUse, type CacheUse } from './upstream.js';

export const GRAPHQL_PATH = '/graphql';
/** Abort listeners one upstream call may hold on its request's signal at once. */
const UPSTREAM_LISTENERS_PER_CALL = 3;
export const HEALTH_PATH = '/health';
/** After the grace period, how long aborted requests get to write their answers. */
const SHUTDOWN_FLUSH_MS = 2_000;

export interface GatewayOptions {
  readonly logger?: Logger;
  /** Demo mode: the demo identity's variables and token that GraphiQL's tabs open with. */
  readonly graphiqlDemo?: GraphiQLDemo;
  /** Where spans go when GATEWAY_TRACING is on (tests: in memory); default OTLP over HTTP. */
  readonly spanExporter?: SpanExporter;
  /** How often GATEWAY_READY_REQUIRES_UPSTREAM probes the AWS endpoints (tests: shorter). */
  readonly upstreamProbeIntervalMs?: number;
  /**
   * The clock (ms since the epoch) login tokens and identity sessions are judged by: when a token
   * has expired, when a cached exchange is stale. Default Date.now; tests pass one they advance.
   */
  readonly now?: () => number;
}

const UPSTREAM_PROBE_INTERVAL_MS = 5_000;

export interface Gateway {
  readonly yoga: YogaServerInstance<Record<string, never>, RequestContext>;
  readonly server: Server;
  /** Starts listening on the configured host and port; resolves to the GraphQL endpoint URL. */
  listen(): Promise<{ url: string }>;
  /** False once shutdown has begun (readiness). */
  readonly ready: () => boolean;
  /**
   * Shuts down: `/ready` answers 503 at once and the gateway keeps serving for the drain delay
   * (GATEWAY_SHUTDOWN_DRAIN_MS), so load balancers stop sending; then it stops accepting
   * connections and gives in-flight requests the grace period (GATEWAY_SHUTDOWN_GRACE_MS). The
   * requests still running then are aborted, so they answer with SHUTTING_DOWN errors rather than
   * a reset; after a short flush the remaining sockets are cut and the AWS clients closed.
   */
  close(): Promise<void>;
}

function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const err = args.find((arg) => arg instanceof Error);
      const message = args.filter((arg) => typeof arg === 'string').join(' ');
      logger[level](err === undefined ? {} : { ...requestIdFields(err), err }, message);
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}

/** The request id of the request `error` arose in, as log fields (none when not noted). */
function requestIdFields(error: unknown): { readonly requestId?: string } {
  const requestId = requestIdOfError(error);
  return requestId === undefined ? {} : { requestId };
}

/**
 * GatewayErrors reach clients as they are; the server log also gets the upstream cause: which
 * service and endpoint, the AWS error's name and message, and the system error under it, so a
 * closed port, TLS to a plain-HTTP endpoint and an unknown host read differently.
 */
function logError(
  logger: Logger,
  error: unknown,
  endpoint: (service: UpstreamService) => string,
): void {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GatewayError) {
    const call = upstreamCallOf(original);
    const fields = {
      ...requestIdFields(error),
      code: original.code,
      path: pathOf(error),
      ...(call === undefined
        ? {}
        : {
            service: call.service,
            operation: call.operation,
            endpoint: endpoint(call.service),
            ...upstreamFailureFacts(original),
          }),
      err: original.cause,
    };
    if (original.code === 'INTERNAL_SERVER_ERROR' || original.code === 'GATEWAY_MISCONFIGURED') {
      logger.error(fields, original.message);
    } else if (original.cause !== undefined) logger.warn(fields, original.message);
    else logger.debug(fields, original.message);
    return;
  }
  if (error instanceof GraphQLError && error.originalError === undefined) return;
  logger.error(
    { ...requestIdFields(error), err: original, path: pathOf(error) },
    'unexpected error while resolving',
  );
}

function pathOf(error: unknown): string | undefined {
  return error instanceof GraphQLError && error.path !== undefined
    ? error.path.join('.')
    : undefined;
}

export async function createGateway(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<Gateway> {
  // First: a bad manifest is a configuration error, before anything is opened.
  const persistedDocuments = readPersistedDocuments(config.limits.persistedDocuments);
  const modules = await loadOptionalModules(config);
  // Every line logged while a request is handled carries its request id; credentials redacted.
  const logger = gatewayLogger(options.logger ?? pino({ level: config.logLevel }));
  const clients = createAwsClients(config);
  let draining = false;
  const deadlines = createRequestDeadlines();
  const reachability = config.resilience.readyRequiresUpstream
    ? watchUpstreamReachability({
        endpoints: async () => {
          const region = await resolveRegion(config);
          const services: UpstreamService[] = ['cognito-sync', 'personalize'];
          if (config.auth.mode === 'identity') services.push('cognito-identity');
          const regional = { ...config, aws: { ...config.aws, region } };
          return [...new Set(services.map((service) => endpointOf(regional, service)))];
        },
        intervalMs: options.upstreamProbeIntervalMs ?? UPSTREAM_PROBE_INTERVAL_MS,
        timeoutMs: config.upstream.connectTimeoutMs,
        logger,
      })
    : undefined;
  const ready = (): boolean => !draining && server.listening && (reachability?.reachable() ?? true);
  const observability = createObservability({
    settings: config.observability,
    logger,
    graphqlEndpoint: GRAPHQL_PATH,
    isReady: ready,
    tracing: modules.tracing?.createTracing(
      options.spanExporter === undefined ? {} : { exporter: options.spanExporter },
    ),
  });
  const serviceLimits = createServiceLimits(config.resilience.serviceConcurrency);
  let authenticator: Authenticator;
  try {
    authenticator = await createAuthenticator({
      config,
      clients,
      logger,
      serviceLimits,
      monitor: observability.upstreamMonitor,
      now: options.now ?? Date.now,
    });
  } catch (error) {
    clients.destroy();
    throw error;
  }
  const codec = createCursorCodec({
    secret: config.cursor.secret,
    previousSecrets: config.cursor.previousSecrets,
    onUnknownKey: observability.cursorKeys.unknownKey,
  });
  observability.cursorKeys.describe(codec.keyIds);
  const sharedState = createSharedState(
    config,
    logger,
    observability.sharedState,
    modules.redisConnection,
  );
  const deps = requestContextDeps(config, {
    clients,
    codec,
    serviceLimits,
    monitor: observability.upstreamMonitor,
    shared: sharedState,
  });
  // Each request's cache use, found again by the plugin that writes its response headers.
  const cacheUses = new WeakMap<Request, CacheUse>();

  const yoga = createYoga<Record<string, never>, RequestContext>({
    schema: servedSchema(config),
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: HEALTH_PATH,
    plugins: [
      ...observability.plugins,
      // GraphiQL and its files, served from this process (yoga's own page loads them from a CDN).
      ...(config.server.graphiql
        ? [
            graphiqlPlugin({
              config,
              graphqlPath: GRAPHQL_PATH,
              logger,
              demo: options.graphiqlDemo,
            }),
          ]
        : []),
      ...(persistedDocuments === undefined
        ? []
        : [
            usePersistedDocuments({
              documents: persistedDocuments,
              trustedOnly: config.limits.trustedDocuments,
            }),
          ]),
      // Before the limits: every response's errors get their final codes, refusals included.
      useStableErrorCodes({ fieldSuggestions: config.limits.fieldSuggestions }),
      ...limitPlugins(config.limits),
      deadlines.plugin,
      useReleasedContexts(),
      useCacheHeaders(
        {
          mode: sharedState.cacheMode,
          ttlMs: sharedState.cacheTtlMs,
          sameForEveryCaller: config.auth.mode === 'none',
        },
        (request) => cacheUses.get(request),
      ),
      ...(config.limits.documentCacheBytes > 0
        ? [useDocumentCache({ maxBytes: config.limits.documentCacheBytes })]
        : []),
    ],
    // Replaced by useDocumentCache, bounded by bytes rather than by entries alone.
    parserAndValidationCache: false,
    // The persisted-documents id, next to query, variables, operationName and extensions.
    extraParamNames: [DOCUMENT_ID_PARAM],
    // No Upload scalar: multipart requests have nothing to carry.
    multipart: false,
    // The body limit is useBodyLimit's (src/limits/body.ts: GATEWAY_MAX_BODY_BYTES, a coded 413);
    // yoga's own 25 MB one would only wrap the request parser a second time.
    maxRequestBodySize: false,
    batching: config.limits.maxBatch > 1 ? { limit: config.limits.maxBatch } : false,
    // A function, so that every request gets fresh loaders (an object would be shared by all).
    context: async ({ request }) => {
      // The deadline of the whole request (started before authentication, which may call AWS):
      // upstream calls still running then are aborted, as they are when the client goes away.
      const deadlineAt = Date.now() + config.resilience.requestTimeoutMs;
      const signal = deadlines.signalFor(request, config.resilience.requestTimeoutMs);
      let authenticated: Awaited<ReturnType<Authenticator['authenticate']>>;
      try {
        authenticated = await authenticator.authenticate(request);
      } catch (error) {
        // Masked and logged by yoga, away from the request: noted with its id first.
        noteErrorRequest(error, requestIdOf(request));
        throw error;
      }
      const { caller, credentials } = authenticated;
      // Each upstream call in flight listens on it (the SDK's handler, its retry wait, the cap
      // queue): more than Node's default of 10 is normal here, not a leak.
      setMaxListeners(UPSTREAM_LISTENERS_PER_CALL * config.upstream.concurrency + 10, signal);
      // One per HTTP request, shared by the operations of a batch.
      let cacheUse = cacheUses.get(request);
      if (cacheUse === undefined) {
        cacheUse = newCacheUse(asksForFreshAnswers(request));
        cacheUses.set(request, cacheUse);
      }
      return createRequestContext(deps, {
        signal,
        requestId: requestIdOf(request),
        caller,
        credentials,
        cacheUse,
        deadlineAt,
      });
    },
    graphiql: false,
    landingPage: false,
    cors: corsOptions(config.server.corsOrigins),
    logging: yogaLogger(logger),
    maskedErrors: {
      isDev: config.server.exposeErrors,
      maskError: (error, message, isDev) => {
        logError(logger, error, (service) => endpointOf(config, service));
        return maskError(error, message, isDev);
      },
    },
  });

  const server = createHttpServer(yoga.requestListener, config.server.connections);
  const { shutdownGraceMs, shutdownDrainMs } = config.resilience;
  const terminator = createHttpTerminator({
    server,
    // The grace, then the time aborted requests get to write their answers.
    gracefulTerminationTimeout: shutdownGraceMs + SHUTDOWN_FLUSH_MS,
  });

  return {
    yoga,
    server,
    ready,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.server.port, config.server.host, () => {
          server.off('error', reject);
          resolve({ url: graphqlUrl(server.address() as AddressInfo) });
        });
      }),
    close: async () => {
      draining = true;
      if (server.listening) {
        // Still serving, but not ready: load balancers take this replica out of rotation.
        if (shutdownDrainMs > 0) await delay(shutdownDrainMs);
        const graceOver = setTimeout(() => {
          const aborted = deadlines.abortAll(shutdownReason());
          if (aborted > 0) {
            logger.warn(
              { aborted, graceMs: shutdownGraceMs },
              'shutdown grace period over: requests still running answer SHUTTING_DOWN',
            );
          }
        }, shutdownGraceMs);
        // Stop listening at once, so new connections are refused while in-flight requests finish
        // (http-terminator alone keeps the listener open for the grace period, resetting each new
        // connection); its own close() at the end then finds the listener already closed.
        const stopped = new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        try {
          await terminator.terminate().catch((error: unknown) => {
            if ((error as { code?: unknown } | null)?.code !== 'ERR_SERVER_NOT_RUNNING') {
              throw error;
            }
          });
          await stopped;
        } finally {
          clearTimeout(graceOver);
        }
      }
      reachability?.close();
      await yoga.dispose();
      authenticator.close();
      await sharedState.close();
      clients.destroy();
    },
  };
}

function readPersistedDocuments(path: string | undefined): PersistedDocuments | undefined {
  if (path === undefined) return undefined;
  try {
    return loadPersistedDocuments(path);
  } catch (error) {
    if (!(error instanceof PersistedDocumentsError)) throw error;
    const setting = LIMITS_SETTINGS.persistedDocuments.env;
    throw new ConfigError([setting], `Invalid configuration:\n  ${setting}: ${error.message}`, {
      cause: error,
    });
  }
}

function graphqlUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard
    ? 'localhost'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}${GRAPHQL_PATH}`;
}
