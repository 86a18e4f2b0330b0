// Caller authentication: turns a request's `Authorization: Bearer` token into the Caller every
// resolver authorizes against (resolvers/access.ts). The mode is the operator's choice
// (GATEWAY_AUTH_MODE); the identity is always derived here from a verified token, never taken
// from arguments or other headers.
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

import { ANONYMOUS_CALLER, UNRESTRICTED_CALLER, type Caller } from '../../resolvers/access.js';
import type { AwsClients } from '../aws.js';
import type { GatewayConfig } from '../config.js';
import { createIdentityAuthenticator } from './identity.js';
import { createJwtAuthenticator } from './jwt.js';

export interface Authenticator {
  /**
   * The caller of this request: ANONYMOUS_CALLER without a token (it may read nothing), else the
   * caller the token proves.
   * @throws GraphQLError UNAUTHENTICATED (HTTP 401) when a token is present but not valid.
   */
  authenticate(request: Request): Promise<Caller>;
  /** Releases caches and clients. */
  close(): void;
}

export interface AuthenticatorDeps {
  readonly config: GatewayConfig;
  /** The gateway's own clients (gateway mode and no-auth mode call AWS with them). */
  readonly clients: AwsClients;
  readonly logger: Logger;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
/** Larger than any real JWT or login token; a longer header is refused without parsing. */
export const MAX_TOKEN_LENGTH = 16_384;

/**
 * The bearer token of a request: undefined when there is no Authorization header.
 * @throws GraphQLError UNAUTHENTICATED when the header is present but not a Bearer token.
 */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (header === null || header.trim() === '') return undefined;
  if (header.length > MAX_TOKEN_LENGTH) throw authenticationFailed('The token is too long.');
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) {
    throw authenticationFailed('The Authorization header must be "Bearer <token>".');
  }
  return match[1];
}

/**
 * The error for a request whose credentials were refused: HTTP 401 with a WWW-Authenticate
 * challenge (RFC 6750), code UNAUTHENTICATED. `reason` must be safe to show (no token content).
 */
export function authenticationFailed(reason: string): GraphQLError {
  return new GraphQLError(`Authentication failed: ${reason}`, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      },
    },
  });
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { auth } = deps.config;
  if (auth.mode === 'identity') return createIdentityAuthenticator(deps);
  if (auth.mode === 'gateway') return createJwtAuthenticator(deps);
  return {
    authenticate: () => Promise.resolve(UNRESTRICTED_CALLER),
    close: () => undefined,
  };
}

export { ANONYMOUS_CALLER };
