// What every auth mode shares: the Authenticator each one builds (src/auth/index.ts picks the
// mode) and what it is built from. Here rather than in index.ts, so that the modes import the
// contract without importing the module that imports them.
import type { Logger } from 'pino';

import type { Caller } from '../../resolvers/access.js';
import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import type { AwsClients } from '../aws.js';
import type { GatewayConfig } from '../config/index.js';
import type { RequestCredentials, ServiceLimits } from '../upstream.js';

/** Who the request comes from, and what its upstream calls sign with. */
export interface Authentication {
  readonly caller: Caller;
  /** The caller's own credentials (identity mode); undefined: the gateway's own. */
  readonly credentials?: RequestCredentials;
}

export interface Authenticator {
  /**
   * The caller of this request: ANONYMOUS_CALLER without a token (it may read nothing), else the
   * caller the token proves.
   * @throws GraphQLError UNAUTHENTICATED (HTTP 401) when a token is present but not valid.
   */
  authenticate(request: Request): Promise<Authentication>;
  /** Releases caches and clients. */
  close(): void;
}

export interface AuthenticatorDeps {
  readonly config: GatewayConfig;
  /** The gateway's own clients (gateway mode and no-auth mode call AWS with them). */
  readonly clients: AwsClients;
  readonly logger: Logger;
  /** The gateway's process-wide caps per service (Cognito Identity calls share them). */
  readonly serviceLimits: ServiceLimits;
  /** Counts the token exchanges' upstream calls in the metrics. */
  readonly monitor: UpstreamMonitor;
  /** The clock (ms since the epoch) token expiry and cached sessions are judged by. */
  readonly now: () => number;
}
