// The schema's declarative authorization (@pothos/plugin-scope-auth): scopes derived from the
// request's Caller (resolvers/access.ts), checked on fields and on the types themselves, so every
// path to an object (connections, node, nodes, _entities, nested fields) is covered. The
// resolvers check the same rules again before any upstream call.
import type { GraphQLResolveInfo } from 'graphql';

import { mayReadIdentity } from '../resolvers/access.js';
import type { RequestContext } from '../resolvers/context.js';
import { GatewayError } from '../resolvers/errors.js';

export function authScopesOf(context: RequestContext) {
  const { caller } = context;
  return {
    personalize: caller.personalize,
    identity: (identityId: string) =>
      caller.identities === 'any' ||
      mayReadIdentity(caller, caller.identityPoolId ?? '', identityId),
  };
}

export function unauthorizedError(
  _parent: unknown,
  context: RequestContext,
  _info: GraphQLResolveInfo,
): GatewayError {
  return context.caller.authenticated || context.caller.identities === 'any'
    ? new GatewayError('FORBIDDEN', 'Not allowed: this caller may not read this data.')
    : new GatewayError(
        'UNAUTHENTICATED',
        'Authentication required: send a valid token in the Authorization header (Bearer).',
      );
}
