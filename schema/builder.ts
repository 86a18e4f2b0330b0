// The one SchemaBuilder: plugins, the per-request context type, and the options that give every
// connection the same shape (non-null edges and nodes, a `nodes` shortcut, a lazy totalCount).
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';

import type { RequestContext } from '../resolvers/context.js';
import { decodeGlobalId } from '../resolvers/global-id.js';
import { authScopesOf, unauthorizedError } from './auth-scopes.js';
import {
  complexityOptions,
  connectionListComplexity,
  nodeComplexity,
  nodesComplexity,
  UPSTREAM_CALL_COST,
} from './complexity.js';
import { checkNodeIdCount, checkNodeTypes } from './node.js';

export interface SchemaTypes {
  Context: RequestContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  // Every connection resolver also returns a counter; `totalCount` calls it only when selected.
  Connection: { countTotal: () => Promise<number | null> };
  AuthScopes: {
    /** May read Personalize datasets and dataset groups. */
    personalize: boolean;
    /** May read this Cognito identity's datasets (the parameter is the identity id). */
    identity: string;
  };
}

export const builder = new SchemaBuilder<SchemaTypes>({
  // Scope auth first, so that no other plugin's wrapper (dataloader) runs before the check;
  // federation last: it must see the resolvers the other plugins wrap (their READMEs' order).
  plugins: [
    ScopeAuthPlugin,
    RelayPlugin,
    DataloaderPlugin,
    ComplexityPlugin,
    DirectivePlugin,
    FederationPlugin,
  ],
  scopeAuth: {
    authScopes: authScopesOf,
    unauthorizedError,
    // Type rules (PersonalizeDataset, CognitoDataset, ...) run once per object, in isTypeOf,
    // rather than through a wrapper around every field of the type: one check and one FORBIDDEN
    // per refused object instead of one per selected field, and no wrapper on the hot path.
    runScopesOnType: true,
  },
  complexity: complexityOptions,
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    // Every Relay subgraph defines PageInfo; federation composes it only when all are shareable.
    pageInfoTypeOptions: { shareable: true },
    // Global ids: the plugin's encoding, decoded strictly (a malformed id is BAD_USER_INPUT).
    decodeGlobalID: (globalID) => decodeGlobalId(globalID),
    nodeQueryOptions: {
      description:
        'The object with this global id; null when it no longer exists. A malformed id is a BAD_USER_INPUT error.',
      complexity: nodeComplexity,
      resolve: (_root, args, _context, info, resolveNode) => {
        checkNodeTypes([args.id], info);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      description:
        'The objects with these global ids, in the same order (null where one no longer exists). Each distinct id is fetched once.',
      complexity: nodesComplexity,
      resolve: (_root, args, context, info, resolveNodes) => {
        checkNodeIdCount(args.ids.length, context.maxNodeIds);
        checkNodeTypes(args.ids, info);
        return resolveNodes(args.ids);
      },
    },
    // The connection field multiplies by the page size; its edges and nodes must not again.
    nodesOnConnection: { complexity: connectionListComplexity },
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      complexity: connectionListComplexity,
    },
    nodeFieldOptions: { nullable: false },
    firstArgOptions: {
      description:
        'Returns the first n edges (after `after`, if given). At most the gateway maximum page size; the default page size applies when neither first nor last is given.',
    },
    afterArgOptions: { description: 'Returns the edges after this cursor from the same listing.' },
    lastArgOptions: {
      description:
        'Returns the last n edges (before `before`, if given). The upstream APIs only page forward, so this reads the listing from its start.',
    },
    beforeArgOptions: {
      description: 'Returns the edges before this cursor from the same listing.',
    },
  },
});

builder.queryType({});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    // Counting reads the listing's upstream pages: at least one more call.
    complexity: UPSTREAM_CALL_COST,
    description:
      'How many items the whole listing holds; null when counting would read more upstream pages than the gateway allows. Costs extra upstream calls, made only when this field is selected.',
    resolve: (connection) => connection.countTotal(),
  }),
);
