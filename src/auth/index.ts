// Caller authentication: turns a request's `Authorization: Bearer` token into the Caller every
// resolver authorizes against (resolvers/access.ts). The mode is the operator's choice
// (GATEWAY_AUTH_MODE); the identity is always derived here from a verified token, never taken
// from arguments or other headers.
//
// Each mode's module (and jose, which both use) loads only when that mode is on: imported up
// front they held 0.7 MB of every gateway's heap, for nothing in GATEWAY_AUTH_MODE=none.
import { UNRESTRICTED_CALLER } from '../../resolvers/access.js';
import type { Authenticator, AuthenticatorDeps } from './types.js';

export async function createAuthenticator(deps: AuthenticatorDeps): Promise<Authenticator> {
  const { auth } = deps.config;
  if (auth.mode === 'identity') {
    const { createIdentityAuthenticator } = await import('./identity.js');
    return createIdentityAuthenticator(deps, auth);
  }
  if (auth.mode === 'gateway') {
    const { createJwtAuthenticator } = await import('./jwt.js');
    return createJwtAuthenticator(deps, auth);
  }
  return {
    authenticate: () => Promise.resolve({ caller: UNRESTRICTED_CALLER }),
    close: () => undefined,
  };
}
