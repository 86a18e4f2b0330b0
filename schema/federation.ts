// Apollo Federation v2: the types other subgraphs may reference, each by its global id and by
// its natural AWS key. `_entities` resolves them through the same per-request loaders as
// `node(id:)`, so one router fetch naming the same dataset twice costs one Describe call, and
// distinct ones go out concurrently under the request's cap.
//
// Query.node / Query.nodes stay in the subgraph and are deliberately not @shareable: only this
// subgraph can decode the ids it mints, so the router must never send them elsewhere. A
// supergraph in which another subgraph also defines Query.node will not compose
// (INVALID_FIELD_SHARING); such a graph reaches our objects through their `id` key instead.
import { defaultFieldResolver, isUnionType, type GraphQLSchema } from 'graphql';

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
