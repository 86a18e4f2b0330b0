import {
  cognitoDatasetRawId,
  listCognitoDatasets,
  loadCognitoDataset,
  parseCognitoDatasetRawId,
  type CognitoDataset as CognitoDatasetModel,
} from '../resolvers/cognito-sync.js';
import { cognitoDatasetScopes, cognitoDatasetsScopes } from './auth-scopes.js';
import { builder } from './builder.js';
import { connectionComplexity } from './complexity.js';
import { loadedByKey } from './node.js';

const CognitoDatasetRef = builder.objectRef<CognitoDatasetModel>('CognitoDataset');

export const CognitoDataset = builder.node(CognitoDatasetRef, {
  description: 'A Cognito Sync dataset: a named key-value store of one identity.',
  // Every path to a dataset (listing, node, nodes, _entities) reads it through this type.
  authScopes: (dataset, context) => cognitoDatasetScopes(dataset, context),
  id: {
    description:
      'Global id: names the identity pool, the identity and the dataset (Cognito Sync DescribeDataset refetches it).',
    resolve: (dataset) => cognitoDatasetRawId(dataset),
    parse: (rawId) => parseCognitoDatasetRawId(rawId),
  },
  ...loadedByKey(CognitoDatasetRef, loadCognitoDataset),
  fields: (t) => ({
    identityPoolId: t.exposeString('identityPoolId', {
      description: 'The identity pool the dataset was listed from.',
    }),
    identityId: t.exposeString('identityId'),
    datasetName: t.exposeString('datasetName'),
    creationDate: t.expose('creationDate', { type: 'DateTime', nullable: true }),
    lastModifiedDate: t.expose('lastModifiedDate', { type: 'DateTime', nullable: true }),
    lastModifiedBy: t.exposeString('lastModifiedBy', { nullable: true }),
    dataStorage: t.exposeInt('dataStorage', {
      nullable: true,
      description: 'Bytes stored (at most 1 MB by the AWS quota).',
    }),
    numRecords: t.exposeInt('numRecords', { nullable: true }),
  }),
});

builder.queryField('cognitoDatasets', (t) =>
  t.connection(
    {
      type: CognitoDataset,
      nullable: true,
      description:
        "Datasets of one Cognito identity (Cognito Sync ListDatasets): by default the caller's own.",
      complexity: connectionComplexity,
      authScopes: (_root, args, context) => cognitoDatasetsScopes(args, context),
      args: {
        identityPoolId: t.arg.string({
          required: false,
          description:
            'The identity pool, e.g. "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0". Default: the caller\'s pool (GATEWAY_IDENTITY_POOL_ID).',
        }),
        identityId: t.arg.string({
          required: false,
          description:
            "The Cognito identity whose datasets to list (same format). Default: the caller's own identity. Naming another identity than the caller's is refused with FORBIDDEN (unless the caller is an administrator in gateway auth mode).",
        }),
      },
      resolve: (_root, args, context) => listCognitoDatasets(args, context),
    },
    { name: 'CognitoDatasetConnection' },
    { name: 'CognitoDatasetEdge' },
  ),
);
