// What resolvers need of the one door every upstream AWS call goes through (src/upstream.ts
// builds it per request): the clients a call signs with, the runner's one method, and the
// monitor the loaders report their batches and cache hits to.
import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import type { PersonalizeClient } from '@aws-sdk/client-personalize';

import type { UpstreamCall } from './errors.js';

export interface UpstreamClients {
  readonly cognitoSync: CognitoSyncClient;
  readonly personalize: PersonalizeClient;
}

export type UpstreamService = UpstreamCall['service'];

/** What operators see of upstream traffic (metrics); every method must be cheap and not throw. */
export interface UpstreamMonitor {
  /** One upstream call ended: `outcome` is 'ok' or the gateway error code it became. */
  call(call: UpstreamCall, outcome: string, seconds: number): void;
  /** One DataLoader batch was dispatched with `size` distinct keys. */
  batch(loader: string, size: number): void;
  /** A DataLoader answered a key from this request's cache, without an upstream call. */
  cacheHit(loader: string): void;
}

export interface UpstreamRunner {
  readonly monitor: UpstreamMonitor;
  /**
   * Runs one upstream call under the request's and the service's caps; a call still queued when
   * the request's signal aborts never starts. When AWS refuses the caller's own credentials, they
   * are refreshed once for the whole request and the call is sent again. Failures become
   * GatewayErrors.
   *
   * `answerKey` names what the call answers (its arguments, not who asks): given, the answer
   * may come from the gateway's shared cache, kept apart per credential scope by the runner.
   */
  run<T>(
    call: UpstreamCall,
    send: (signal: AbortSignal, clients: UpstreamClients) => Promise<T>,
    answerKey?: readonly unknown[],
  ): Promise<T>;
}
