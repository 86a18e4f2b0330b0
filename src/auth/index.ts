// Caller authentication: turns a request's `Authorization: Bearer` token into the Caller every
// resolver authorizes against (resolvers/access.ts). The mode is the operator's choice
// (GATEWAY_AUTH_MODE); the identity is always derived here from a verified token, never taken
// from arguments or other headers.
import type { Logger } from 'pino';

import { ANONYMOUS_CALLER, UNRESTRICTED_CALLER, type Caller } from '../../resolvers/access.js';
import type { UpstreamMonitor } from '../../resolvers/upstream.js';
import type { AwsClients } from '../aws.js';
import type { GatewayConfig } from '../config.js';
import type { RequestCredentials, ServiceLimits } from '../upstream.js';
import { createIdentityAuthenticator } from './identity.js';
import { createJwtAuthenticator } from './jwt.js';

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
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { auth } = deps.config;
  if (auth.mode === 'identity') return createIdentityAuthenticator(deps);
  if (auth.mode === 'gateway') return createJwtAuthenticator(deps);
  return {
    authenticate: () => Promise.resolve({ caller: UNRESTRICTED_CALLER }),
    close: () => undefined,
  };
}

export { ANONYMOUS_CALLER };
export { authenticationFailed, bearerToken, MAX_TOKEN_LENGTH } from './bearer.js';
