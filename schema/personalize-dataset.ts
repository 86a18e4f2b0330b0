import {
  listPersonalizeDatasets,
  PERSONALIZE_DATASET_STATUSES,
  PERSONALIZE_DATASET_TYPES,
  type PersonalizeDataset as PersonalizeDatasetModel,
} from '../resolvers/personalize.js';
import { builder } from './builder.js';

const UNKNOWN_VALUE =
  'A value AWS returned that this schema does not know yet; see the *Name field.';

export const PersonalizeDatasetType = builder.enumType('PersonalizeDatasetType', {
  values: Object.fromEntries(
    PERSONALIZE_DATASET_TYPES.map((value) => [
      value,
      value === 'UNKNOWN' ? { description: UNKNOWN_VALUE } : {},
    ]),
  ) as Record<(typeof PERSONALIZE_DATASET_TYPES)[number], { description?: string }>,
});

export const PersonalizeDatasetStatus = builder.enumType('PersonalizeDatasetStatus', {
  values: Object.fromEntries(
    PERSONALIZE_DATASET_STATUSES.map((value) => [
      value,
      value === 'UNKNOWN' ? { description: UNKNOWN_VALUE } : {},
    ]),
  ) as Record<(typeof PERSONALIZE_DATASET_STATUSES)[number], { description?: string }>,
});

export const PersonalizeDataset = builder
  .objectRef<PersonalizeDatasetModel>('PersonalizeDataset')
  .implement({
    description: 'An Amazon Personalize dataset.',
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
    }),
  });

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
      resolve: (_root, args, context) => listPersonalizeDatasets(args, context),
    },
    { name: 'PersonalizeDatasetConnection' },
    { name: 'PersonalizeDatasetEdge' },
  ),
);
