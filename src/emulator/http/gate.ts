// The IAM-like gate: who a call comes from (its SigV4 signature, or nobody for the operations AWS
// serves unsigned) and whether those credentials may call the operation at all. Cognito Sync's
// per-identity checks are the service's own (cognito-sync/access.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { UNSIGNED_OPERATIONS } from '../cognito-identity/service.js';
import type { ServiceName } from '../contract.js';
import { headerValue } from '../protocol/headers.js';
import type { Principal } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';
import type { ReceivedRequest, SigV4Verifier } from '../protocol/sigv4.js';

/**
 * Who an unsigned call to an operation AWS serves without authentication comes from. It reaches
 * only those operations' handlers, which take no decision on the principal.
 */
const ANONYMOUS: Principal = { accessKeyId: 'anonymous' };

/** The access key id the Authorization header names, for the log (unverified). */
export function claimedAccessKeyId(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(headerValue(headers, 'authorization') ?? '')?.[1];
}

/** The verified principal; throws the service's error for a bad or missing signature. */
export async function authenticate(
  verifier: SigV4Verifier,
  service: ServiceName,
  operation: string,
  received: ReceivedRequest,
): Promise<Principal> {
  // AWS serves GetId and GetCredentialsForIdentity unsigned (SDK v3 sends them so); a signed
  // call is verified like any other.
  const unsigned =
    service === 'cognito-identity' &&
    UNSIGNED_OPERATIONS.has(operation) &&
    headerValue(received.headers, 'authorization') === undefined;
  return unsigned ? ANONYMOUS : verifier.verify(received, service);
}

/**
 * Identity-bound credentials stand for one Cognito identity. Beyond Cognito Sync, which confines
 * them to that identity, they reach only what their pool's authenticated role allows.
 */
export function authorize(
  principal: Principal,
  service: ServiceName,
  operation: string,
  personalizeReadAllowed: (identityPoolId: string) => boolean,
): void {
  if (
    service === 'personalize' &&
    principal.identityId !== undefined &&
    !(/^(List|Describe)/.test(operation) && personalizeReadAllowed(principal.identityPoolId ?? ''))
  ) {
    throw new ServiceError(
      'AccessDeniedException',
      400,
      `User: ${principal.accessKeyId} is not authorized to perform: personalize:${operation} ` +
        '(these credentials are bound to a Cognito identity, and its pool does not grant it).',
    );
  }
}
