// The one door every upstream AWS call goes through: the request's concurrency cap, then the
// process-wide cap of its service (so a burst of requests queues here instead of becoming a
// throttling storm at AWS), the request's abort signal (client gone or deadline passed), the
// request id (sent upstream as a header), and the monitor that turns each call into metrics.
// Resolvers see it only as the UpstreamRunner interface (resolvers/upstream.ts).
import pLimit, { type LimitFunction } from 'p-limit';

import { GatewayError, type UpstreamCall } from '../resolvers/errors.js';
import { isCredentialRefusal, toGatewayError } from '../resolvers/upstream-errors.js';
import type {
  UpstreamClients,
  UpstreamMonitor,
  UpstreamRunner,
  UpstreamService,
} from '../resolvers/upstream.js';
import type { CacheSource, UpstreamCache } from './cache/upstream-cache.js';
import { noteSignalRequest } from './observability/request-id.js';
import type { UpstreamRateLimiter } from './upstream-rate-limit.js';

/** What a request's upstream calls sign with. */
export interface RequestCredentials {
  readonly clients: UpstreamClients;
  /**
   * Present when the clients sign with the caller's own temporary credentials (identity mode):
   * drops them and exchanges the caller's token again, for when AWS refuses them (expired early,
   * or unknown after an upstream restart).
   */
  readonly refresh?: () => Promise<UpstreamClients>;
  /**
   * Whose view of AWS these credentials give, for the shared cache: the caller's identity in
   * identity mode; undefined: the gateway's own credentials.
   */
  readonly scope?: string;
}

/** The scope of answers read with the gateway's own credentials. */
export const GATEWAY_SCOPE = 'gateway';

/** What every request's runner shares: the upstream cache and the fleet-wide rate limit. */
export interface SharedUpstream {
  readonly cache: UpstreamCache | undefined;
  readonly rateLimiter: UpstreamRateLimiter | undefined;
}

/** How one request used the shared cache (its response headers say so). */
export interface CacheUse {
  /** True when the client asked for fresh answers (`Cache-Control: no-cache`). */
  readonly bypass: boolean;
  readonly reads: Record<CacheSource, number>;
}

export function newCacheUse(bypass: boolean): CacheUse {
  return { bypass, reads: { hit: 0, miss: 0, joined: 0 } };
}

export const SILENT_MONITOR: UpstreamMonitor = Object.freeze({
  call: () => undefined,
  batch: () => undefined,
  cacheHit: () => undefined,
});

/** Process-wide caps, one per service: built once per gateway, shared by all requests. */
export type ServiceLimits = Readonly<Record<UpstreamService, LimitFunction>>;

export function createServiceLimits(concurrency: number): ServiceLimits {
  return {
    'cognito-sync': pLimit(concurrency),
    personalize: pLimit(concurrency),
    'cognito-identity': pLimit(concurrency),
  };
}

export interface UpstreamRunnerOptions {
  /** Most upstream calls in flight at once for this request. */
  readonly requestConcurrency: number;
  readonly serviceLimits: ServiceLimits;
  /** Aborted when the client goes away or the request's deadline passes. */
  readonly signal: AbortSignal;
  readonly requestId: string;
  readonly monitor: UpstreamMonitor;
  readonly credentials: RequestCredentials;
  /** Most upstream calls the whole request may make (GATEWAY_MAX_UPSTREAM_CALLS). */
  readonly maxCalls: number;
  readonly shared?: SharedUpstream;
  /** Where this request's cache reads are counted; absent: the cache is not used. */
  readonly cacheUse?: CacheUse;
  /** When the request's deadline passes (ms since the epoch): how long a call may wait. */
  readonly deadlineAt?: number;
}

/** The name of the abort reason a gateway gives requests still running when it shuts down. */
export const SHUTDOWN_REASON_NAME = 'GatewayShutdownError';

/** Why the request's signal aborted: its deadline, shutdown, or the client going away. */
export function abortError(signal: AbortSignal, call: UpstreamCall): GatewayError {
  const reason: unknown = signal.reason;
  const name = reason instanceof Error ? reason.name : undefined;
  if (name === 'TimeoutError') {
    return new GatewayError(
      'DEADLINE_EXCEEDED',
      `The request's deadline passed before ${call.operation} answered; ask for less, or retry.`,
      { cause: reason },
    );
  }
  if (name === SHUTDOWN_REASON_NAME) {
    return new GatewayError(
      'SHUTTING_DOWN',
      `This gateway replica is shutting down and stopped waiting for ${call.operation}; retry the request.`,
      { cause: reason },
    );
  }
  return new GatewayError('CANCELLED', 'The request was cancelled by the client.', {
    cause: reason,
  });
}

function callLimitError(call: UpstreamCall, maxCalls: number): GatewayError {
  return new GatewayError(
    'UPSTREAM_CALL_LIMIT_EXCEEDED',
    `This request reached its limit of ${maxCalls} upstream calls before ${call.operation}: ask for fewer ids, edges or nested connections, or split it into several requests.`,
    { extensions: { maxUpstreamCalls: maxCalls } },
  );
}

function rateLimitedError(call: UpstreamCall, retryAfterMs: number): GatewayError {
  return new GatewayError(
    'RATE_LIMITED',
    `The gateway's budget of ${call.service} calls per second is spent for now (GATEWAY_UPSTREAM_RATE_LIMITS), and waiting for it would outlast this request's deadline; retry after ${Math.ceil(retryAfterMs / 1000)} s.`,
    {
      extensions: { retryAfterMs, upstream: { service: call.service, operation: call.operation } },
    },
  );
}

/** Failures that belong to the request that met them, not to the answer it was fetching. */
export function isRequestOwnFailure(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    (error.code === 'CANCELLED' ||
      error.code === 'DEADLINE_EXCEEDED' ||
      error.code === 'SHUTTING_DOWN' ||
      error.code === 'UPSTREAM_CALL_LIMIT_EXCEEDED' ||
      error.code === 'RATE_LIMITED')
  );
}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

export function createUpstreamRunner(options: UpstreamRunnerOptions): UpstreamRunner {
  // Built at the request's first call: one answered from the upstream cache makes none.
  let requestLimit: LimitFunction | undefined;
  const { signal, monitor, serviceLimits } = options;
  // Calls are sent with this signal: the AWS clients' middleware finds the request id from it.
  noteSignalRequest(signal, options.requestId);
  const { refresh } = options.credentials;
  const errorOptions = { callerCredentials: refresh !== undefined };
  let clients = options.credentials.clients;
  // One refresh per request, shared by every call that met the refused credentials.
  let refreshed: Promise<UpstreamClients> | undefined;
  const sendWithFreshCredentials = async <T>(
    send: (signal: AbortSignal, clients: UpstreamClients) => Promise<T>,
    refused: UpstreamClients,
  ): Promise<T> => {
    if (refresh === undefined) throw new Error('no credentials to refresh');
    if (clients === refused) {
      refreshed ??= refresh().then((fresh) => {
        clients = fresh;
        return fresh;
      });
    }
    return send(signal, await (refreshed ?? Promise.resolve(clients)));
  };
  // Calls in progress (queued or running), failed at once when the signal aborts: a call still
  // queued behind a cap must not hold the response until a slot frees (other requests' calls may
  // hold the slots for long); when its turn comes it sees the aborted signal and never starts.
  // One listener, only while calls are in progress: a signal with a listener cannot be collected.
  const inProgress = new Set<() => void>();
  // The plan check before execution counts what the arguments fix; this counts what happens
  // (walks, per-object Describes), so no request makes more calls than the ceiling.
  let calls = 0;
  const onAbort = (): void => {
    for (const cancel of inProgress) cancel();
  };
  const rateLimiter = options.shared?.rateLimiter;
  const waitForBudget = async (call: UpstreamCall): Promise<void> => {
    if (rateLimiter === undefined) return;
    const maxWaitMs = Math.max(0, (options.deadlineAt ?? Date.now()) - Date.now());
    const decision = await rateLimiter.take(call, maxWaitMs, signal);
    if (!decision.allowed) throw rateLimitedError(call, decision.retryAfterMs);
  };
  const runUncached = <T>(
    call: UpstreamCall,
    send: (signal: AbortSignal, clients: UpstreamClients) => Promise<T>,
  ): Promise<T> => {
    if (signal.aborted) return Promise.reject(abortError(signal, call));
    calls += 1;
    if (calls > options.maxCalls) return Promise.reject(callLimitError(call, options.maxCalls));
    requestLimit ??= pLimit(options.requestConcurrency);
    const queued = requestLimit(async () => {
      // Aborted while waiting for the request's cap: do not queue for the process-wide one.
      if (signal.aborted) throw abortError(signal, call);
      // The fleet's budget before the service's cap: a call waiting for a token holds no slot
      // other requests could use.
      await waitForBudget(call);
      if (isAborted(signal)) throw abortError(signal, call);
      return serviceLimits[call.service](async () => {
        if (signal.aborted) throw abortError(signal, call);
        const started = performance.now();
        try {
          const used = clients;
          let result: T;
          try {
            result = await send(signal, used);
          } catch (error) {
            if (refresh === undefined || isAborted(signal) || !isCredentialRefusal(error)) {
              throw error;
            }
            result = await sendWithFreshCredentials(send, used);
          }
          monitor.call(call, 'ok', (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          // Re-read after the await: the signal may have aborted while the call ran.
          const failure = isAborted(signal)
            ? abortError(signal, call)
            : toGatewayError(error, call, errorOptions);
          monitor.call(call, failure.code, (performance.now() - started) / 1000);
          throw failure;
        }
      });
    });
    return new Promise<T>((resolve, reject) => {
      const cancel = (): void => {
        reject(abortError(signal, call));
      };
      if (inProgress.size === 0) signal.addEventListener('abort', onAbort, { once: true });
      inProgress.add(cancel);
      void queued.then(resolve, reject).finally(() => {
        inProgress.delete(cancel);
        if (inProgress.size === 0) signal.removeEventListener('abort', onAbort);
      });
    });
  };
  const cache = options.shared?.cache;
  const { cacheUse } = options;
  const scope = options.credentials.scope ?? GATEWAY_SCOPE;
  return {
    monitor,
    run: async <T>(
      call: UpstreamCall,
      send: (signal: AbortSignal, clients: UpstreamClients) => Promise<T>,
      answerKey?: readonly unknown[],
    ): Promise<T> => {
      if (cache === undefined || cacheUse === undefined || answerKey === undefined) {
        return runUncached(call, send);
      }
      const parts = { service: call.service, operation: call.operation, args: answerKey, scope };
      try {
        const read = await cache.read(parts, () => runUncached(call, send), signal, {
          fresh: cacheUse.bypass,
        });
        cacheUse.reads[read.source] += 1;
        return read.value;
      } catch (error) {
        // Aborted while waiting for another replica's fetch: the same coded error as a call.
        if (isAborted(signal) && !(error instanceof GatewayError)) throw abortError(signal, call);
        throw error;
      }
    },
  };
}
