import { parsePersonalizeRawId } from '../resolvers/personalize/common.js';
import {
  listDatasetGroupDatasets,
  listPersonalizeDatasetGroups,
  loadPersonalizeDatasetGroup,
  PERSONALIZE_DATASET_GROUP_STATUSES,
  PERSONALIZE_DOMAINS,
  personalizeDatasetGroupDescription,
  personalizeDatasetGroupOf,
  type PersonalizeDatasetGroup as PersonalizeDatasetGroupModel,
} from '../resolvers/personalize/dataset-groups.js';
import { awsEnumType } from './aws-enum.js';
import { builder } from './builder.js';
import { connectionComplexity } from './complexity.js';
import { loadedByKey } from './node.js';
import { PersonalizeDataset, PersonalizeDatasetConnection } from './personalize-dataset.js';
import { selectsAnyOf } from './selection.js';

/** The group fields only DescribeDatasetGroup returns (ListDatasetGroups has the others). */
const DESCRIBE_ONLY_GROUP_FIELDS = ['roleArn', 'kmsKeyArn'] as const;

export const PersonalizeDatasetGroupStatus = awsEnumType(
  'PersonalizeDatasetGroupStatus',
  PERSONALIZE_DATASET_GROUP_STATUSES,
);

export const PersonalizeDomain = awsEnumType('PersonalizeDomain', PERSONALIZE_DOMAINS);

const PersonalizeDatasetGroupRef =
  builder.objectRef<PersonalizeDatasetGroupModel>('PersonalizeDatasetGroup');

export const PersonalizeDatasetGroup = builder.node(PersonalizeDatasetGroupRef, {
  description: 'An Amazon Personalize dataset group: the container of related datasets.',
  authScopes: { personalize: true },
  id: {
    description:
      'Global id: names the dataset group ARN (Personalize DescribeDatasetGroup refetches it).',
    resolve: (group) => group.datasetGroupArn,
    parse: (rawId) => parsePersonalizeRawId('PersonalizeDatasetGroup', rawId),
  },
  ...loadedByKey(PersonalizeDatasetGroupRef, loadPersonalizeDatasetGroup),
  fields: (t) => ({
    name: t.exposeString('name'),
    datasetGroupArn: t.exposeString('datasetGroupArn'),
    status: t.expose('status', {
      type: PersonalizeDatasetGroupStatus,
      description: 'UNKNOWN when AWS returns a status this schema does not know yet.',
    }),
    statusName: t.exposeString('statusName', {
      description: 'The status exactly as AWS returned it (e.g. "CREATE PENDING").',
    }),
    domain: t.expose('domain', {
      type: PersonalizeDomain,
      nullable: true,
      description:
        'The domain of a Domain dataset group; null for a Custom one. UNKNOWN when AWS returns a domain this schema does not know yet.',
    }),
    domainName: t.exposeString('domainName', {
      nullable: true,
      description: 'The domain exactly as AWS returned it.',
    }),
    creationDateTime: t.expose('creationDateTime', { type: 'DateTime', nullable: true }),
    lastUpdatedDateTime: t.expose('lastUpdatedDateTime', { type: 'DateTime', nullable: true }),
    failureReason: t.exposeString('failureReason', {
      nullable: true,
      description: 'Why creating the dataset group failed, when it did.',
    }),
    roleArn: t.string({
      nullable: true,
      description:
        'The IAM role with access to the KMS key. Only DescribeDatasetGroup returns it: selecting it on listed groups costs one upstream call per group.',
      resolve: async (group, _args, context) =>
        (await personalizeDatasetGroupDescription(context, group))?.roleArn ?? null,
    }),
    kmsKeyArn: t.string({
      nullable: true,
      description:
        'The KMS key that encrypts the datasets. Only DescribeDatasetGroup returns it (as for roleArn).',
      resolve: async (group, _args, context) =>
        (await personalizeDatasetGroupDescription(context, group))?.kmsKeyArn ?? null,
    }),
    datasets: t.connection(
      {
        type: PersonalizeDataset,
        // Nullable, so that one group's failure does not erase the whole listing of groups.
        nullable: true,
        description:
          "The group's datasets (Personalize ListDatasets with this group's ARN). Cursors are bound to the group.",
        complexity: connectionComplexity,
        resolve: (group, args, context) => listDatasetGroupDatasets(group, args, context),
      },
      PersonalizeDatasetConnection,
    ),
  }),
});

builder.objectField(PersonalizeDataset, 'datasetGroup', (t) =>
  t.field({
    type: PersonalizeDatasetGroup,
    nullable: true,
    description:
      'The dataset group holding the dataset; null when it no longer exists. The distinct groups of a request are read from one ListDatasetGroups page where that costs fewer calls, unless roleArn or kmsKeyArn is selected (then DescribeDatasetGroup: one call per distinct group).',
    resolve: (dataset, _args, context, info) =>
      personalizeDatasetGroupOf(context, dataset, {
        describeOnlyFields: selectsAnyOf(info, DESCRIBE_ONLY_GROUP_FIELDS),
      }),
  }),
);

builder.queryField('personalizeDatasetGroups', (t) =>
  t.connection(
    {
      type: PersonalizeDatasetGroup,
      nullable: true,
      description: 'Personalize dataset groups (Personalize ListDatasetGroups).',
      complexity: connectionComplexity,
      authScopes: { personalize: true },
      resolve: (_root, args, context) => listPersonalizeDatasetGroups(args, context),
    },
    { name: 'PersonalizeDatasetGroupConnection' },
    { name: 'PersonalizeDatasetGroupEdge' },
  ),
);
