import { parsePersonalizeRawId } from '../resolvers/personalize/common.js';
import {
  listPersonalizeDatasets,
  loadPersonalizeDataset,
  PERSONALIZE_DATASET_STATUSES,
  PERSONALIZE_DATASET_TYPES,
  personalizeDatasetDescription,
  personalizeDatasetGroupArn,
  type PersonalizeDataset as PersonalizeDatasetModel,
} from '../resolvers/personalize/datasets.js';
import { awsEnumType } from './aws-enum.js';
import { builder } from './builder.js';
import { connectionComplexity } from './complexity.js';
import { loadedByKey } from './node.js';

export const PersonalizeDatasetType = awsEnumType(
  'PersonalizeDatasetType',
  PERSONALIZE_DATASET_TYPES,
);

export const PersonalizeDatasetStatus = awsEnumType(
  'PersonalizeDatasetStatus',
  PERSONALIZE_DATASET_STATUSES,
);

const PersonalizeDatasetRef = builder.objectRef<PersonalizeDatasetModel>('PersonalizeDataset');

export const PersonalizeDataset = builder.node(PersonalizeDatasetRef, {
  description: 'An Amazon Personalize dataset.',
  authScopes: { personalize: true },
  id: {
    description: 'Global id: names the dataset ARN (Personalize DescribeDataset refetches it).',
    resolve: (dataset) => dataset.datasetArn,
    parse: (rawId) => parsePersonalizeRawId('PersonalizeDataset', rawId),
  },
  ...loadedByKey(PersonalizeDatasetRef, loadPersonalizeDataset),
  fields: (t) => ({
    name: t.exposeString('name'),
    datasetArn: t.exposeString('datasetArn'),
    datasetType: t.expose('datasetType', {
      type: PersonalizeDatasetType,
      description: 'UNKNOWN when AWS returns a type this schema does not know yet.',
    }),
    datasetTypeName: t.exposeString('datasetTypeName', {
      description: 'The dataset type exactly as AWS returned it (e.g. "Interactions").',
    }),
    status: t.expose('status', {
      type: PersonalizeDatasetStatus,
      description: 'UNKNOWN when AWS returns a status this schema does not know yet.',
    }),
    statusName: t.exposeString('statusName', {
      description: 'The status exactly as AWS returned it (e.g. "CREATE IN_PROGRESS").',
    }),
    creationDateTime: t.expose('creationDateTime', { type: 'DateTime', nullable: true }),
    lastUpdatedDateTime: t.expose('lastUpdatedDateTime', { type: 'DateTime', nullable: true }),
    datasetGroupArn: t.string({
      nullable: true,
      description:
        'The dataset group holding the dataset. Read from the dataset ARN when it follows the documented format, else from DescribeDataset.',
      resolve: (dataset, _args, context) => personalizeDatasetGroupArn(context, dataset),
    }),
    schemaArn: t.string({
      nullable: true,
      description:
        'The schema of the dataset. Only DescribeDataset returns it: selecting it on listed datasets costs one upstream call per dataset.',
      resolve: async (dataset, _args, context) =>
        (await personalizeDatasetDescription(context, dataset))?.schemaArn ?? null,
    }),
  }),
});

/** One connection type for every list of Personalize datasets (top-level and per group). */
export const PersonalizeDatasetConnection = builder.connectionObject(
  { type: PersonalizeDataset, name: 'PersonalizeDatasetConnection' },
  { name: 'PersonalizeDatasetEdge' },
);

builder.queryField('personalizeDatasets', (t) =>
  t.connection(
    {
      type: PersonalizeDataset,
      nullable: true,
      description:
        'Personalize datasets, optionally of one dataset group (Personalize ListDatasets).',
      args: {
        datasetGroupArn: t.arg.string({
          required: false,
          description: 'Only the datasets of this dataset group; all datasets when omitted.',
        }),
      },
      complexity: connectionComplexity,
      authScopes: { personalize: true },
      resolve: (_root, args, context) => listPersonalizeDatasets(args, context),
    },
    PersonalizeDatasetConnection,
  ),
);
