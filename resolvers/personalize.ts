// Personalize ListDatasets as a listing: argument checks, the page source and the mapping from
// SDK shapes to the PersonalizeDataset model (known enum values, raw names kept).
import { authorizePersonalize } from './access.js';
import { isPersonalizeArn, PERSONALIZE_ARN_MAX_LENGTH } from './constraints.js';
import type { RequestContext } from './context.js';
import { invalidArgument } from './errors.js';
import { resolveListing, type ConnectionArgsInput, type ListingConnection } from './listing.js';
import {
  PERSONALIZE_LIST_DATASETS,
  type PersonalizeSdkDataset,
  type PersonalizeSdkDatasetSummary,
} from './loaders.js';
import type { ListingSource } from './paginate.js';

export const PERSONALIZE_DATASET_TYPES = [
  'INTERACTIONS',
  'ITEMS',
  'USERS',
  'ACTIONS',
  'ACTION_INTERACTIONS',
  'UNKNOWN',
] as const;
export type PersonalizeDatasetType = (typeof PERSONALIZE_DATASET_TYPES)[number];

export const PERSONALIZE_DATASET_STATUSES = [
  'CREATE_PENDING',
  'CREATE_IN_PROGRESS',
  'ACTIVE',
  'CREATE_FAILED',
  'DELETE_PENDING',
  'DELETE_IN_PROGRESS',
  'UPDATE_PENDING',
  'UPDATE_IN_PROGRESS',
  'UPDATE_FAILED',
  'UNKNOWN',
] as const;
export type PersonalizeDatasetStatus = (typeof PERSONALIZE_DATASET_STATUSES)[number];

export interface PersonalizeDataset {
  readonly name: string;
  readonly datasetArn: string;
  readonly datasetType: PersonalizeDatasetType;
  readonly datasetTypeName: string;
  readonly status: PersonalizeDatasetStatus;
  readonly statusName: string;
  readonly creationDateTime: Date | null;
  readonly lastUpdatedDateTime: Date | null;
  /** The group this dataset was listed under, when the listing was filtered by group. */
  readonly listedInGroup: string | null;
  /** What only DescribeDataset returns; null for a dataset that came from a listing. */
  readonly described: PersonalizeDatasetDescription | null;
}

export interface PersonalizeDatasetDescription {
  readonly datasetGroupArn: string | null;
  readonly schemaArn: string | null;
}

export interface PersonalizeDatasetsArgs extends ConnectionArgsInput {
  readonly datasetGroupArn?: string | null | undefined;
}

function checkDatasetGroupArn(value: string): void {
  if (!isPersonalizeArn(value)) {
    throw invalidArgument(
      'datasetGroupArn',
      `datasetGroupArn must be a Personalize ARN of at most ${PERSONALIZE_ARN_MAX_LENGTH} characters (e.g. "arn:aws:personalize:us-east-1:123456789012:dataset-group/my-group").`,
    );
  }
}

/** Maps an AWS value onto a schema enum: case-insensitive, spaces as underscores (`CREATE IN_PROGRESS`). */
export function toEnumValue<T extends string>(known: readonly T[], raw: string): T | 'UNKNOWN' {
  const normalised = raw.trim().toUpperCase().replace(/\s+/g, '_');
  return known.find((value) => value === normalised) ?? 'UNKNOWN';
}

export function toPersonalizeDataset(
  summary: PersonalizeSdkDatasetSummary,
  listedInGroup: string | null = null,
): PersonalizeDataset {
  const datasetTypeName = summary.datasetType ?? '';
  const statusName = summary.status ?? '';
  return {
    name: summary.name ?? '',
    datasetArn: summary.datasetArn ?? '',
    datasetType: toEnumValue(PERSONALIZE_DATASET_TYPES, datasetTypeName),
    datasetTypeName,
    status: toEnumValue(PERSONALIZE_DATASET_STATUSES, statusName),
    statusName,
    creationDateTime: summary.creationDateTime ?? null,
    lastUpdatedDateTime: summary.lastUpdatedDateTime ?? null,
    listedInGroup,
    described: null,
  };
}

export function describedPersonalizeDataset(dataset: PersonalizeSdkDataset): PersonalizeDataset {
  const datasetGroupArn = dataset.datasetGroupArn ?? null;
  return {
    ...toPersonalizeDataset(dataset, datasetGroupArn),
    described: { datasetGroupArn, schemaArn: dataset.schemaArn ?? null },
  };
}

// The documented ARN format names the group: `…:dataset/<groupName>/<TYPE>`, and the group's
// own ARN is `…:dataset-group/<groupName>` in the same partition, region and account.
const DATASET_ARN_FORMAT = /^(arn:[a-z\d-]+:personalize:[^:]*:[^:]*:)dataset\/([^/]+)\/[^/]+$/;

/** The group ARN the dataset ARN names, or null when the ARN does not follow the documented format. */
export function datasetGroupArnFromDatasetArn(datasetArn: string): string | null {
  const match = DATASET_ARN_FORMAT.exec(datasetArn);
  if (match === null) return null;
  const [, prefix, groupName] = match;
  return `${prefix ?? ''}dataset-group/${groupName ?? ''}`;
}

/** Validates the arguments (before any upstream call) and returns the listing they name. */
export function personalizeDatasetSource(
  args: Pick<PersonalizeDatasetsArgs, 'datasetGroupArn'>,
  context: RequestContext,
): ListingSource<PersonalizeDataset> {
  authorizePersonalize(context.caller);
  const datasetGroupArn = args.datasetGroupArn ?? null;
  if (datasetGroupArn !== null) checkDatasetGroupArn(datasetGroupArn);
  const pageSize = context.pageSizes.personalize;
  const { service, operation } = PERSONALIZE_LIST_DATASETS;
  return {
    scope: [service, operation, JSON.stringify([datasetGroupArn]), pageSize].join('|'),
    fetchPage: async (token) => {
      const page = await context.loaders.personalizeDatasetPages.load({
        datasetGroupArn,
        pageSize,
        token,
      });
      return {
        items: page.items.map((summary) => toPersonalizeDataset(summary, datasetGroupArn)),
        nextToken: page.nextToken,
      };
    },
    keyOf: (dataset) => dataset.datasetArn,
  };
}

export function listPersonalizeDatasets(
  args: PersonalizeDatasetsArgs,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDataset>> {
  return resolveListing(personalizeDatasetSource(args, context), args, context);
}
