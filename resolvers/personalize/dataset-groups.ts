// Amazon Personalize dataset groups: the two calls (ListDatasetGroups, DescribeDatasetGroup),
// the PersonalizeDatasetGroup model (known enum values, raw names kept), the listing behind
// `personalizeDatasetGroups`, a group's own datasets, the group of a dataset, the Describe behind
// `node` and the Describe-only fields, and the keys other subgraphs reference a group by.
import {
  DescribeDatasetGroupCommand,
  ListDatasetGroupsCommand,
  type DatasetGroup as PersonalizeSdkDatasetGroup,
  type DatasetGroupSummary as PersonalizeSdkDatasetGroupSummary,
} from '@aws-sdk/client-personalize';

import { authorizePersonalize } from '../access.js';
import type { RequestContext } from '../context.js';
import { referencedKey, type EntityRepresentation } from '../entity-references.js';
import type { UpstreamCall } from '../errors.js';
import {
  listingOperation,
  pagedSource,
  resolveConnection,
  type ListingConnection,
} from '../listing-source.js';
import { describeLoader } from '../loaders.js';
import type { ConnectionArgs, ListingSource } from '../paginate.js';
import { checkPersonalizeArn, parsePersonalizeRawId, toEnumValue } from './common.js';
import {
  listPersonalizeDatasets,
  personalizeDatasetGroupArn,
  type PersonalizeDataset,
} from './datasets.js';

export type { PersonalizeSdkDatasetGroup, PersonalizeSdkDatasetGroupSummary };

// --- The model.

// Documented group statuses: CREATE PENDING > CREATE IN_PROGRESS > ACTIVE or CREATE FAILED;
// DELETE PENDING (> DELETE IN_PROGRESS, as for datasets).
export const PERSONALIZE_DATASET_GROUP_STATUSES = [
  'CREATE_PENDING',
  'CREATE_IN_PROGRESS',
  'ACTIVE',
  'CREATE_FAILED',
  'DELETE_PENDING',
  'DELETE_IN_PROGRESS',
  'UNKNOWN',
] as const;
export type PersonalizeDatasetGroupStatus = (typeof PERSONALIZE_DATASET_GROUP_STATUSES)[number];

export const PERSONALIZE_DOMAINS = ['ECOMMERCE', 'VIDEO_ON_DEMAND', 'UNKNOWN'] as const;
export type PersonalizeDomain = (typeof PERSONALIZE_DOMAINS)[number];

export interface PersonalizeDatasetGroup {
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly status: PersonalizeDatasetGroupStatus;
  readonly statusName: string;
  /** Null for a custom dataset group (no domain). */
  readonly domain: PersonalizeDomain | null;
  readonly domainName: string | null;
  readonly creationDateTime: Date | null;
  readonly lastUpdatedDateTime: Date | null;
  readonly failureReason: string | null;
  /** What only DescribeDatasetGroup returns; null for a group that came from a listing. */
  readonly described: PersonalizeDatasetGroupDescription | null;
}

export interface PersonalizeDatasetGroupDescription {
  readonly roleArn: string | null;
  readonly kmsKeyArn: string | null;
}

export function toPersonalizeDatasetGroup(
  summary: PersonalizeSdkDatasetGroupSummary,
): PersonalizeDatasetGroup {
  const statusName = summary.status ?? '';
  const domainName = summary.domain ?? null;
  return {
    name: summary.name ?? '',
    datasetGroupArn: summary.datasetGroupArn ?? '',
    status: toEnumValue(PERSONALIZE_DATASET_GROUP_STATUSES, statusName),
    statusName,
    domain: domainName === null ? null : toEnumValue(PERSONALIZE_DOMAINS, domainName),
    domainName,
    creationDateTime: summary.creationDateTime ?? null,
    lastUpdatedDateTime: summary.lastUpdatedDateTime ?? null,
    failureReason: summary.failureReason ?? null,
    described: null,
  };
}

export function describedPersonalizeDatasetGroup(
  group: PersonalizeSdkDatasetGroup,
): PersonalizeDatasetGroup {
  return {
    ...toPersonalizeDatasetGroup(group),
    described: { roleArn: group.roleArn ?? null, kmsKeyArn: group.kmsKeyArn ?? null },
  };
}

// --- The upstream calls.

const LIST_DATASET_GROUPS: UpstreamCall = {
  service: 'personalize',
  operation: 'ListDatasetGroups',
};
const DESCRIBE_DATASET_GROUP: UpstreamCall = {
  service: 'personalize',
  operation: 'DescribeDatasetGroup',
};

/** Every dataset group: ListDatasetGroups takes no filter. */
const listDatasetGroups = listingOperation<readonly [], PersonalizeSdkDatasetGroupSummary>(
  LIST_DATASET_GROUPS,
  async ({ pageSize, token }, signal, clients) => {
    const output = await clients.personalize.send(
      new ListDatasetGroupsCommand({
        maxResults: pageSize,
        ...(token === null ? {} : { nextToken: token }),
      }),
      { abortSignal: signal },
    );
    return { items: output.datasetGroups, nextToken: output.nextToken };
  },
);

const describeDatasetGroup = describeLoader(
  DESCRIBE_DATASET_GROUP,
  (datasetGroupArn: string) => [datasetGroupArn],
  async (datasetGroupArn, signal, clients) => {
    const output = await clients.personalize.send(
      new DescribeDatasetGroupCommand({ datasetGroupArn }),
      { abortSignal: signal },
    );
    return output.datasetGroup;
  },
);

// --- The listings: Query.personalizeDatasetGroups, PersonalizeDatasetGroup.datasets.

/** The listing of every dataset group. */
export function personalizeDatasetGroupSource(
  context: RequestContext,
): ListingSource<PersonalizeDatasetGroup> {
  authorizePersonalize(context.caller);
  return pagedSource(context, listDatasetGroups, {
    filters: [],
    pageSize: context.pageSizes.personalize,
    toItem: toPersonalizeDatasetGroup,
    keyOf: (group) => group.datasetGroupArn,
  });
}

export function listPersonalizeDatasetGroups(
  args: ConnectionArgs,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDatasetGroup>> {
  return resolveConnection(personalizeDatasetGroupSource(context), args, context);
}

/** The group's own datasets: ListDatasets filtered by its ARN, so cursors are bound to the group. */
export function listDatasetGroupDatasets(
  group: PersonalizeDatasetGroup,
  args: ConnectionArgs,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDataset>> {
  return listPersonalizeDatasets({ ...args, datasetGroupArn: group.datasetGroupArn }, context);
}

// --- One group by ARN, the group of a dataset, and what only DescribeDatasetGroup returns.

export async function loadPersonalizeDatasetGroup(
  context: RequestContext,
  datasetGroupArn: string,
): Promise<PersonalizeDatasetGroup | null> {
  authorizePersonalize(context.caller);
  const group = await context.loaders
    .of(describeDatasetGroup)
    .load(checkPersonalizeArn('datasetGroupArn', datasetGroupArn));
  return group === null ? null : describedPersonalizeDatasetGroup(group);
}

export async function personalizeDatasetGroupOf(
  context: RequestContext,
  dataset: PersonalizeDataset,
): Promise<PersonalizeDatasetGroup | null> {
  const datasetGroupArn = await personalizeDatasetGroupArn(context, dataset);
  return datasetGroupArn === null ? null : loadPersonalizeDatasetGroup(context, datasetGroupArn);
}

/** The Describe-only fields of a group: already there when it was described, else loaded. */
export async function personalizeDatasetGroupDescription(
  context: RequestContext,
  group: PersonalizeDatasetGroup,
): Promise<PersonalizeDatasetGroupDescription | null> {
  if (group.described !== null) return group.described;
  return (await loadPersonalizeDatasetGroup(context, group.datasetGroupArn))?.described ?? null;
}

/** Resolves to null when the group does not exist (the Relay and federation convention). */
export async function resolvePersonalizeDatasetGroupReference(
  context: RequestContext,
  representation: EntityRepresentation,
): Promise<PersonalizeDatasetGroup | null> {
  const datasetGroupArn = referencedKey(
    {
      typename: 'PersonalizeDatasetGroup',
      naturalKeyFields: ['datasetGroupArn'],
      fromRawId: (rawId) => parsePersonalizeRawId('PersonalizeDatasetGroup', rawId),
      fromNaturalKey: (key) => key.datasetGroupArn,
    },
    representation,
  );
  return loadPersonalizeDatasetGroup(context, datasetGroupArn);
}
