// Apollo Federation v2: the types other subgraphs may reference, each by its global id and by
// its natural AWS key. `_entities` resolves them through the same per-request loaders as
// `node(id:)`, so one router fetch naming the same dataset twice costs one Describe call, and
// distinct ones go out concurrently under the request's cap.
//
// Query.node / Query.nodes stay in the subgraph and are deliberately not @shareable: only this
// subgraph can decode the ids it mints, so the router must never send them elsewhere. A
// supergraph in which another subgraph also defines Query.node will not compose
// (INVALID_FIELD_SHARING); for such a graph GATEWAY_SUBGRAPH_NODE_FIELDS=false serves the
// subgraph without them (withoutNodeFields), and the graph reaches our objects by their keys.
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  defaultFieldResolver,
  GraphQLObjectType,
  GraphQLSchema,
  isUnionType,
  type GraphQLFieldConfigMap,
} from 'graphql';

import { resolveCognitoDatasetReference } from '../resolvers/cognito-sync.js';
import { checkRepresentations } from '../resolvers/entity-references.js';
import { resolvePersonalizeDatasetGroupReference } from '../resolvers/personalize/dataset-groups.js';
import { resolvePersonalizeDatasetReference } from '../resolvers/personalize/datasets.js';
import { builder } from './builder.js';
import { CognitoDataset } from './cognito-dataset.js';
import { PersonalizeDatasetGroup } from './personalize-dataset-group.js';
import { PersonalizeDataset } from './personalize-dataset.js';

const globalIdKey = builder.selection<{ id: string }>('id');

builder.asEntity(CognitoDataset, {
  key: [
    globalIdKey,
    builder.selection<{ identityPoolId: string; identityId: string; datasetName: string }>(
      'identityPoolId identityId datasetName',
    ),
  ],
  resolveReference: (representation, context) =>
    resolveCognitoDatasetReference(context, representation),
});

builder.asEntity(PersonalizeDataset, {
  key: [globalIdKey, builder.selection<{ datasetArn: string }>('datasetArn')],
  resolveReference: (representation, context) =>
    resolvePersonalizeDatasetReference(context, representation),
});

builder.asEntity(PersonalizeDatasetGroup, {
  key: [globalIdKey, builder.selection<{ datasetGroupArn: string }>('datasetGroupArn')],
  resolveReference: (representation, context) =>
    resolvePersonalizeDatasetGroupReference(context, representation),
});

/**
 * Makes `_entities` answer a representation of an unknown type with BAD_USER_INPUT rather than
 * the internal error @apollo/subgraph raises. Applied to the built subgraph schema (in place).
 */
export function checkEntityRepresentations(subgraph: GraphQLSchema): GraphQLSchema {
  const entitiesField = subgraph.getQueryType()?.getFields()['_entities'];
  const entityUnion = subgraph.getType('_Entity');
  if (entitiesField === undefined || !isUnionType(entityUnion)) return subgraph;
  const entityTypes = entityUnion.getTypes().map((type) => type.name);
  const resolve = entitiesField.resolve ?? defaultFieldResolver;
  entitiesField.resolve = (source, args: { representations: readonly unknown[] }, ...rest) => {
    checkRepresentations(args.representations, entityTypes);
    return resolve(source, args, ...rest);
  };
  return subgraph;
}

const NODE_FIELDS: readonly string[] = ['node', 'nodes'];

/**
 * The subgraph without Query.node and Query.nodes: the same types, resolvers and keys, and a
 * `_service { sdl }` that prints this schema (the plugin's resolver prints the one it built).
 */
export function withoutNodeFields(subgraph: GraphQLSchema): GraphQLSchema {
  const config = subgraph.toConfig();
  const oldQuery = config.query;
  if (oldQuery === null || oldQuery === undefined) return subgraph;
  const queryConfig = oldQuery.toConfig();
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const [name, field] of Object.entries(queryConfig.fields)) {
    if (NODE_FIELDS.includes(name)) continue;
    fields[name] =
      name === '_service'
        ? { ...field, resolve: () => ({ sdl: printSubgraphSchema(result) }) }
        : field;
  }
  // The printers read the type's AST where there is one (the directives plugin writes it).
  const { astNode } = queryConfig;
  const query = new GraphQLObjectType({
    ...queryConfig,
    fields,
    astNode:
      astNode === null || astNode === undefined
        ? astNode
        : {
            ...astNode,
            fields: (astNode.fields ?? []).filter(
              (field) => !NODE_FIELDS.includes(field.name.value),
            ),
          },
  });
  const result: GraphQLSchema = new GraphQLSchema({
    ...config,
    query,
    types: config.types.map((type) => (type === oldQuery ? query : type)),
  });
  return result;
}
