// Who may touch what in Cognito Sync: identity-bound credentials reach their own identity only,
// and the pool-wide usage operations need developer credentials.
import type { Principal } from '../protocol/operation.js';
import { ServiceError } from '../protocol/service-error.js';

/**
 * Identity-bound credentials reach only their own identity in its own pool (AWS scopes them by
 * IAM policy). Bound credentials without a pool (never the case once started) reach nothing.
 */
export function authorizeIdentity(principal: Principal, poolId: string, identityId: string): void {
  if (
    principal.identityId !== undefined &&
    (principal.identityId !== identityId || principal.identityPoolId !== poolId)
  ) {
    throw new ServiceError(
      'NotAuthorizedException',
      403,
      `Access to identity '${identityId}' of identity pool '${poolId}' is forbidden for ` +
        'credentials bound to another identity.',
    );
  }
}

export function authorizePool(principal: Principal, operation: string): void {
  if (principal.identityId !== undefined) {
    throw new ServiceError(
      'NotAuthorizedException',
      403,
      `Credentials bound to an identity are not authorized to perform ${operation}; use developer credentials.`,
    );
  }
}
