// Amazon Personalize dataset groups: the two calls (ListDatasetGroups, DescribeDatasetGroup),
// the PersonalizeDatasetGroup model (known enum values, raw names kept), the listing behind
// `personalizeDatasetGroups`, a group's own datasets, the group of a dataset (from the listing
// where that is cheaper), the Describe behind `node` and the Describe-only fields, and the keys
// other subgraphs reference a group by.
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
import { findInListing, groupBy, listingPageBound } from '../listed-keys.js';
import {
  listingOperation,
  listingPages,
  pagedSource,
  resolveConnection,
  type ListingConnection,
} from '../listing-source.js';
import { batchLoader, describeLoader } from '../loaders.js';
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
): ListingSource<PersonalizeSdkDatasetGroupSummary, PersonalizeDatasetGroup> {
  authorizePersonalize(context.caller);
  return pagedSource(context, listDatasetGroups, {
    filters: [],
    pageSize: context.pageSizes.personalize,
    toItem: toPersonalizeDatasetGroup,
    keyOf: (summary) => summary.datasetGroupArn ?? '',
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

/** One group asked for by ARN, with the page size ListDatasetGroups is read in. */
interface GroupLookup {
  readonly datasetGroupArn: string;
  readonly pageSize: number;
}

/**
 * Groups by ARN, a batch at a time, for selections that need only listed fields: found in the
 * ListDatasetGroups pages within listingPageBound (one call for the 100 groups of a page where
 * each would cost a Describe), the rest described. The pages are the same loader keys (and
 * upstream cache keys) as `personalizeDatasetGroups`.
 */
const listedGroupsByArn = batchLoader<GroupLookup, PersonalizeDatasetGroup | null>(
  'personalize:DatasetGroupByArn',
  ({ datasetGroupArn, pageSize }) => [datasetGroupArn, pageSize],
  async (lookups, loaders) => {
    const answers = new Map<GroupLookup, PersonalizeDatasetGroup | null | Error>();
    await Promise.all(
      groupBy(lookups, ({ pageSize }) => String(pageSize)).map(async (batch) => {
        const [first] = batch;
        if (first === undefined) return;
        let listed = new Map<string, PersonalizeSdkDatasetGroupSummary>();
        const maxPages = listingPageBound(batch.length);
        if (maxPages > 0) {
          try {
            listed = await findInListing(
              batch.map(({ datasetGroupArn }) => datasetGroupArn),
              listingPages(loaders, listDatasetGroups, [], first.pageSize),
              (group) => group.datasetGroupArn,
              maxPages,
            );
          } catch (error) {
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const lookup of batch) answers.set(lookup, failure);
            return;
          }
        }
        const unlisted = batch.filter(({ datasetGroupArn }) => !listed.has(datasetGroupArn));
        const described = await loaders
          .of(describeDatasetGroup)
          .loadMany(unlisted.map(({ datasetGroupArn }) => datasetGroupArn));
        unlisted.forEach((lookup, index) => {
          const group = described[index] ?? null;
          answers.set(
            lookup,
            group === null || group instanceof Error
              ? group
              : describedPersonalizeDatasetGroup(group),
          );
        });
        for (const lookup of batch) {
          const summary = listed.get(lookup.datasetGroupArn);
          if (summary !== undefined) answers.set(lookup, toPersonalizeDatasetGroup(summary));
        }
      }),
    );
    return lookups.map((lookup) => answers.get(lookup) ?? null);
  },
);

export interface DatasetGroupSelection {
  /** True when the selection asks for a field only DescribeDatasetGroup returns (roleArn...). */
  readonly describeOnlyFields: boolean;
}

/**
 * The group of a dataset. When the selection needs only listed fields, the distinct groups of
 * the request are read from ListDatasetGroups where that is cheaper (listedGroupsByArn);
 * otherwise each is described, as `node` does.
 */
export async function personalizeDatasetGroupOf(
  context: RequestContext,
  dataset: PersonalizeDataset,
  selection: DatasetGroupSelection,
): Promise<PersonalizeDatasetGroup | null> {
  const datasetGroupArn = await personalizeDatasetGroupArn(context, dataset);
  if (datasetGroupArn === null) return null;
  if (selection.describeOnlyFields) return loadPersonalizeDatasetGroup(context, datasetGroupArn);
  authorizePersonalize(context.caller);
  return context.loaders.of(listedGroupsByArn).load({
    datasetGroupArn: checkPersonalizeArn('datasetGroupArn', datasetGroupArn),
    pageSize: context.pageSizes.personalize,
  });
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
