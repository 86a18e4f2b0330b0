// How the gateway bounds a request's time and the upstream load, and how it shuts down.
import {
  byMode,
  fixed,
  flag,
  milliseconds,
  nonNegativeInt,
  positiveInt,
  setting,
} from '../table.js';

export const RESILIENCE = {
  /** Deadline of one GraphQL request; upstream calls still running then are aborted. */
  requestTimeoutMs: setting({
    env: 'GATEWAY_REQUEST_TIMEOUT_MS',
    schema: milliseconds,
    default: fixed(15_000),
    description:
      'Deadline of one GraphQL request, in milliseconds: upstream calls still running then are aborted and their fields fail with DEADLINE_EXCEEDED.',
  }),
  /** Most upstream calls in flight at once per service, across all requests of the process. */
  serviceConcurrency: setting({
    env: 'GATEWAY_UPSTREAM_SERVICE_CONCURRENCY',
    schema: positiveInt(4_096),
    default: fixed(64),
    description:
      'Most upstream calls in flight at once per AWS service across all requests, so bursts queue instead of storming AWS.',
  }),
  /** On SIGTERM, how long in-flight requests may take to finish before they are aborted. */
  shutdownGraceMs: setting({
    env: 'GATEWAY_SHUTDOWN_GRACE_MS',
    schema: nonNegativeInt(600_000),
    default: fixed(20_000),
    description:
      'On SIGTERM/SIGINT: time in-flight requests get to finish after the server stops accepting, in milliseconds; requests still running then answer SHUTTING_DOWN. Keep it at least GATEWAY_REQUEST_TIMEOUT_MS.',
  }),
  /** /ready answers 503 while an AWS endpoint does not answer. */
  readyRequiresUpstream: setting({
    env: 'GATEWAY_READY_REQUIRES_UPSTREAM',
    schema: flag,
    default: fixed(false),
    description:
      'true: /ready answers 503 while an AWS endpoint does not answer HTTP (probed every 5 s, unsigned, no API call), so load balancers prefer replicas that can reach AWS. Off by default: replicas sharing one upstream would all leave rotation together.',
  }),
  /** On SIGTERM, how long the gateway keeps serving with /ready at 503 before it stops accepting. */
  shutdownDrainMs: setting({
    env: 'GATEWAY_SHUTDOWN_DRAIN_MS',
    schema: nonNegativeInt(600_000),
    // Demo mode: Ctrl-C need not wait for load balancers.
    default: byMode(0, 5_000),
    description:
      'On SIGTERM/SIGINT: how long the gateway keeps serving, with /ready answering 503, before it stops accepting connections, so load balancers stop sending first (0 where a Kubernetes preStop sleep does this).',
  }),
};
