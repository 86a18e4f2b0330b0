// The bearer token of a request (RFC 6750) and the error for refused credentials, shared by
// every auth mode.
import { GatewayError } from '../../resolvers/errors.js';

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
export function authenticationFailed(reason: string): GatewayError {
  return new GatewayError('UNAUTHENTICATED', `Authentication failed: ${reason}`, {
    http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
  });
}
