// Identity mode (placeholder until implemented): login token → Cognito Identity credentials.
import type { Authenticator, AuthenticatorDeps } from './index.js';

export function createIdentityAuthenticator(_deps: AuthenticatorDeps): Authenticator {
  throw new Error('GATEWAY_AUTH_MODE=identity is not implemented yet');
}
