// Gateway mode (placeholder until implemented): JWT verified against a JWKS.
import type { Authenticator, AuthenticatorDeps } from './index.js';

export function createJwtAuthenticator(_deps: AuthenticatorDeps): Authenticator {
  throw new Error('GATEWAY_AUTH_MODE=gateway is not implemented yet');
}
