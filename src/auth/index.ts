// Caller authentication: turns a request's `Authorization: Bearer` token into the Caller every
// resolver authorizes against (resolvers/access.ts). The mode is the operator's choice
// (GATEWAY_AUTH_MODE); the identity is always derived here from a verified token, never taken
// from arguments or other headers.
import { UNRESTRICTED_CALLER } from '../../resolvers/access.js';
import { createIdentityAuthenticator } from './identity.js';
import { createJwtAuthenticator } from './jwt.js';
import type { Authenticator, AuthenticatorDeps } from './types.js';

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { auth } = deps.config;
  if (auth.mode === 'identity') return createIdentityAuthenticator(deps, auth);
  if (auth.mode === 'gateway') return createJwtAuthenticator(deps, auth);
  return {
    authenticate: () => Promise.resolve({ caller: UNRESTRICTED_CALLER }),
    close: () => undefined,
  };
}
