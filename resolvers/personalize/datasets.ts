// Amazon Personalize datasets: the two calls (ListDatasets, DescribeDataset), the
// PersonalizeDataset model (known enum values, raw names kept), the listing behind
// `personalizeDatasets` and a group's `datasets`, the Describe behind `node` and the Describe-only
// fields, and the keys other subgraphs reference a dataset by.
import {
  DescribeDatasetCommand,
  ListDatasetsCommand,
  type Dataset as PersonalizeSdkDataset,
  type DatasetSummary as PersonalizeSdkDatasetSummary,
} from '@aws-sdk/client-personalize';

import { authorizePersonalize } from '../access.js';
import type { RequestContext } from '../context.js';
import { referencedKey, type EntityRepresentation } from '../entity-references.js';
import { invalidArgument, type UpstreamCall } from '../errors.js';
import {
  listingOperation,
  pagedSource,
  resolveConnection,
  type ListingConnection,
} from '../listing-source.js';
import { describeLoader } from '../loaders.js';
import type { ConnectionArgs, ListingSource } from '../paginate.js';
import {
  checkPersonalizeArn,
  isPersonalizeArn,
  parsePersonalizeRawId,
  PERSONALIZE_ARN_MAX_LENGTH,
  toEnumValue,
} from './common.js';

export type { PersonalizeSdkDataset, PersonalizeSdkDatasetSummary };

// --- The model.

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

// --- The upstream calls.

const LIST_DATASETS: UpstreamCall = { service: 'personalize', operation: 'ListDatasets' };
const DESCRIBE_DATASET: UpstreamCall = { service: 'personalize', operation: 'DescribeDataset' };

/** All datasets, or one group's: filtered by [datasetGroupArn | null]. */
const listDatasets = listingOperation<readonly [string | null], PersonalizeSdkDatasetSummary>(
  LIST_DATASETS,
  async ({ filters: [datasetGroupArn], pageSize, token }, signal, clients) => {
    const output = await clients.personalize.send(
      new ListDatasetsCommand({
        ...(datasetGroupArn === null ? {} : { datasetGroupArn }),
        maxResults: pageSize,
        ...(token === null ? {} : { nextToken: token }),
      }),
      { abortSignal: signal },
    );
    return { items: output.datasets, nextToken: output.nextToken };
  },
);

const describeDataset = describeLoader(
  DESCRIBE_DATASET,
  (datasetArn: string) => [datasetArn],
  async (datasetArn, signal, clients) => {
    const output = await clients.personalize.send(new DescribeDatasetCommand({ datasetArn }), {
      abortSignal: signal,
    });
    return output.dataset;
  },
);

// --- The listing: Query.personalizeDatasets, PersonalizeDatasetGroup.datasets.

export interface PersonalizeDatasetsArgs extends ConnectionArgs {
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

/** Validates the arguments (before any upstream call) and returns the listing they name. */
export function personalizeDatasetSource(
  args: Pick<PersonalizeDatasetsArgs, 'datasetGroupArn'>,
  context: RequestContext,
): ListingSource<PersonalizeSdkDatasetSummary, PersonalizeDataset> {
  authorizePersonalize(context.caller);
  const datasetGroupArn = args.datasetGroupArn ?? null;
  if (datasetGroupArn !== null) checkDatasetGroupArn(datasetGroupArn);
  return pagedSource(context, listDatasets, {
    filters: [datasetGroupArn],
    pageSize: context.pageSizes.personalize,
    toItem: (summary) => toPersonalizeDataset(summary, datasetGroupArn),
    keyOf: (summary) => summary.datasetArn ?? '',
  });
}

export function listPersonalizeDatasets(
  args: PersonalizeDatasetsArgs,
  context: RequestContext,
): Promise<ListingConnection<PersonalizeDataset>> {
  return resolveConnection(personalizeDatasetSource(args, context), args, context);
}

// --- One dataset by ARN, and what only DescribeDataset returns.

export async function loadPersonalizeDataset(
  context: RequestContext,
  datasetArn: string,
): Promise<PersonalizeDataset | null> {
  authorizePersonalize(context.caller);
  const dataset = await context.loaders
    .of(describeDataset)
    .load(checkPersonalizeArn('datasetArn', datasetArn));
  return dataset === null ? null : describedPersonalizeDataset(dataset);
}

/** The Describe-only fields of a dataset: already there when it was described, else loaded. */
export async function personalizeDatasetDescription(
  context: RequestContext,
  dataset: PersonalizeDataset,
): Promise<PersonalizeDatasetDescription | null> {
  if (dataset.described !== null) return dataset.described;
  return (await loadPersonalizeDataset(context, dataset.datasetArn))?.described ?? null;
}

/**
 * The dataset's group ARN, without an upstream call when possible: known from the listing or a
 * Describe, else read from the documented dataset ARN format, else from DescribeDataset.
 */
export async function personalizeDatasetGroupArn(
  context: RequestContext,
  dataset: PersonalizeDataset,
): Promise<string | null> {
  const known =
    dataset.described?.datasetGroupArn ??
    dataset.listedInGroup ??
    datasetGroupArnFromDatasetArn(dataset.datasetArn);
  if (known !== null) return known;
  return (await personalizeDatasetDescription(context, dataset))?.datasetGroupArn ?? null;
}

/** Resolves to null when the dataset does not exist (the Relay and federation convention). */
export async function resolvePersonalizeDatasetReference(
  context: RequestContext,
  representation: EntityRepresentation,
): Promise<PersonalizeDataset | null> {
  const datasetArn = referencedKey(
    {
      typename: 'PersonalizeDataset',
      naturalKeyFields: ['datasetArn'],
      fromRawId: (rawId) => parsePersonalizeRawId('PersonalizeDataset', rawId),
      fromNaturalKey: (key) => key.datasetArn,
    },
    representation,
  );
  return loadPersonalizeDataset(context, datasetArn);
}
