// The schema's declarative authorization (@pothos/plugin-scope-auth): scopes derived from the
// request's Caller (resolvers/access.ts), checked on fields and on the types themselves, so every
// path to an object (connections, node, nodes, _entities, nested fields) is covered. The
// resolvers check the same rules again, and first, before any upstream call: these rules are
// defence in depth, and must agree with them (they use the same functions).
import type { GraphQLResolveInfo } from 'graphql';

import { identityToList, mayReadIdentityPool, refusal } from '../resolvers/access.js';
import type { RequestContext } from '../resolvers/context.js';
import { GatewayError } from '../resolvers/errors.js';

export function authScopesOf(context: RequestContext) {
  const { caller } = context;
  return {
    personalize: caller.personalize,
    // The pool is checked by identityScopes, where it is known.
    identity: (identityId: string) =>
      caller.identities === 'any' || caller.identities.has(identityId),
  };
}

/**
 * The scopes reading one identity's datasets needs: that identity, in a pool the caller may read
 * (false, i.e. refused, when the pool is not the caller's).
 */
export function identityScopes(
  context: RequestContext,
  identityPoolId: string,
  identityId: string,
): { identity: string } | false {
  return mayReadIdentityPool(context.caller, identityPoolId) && { identity: identityId };
}

/** Type-level rule of CognitoDataset: the dataset's own identity. */
export function cognitoDatasetScopes(
  dataset: { readonly identityPoolId: string; readonly identityId: string },
  context: RequestContext,
): { identity: string } | false {
  return identityScopes(context, dataset.identityPoolId, dataset.identityId);
}

/**
 * Rule of Query.cognitoDatasets: the identity it will list, chosen exactly as the resolver
 * chooses it (the arguments, else the caller's own). Throws what the resolver would throw when
 * no identity can be chosen (UNAUTHENTICATED, BAD_USER_INPUT).
 */
export function cognitoDatasetsScopes(
  args: {
    readonly identityPoolId?: string | null | undefined;
    readonly identityId?: string | null | undefined;
  },
  context: RequestContext,
): { identity: string } | false {
  const { identityPoolId, identityId } = identityToList(
    context.caller,
    args,
    context.defaultIdentityPoolId,
  );
  return identityScopes(context, identityPoolId, identityId);
}

export function unauthorizedError(
  _parent: unknown,
  context: RequestContext,
  _info: GraphQLResolveInfo,
): GatewayError {
  return refusal(context.caller, 'Not allowed: this caller may not read this data.');
}
