// GATEWAY_READY_REQUIRES_UPSTREAM: `/ready` answers 503 while an AWS endpoint cannot be reached,
// so a load balancer sends traffic to replicas that can serve it. The probe asks only whether
// the endpoint answers HTTP at all (any status: AWS answers an unsigned GET with an error, which
// still proves the network path, DNS and TLS work); it never signs, so it needs no permission
// and costs no API call. Off by default: when every replica shares the same upstream, taking
// them all out of rotation turns a partial outage (one service down) into a total one.
import type { Logger } from 'pino';

export interface UpstreamReachability {
  /** True until a probe of some endpoint failed, and again once every endpoint answers. */
  reachable(): boolean;
  close(): void;
}

export interface ReachabilityOptions {
  /** The endpoints to probe, resolved when the first probe runs (the region may come later). */
  readonly endpoints: () => Promise<readonly string[]>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly logger: Pick<Logger, 'warn' | 'info'>;
}

async function answers(endpoint: string, timeoutMs: number): Promise<unknown> {
  try {
    const response = await fetch(endpoint, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    return error;
  }
}

function describe(error: unknown): Record<string, unknown> {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return {
    error: error instanceof Error ? error.name : String(error),
    message: cause instanceof Error ? cause.message : String(cause),
    ...(typeof code === 'string' ? { systemCode: code } : {}),
  };
}

export function watchUpstreamReachability(options: ReachabilityOptions): UpstreamReachability {
  const unreachable = new Set<string>();
  let closed = false;
  let running: Promise<void> | undefined;

  const probe = async (): Promise<void> => {
    const endpoints = await options.endpoints();
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const failure = await answers(endpoint, options.timeoutMs);
        if (closed) return;
        if (failure === undefined) {
          if (unreachable.delete(endpoint)) {
            options.logger.info({ endpoint }, 'upstream reachable again: /ready answers 200');
          }
          return;
        }
        if (!unreachable.has(endpoint)) {
          unreachable.add(endpoint);
          options.logger.warn(
            { endpoint, ...describe(failure) },
            'upstream unreachable: /ready answers 503 until it answers again',
          );
        }
      }),
    );
  };
  const tick = (): void => {
    // One probe at a time: a slow endpoint must not pile probes up.
    running ??= probe()
      .catch((error: unknown) => {
        options.logger.warn(describe(error), 'upstream reachability probe failed');
      })
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    reachable: () => unreachable.size === 0,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
