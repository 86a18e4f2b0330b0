// The gateway's GraphQL schema, built from the type modules below: `schema` for clients, and
// `subgraphSchema()`, the same graph as an Apollo Federation v2 subgraph (adds `_service` and
// `_entities`; served when GATEWAY_SUBGRAPH=true), and `subgraphSchemaWithoutNode()`, the subgraph
// without Query.node / Query.nodes (GATEWAY_SUBGRAPH_NODE_FIELDS=false). The two subgraph schemas
// are built on first use: a gateway that serves neither would hold ~1 MB of heap for them.
import './scalars.js';
import './cognito-dataset.js';
import './personalize-dataset.js';
import './personalize-dataset-group.js';

import type { GraphQLSchema } from 'graphql';

import { builder } from './builder.js';
import { checkEntityRepresentations, withoutNodeFields } from './federation.js';

export const schema = builder.toSchema();

let subgraph: GraphQLSchema | undefined;
let subgraphWithoutNode: GraphQLSchema | undefined;

export function subgraphSchema(): GraphQLSchema {
  subgraph ??= checkEntityRepresentations(
    builder.toSubGraphSchema({
      // Listed rather than inferred: the plugin infers them from the last build, i.e. from order.
      federationDirectives: ['@key', '@shareable'],
    }),
  );
  return subgraph;
}

export function subgraphSchemaWithoutNode(): GraphQLSchema {
  subgraphWithoutNode ??= withoutNodeFields(subgraphSchema());
  return subgraphWithoutNode;
}

/** The schema a server with these settings serves. */
export function servedSchema(settings: {
  readonly subgraph: boolean;
  readonly subgraphNodeFields: boolean;
}): GraphQLSchema {
  if (!settings.subgraph) return schema;
  return settings.subgraphNodeFields ? subgraphSchema() : subgraphSchemaWithoutNode();
}
