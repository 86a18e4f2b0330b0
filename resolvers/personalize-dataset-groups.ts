// Personalize ListDatasetGroups as a listing, the PersonalizeDatasetGroup model (known enum
// values, raw names kept) and the nested listing of one group's datasets.
import { authorizePersonalize } from './access.js';
import type { RequestContext } from './context.js';
import { resolveListing, type ConnectionArgsInput, type ListingConnection } from './listing.js';
import {
  PERSONALIZE_LIST_DATASET_GROUPS,
  type PersonalizeSdkDatasetGroup,
  type PersonalizeSdkDatasetGroupSummary,
} from './loaders.js';
import type { ListingSource } from './paginate.js';
import { listPersonalizeDatasets, toEnumValue, type PersonalizeDataset } from './personalize.js';

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

/** The listing of every dataset group (ListDatasetGroups takes no filter). */
export function personalizeDatasetGroupSource(
  context: RequestContext,
): ListingSource<PersonalizeDatasetGroup> {
  authorizePersonalize(context.caller);
  const pageSize = context.pageSizes.personalize;
  const { service, operation } = PERSONALIZE_LIST_DATASET_GROUPS;
  return {
    scope: [service, operation, pageSize].join('|'),
    fetchPage: async (token) => {
      const page = await context.loaders.personalizeDatasetGroupPages.load({ pageSize, token });
      return { items: page.items.map(toPersonalizeDatasetGroup), nextToken: page.nextToken };
    },
    keyOf: (group) => group.datasetGroupArn,
  };
}

export function listPersonalizeDatasetGroups(
  args: ConnectionArgsInput,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDatasetGroup>> {
  return resolveListing(personalizeDatasetGroupSource(context), args, context);
}

/** The group's own datasets: ListDatasets filtered by its ARN, so cursors are bound to the group. */
export function listDatasetGroupDatasets(
  group: PersonalizeDatasetGroup,
  args: ConnectionArgsInput,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDataset>> {
  return listPersonalizeDatasets({ ...args, datasetGroupArn: group.datasetGroupArn }, context);
}
