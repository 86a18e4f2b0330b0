// Amazon Cognito Sync datasets: the API's constraints, its two calls (ListDatasets,
// DescribeDataset), the CognitoDataset model, the listing behind `cognitoDatasets`, the lookups by
// key behind `node`, `nodes` and `_entities` (one listing per identity where it answers, Describe
// otherwise), and the keys other subgraphs reference a dataset by.
import {
  DescribeDatasetCommand,
  ListDatasetsCommand,
  type Dataset as CognitoSdkDataset,
} from '@aws-sdk/client-cognito-sync';

import { authorizeIdentity, identityToList } from './access.js';
import type { RequestContext } from './context.js';
import { referencedKey, type EntityKeys, type EntityRepresentation } from './entity-references.js';
import { invalidArgument, type UpstreamCall } from './errors.js';
import { checkedRawId, malformedGlobalId } from './global-id.js';
import { findInListing, groupBy, listingPageBound } from './listed-keys.js';
import {
  listingOperation,
  listingPages,
  pagedSource,
  resolveConnection,
  type ListingConnection,
} from './listing-source.js';
import { batchLoader, describeLoader } from './loaders.js';
import type { ConnectionArgs, ListingSource } from './paginate.js';

export type { CognitoSdkDataset };

// --- The API's constraints (from the service model), checked before any call.

// IdentityPoolId / IdentityId: `^[\w-]+:[0-9a-f-]+$`, 1..55. Hex is accepted in either case, as
// the emulator does: the API reference's own example id is uppercase, though Cognito issues
// lowercase ids. Ids are passed upstream unchanged.
const COGNITO_ID_PATTERN = /^[\w-]+:[0-9a-fA-F-]+$/;
export const COGNITO_ID_MAX_LENGTH = 55;

// DatasetName: `^[a-zA-Z0-9_.:-]+$`, 1..128.
const DATASET_NAME_PATTERN = /^[\w.:-]+$/;
export const COGNITO_DATASET_NAME_MAX_LENGTH = 128;

export function isCognitoId(value: string): boolean {
  return value.length <= COGNITO_ID_MAX_LENGTH && COGNITO_ID_PATTERN.test(value);
}

export function isCognitoDatasetName(value: string): boolean {
  return value.length <= COGNITO_DATASET_NAME_MAX_LENGTH && DATASET_NAME_PATTERN.test(value);
}

// --- The model.

export interface CognitoDataset {
  /** The identity pool the dataset was listed from (the API does not return it). */
  readonly identityPoolId: string;
  readonly identityId: string;
  readonly datasetName: string;
  readonly creationDate: Date | null;
  readonly lastModifiedDate: Date | null;
  readonly lastModifiedBy: string | null;
  readonly dataStorage: number | null;
  readonly numRecords: number | null;
}

/** What names one Cognito Sync dataset: the API's three path labels. */
export interface CognitoDatasetKey {
  readonly identityPoolId: string;
  readonly identityId: string;
  readonly datasetName: string;
}

export function toCognitoDataset(
  identityPoolId: string,
  identityId: string,
  dataset: CognitoSdkDataset,
): CognitoDataset {
  return {
    identityPoolId,
    identityId: dataset.IdentityId ?? identityId,
    datasetName: dataset.DatasetName ?? '',
    creationDate: dataset.CreationDate ?? null,
    lastModifiedDate: dataset.LastModifiedDate ?? null,
    lastModifiedBy: dataset.LastModifiedBy ?? null,
    dataStorage: dataset.DataStorage ?? null,
    numRecords: dataset.NumRecords ?? null,
  };
}

// --- The upstream calls.

const LIST_DATASETS: UpstreamCall = { service: 'cognito-sync', operation: 'ListDatasets' };
const DESCRIBE_DATASET: UpstreamCall = { service: 'cognito-sync', operation: 'DescribeDataset' };

/** The datasets of one identity: filtered by [identityPoolId, identityId]. */
const listDatasets = listingOperation<readonly [string, string], CognitoSdkDataset>(
  LIST_DATASETS,
  async ({ filters: [identityPoolId, identityId], pageSize, token }, signal, clients) => {
    const output = await clients.cognitoSync.send(
      new ListDatasetsCommand({
        IdentityPoolId: identityPoolId,
        IdentityId: identityId,
        MaxResults: pageSize,
        ...(token === null ? {} : { NextToken: token }),
      }),
      { abortSignal: signal },
    );
    return { items: output.Datasets, nextToken: output.NextToken };
  },
);

const describeDataset = describeLoader(
  DESCRIBE_DATASET,
  (key: CognitoDatasetKey) => [key.identityPoolId, key.identityId, key.datasetName],
  async (key, signal, clients) => {
    const output = await clients.cognitoSync.send(
      new DescribeDatasetCommand({
        IdentityPoolId: key.identityPoolId,
        IdentityId: key.identityId,
        DatasetName: key.datasetName,
      }),
      { abortSignal: signal },
    );
    return output.Dataset;
  },
);

// --- The listing: Query.cognitoDatasets.

export interface CognitoDatasetsArgs extends ConnectionArgs {
  /** Default: the caller's identity pool, else GATEWAY_IDENTITY_POOL_ID. */
  readonly identityPoolId?: string | null | undefined;
  /** Default: the caller's own identity, when it has exactly one. */
  readonly identityId?: string | null | undefined;
}

function checkCognitoId(argument: 'identityPoolId' | 'identityId', value: string): void {
  if (!isCognitoId(value)) {
    throw invalidArgument(
      argument,
      `${argument} must be a Cognito id of 1 to ${COGNITO_ID_MAX_LENGTH} characters: a region, a colon and hex digits with dashes (e.g. "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0").`,
    );
  }
}

/** Validates the arguments (before any upstream call) and returns the listing they name. */
export function cognitoDatasetSource(
  args: Pick<CognitoDatasetsArgs, 'identityPoolId' | 'identityId'>,
  context: RequestContext,
): ListingSource<CognitoSdkDataset, CognitoDataset> {
  const { identityPoolId, identityId } = identityToList(
    context.caller,
    args,
    context.defaultIdentityPoolId,
  );
  checkCognitoId('identityPoolId', identityPoolId);
  checkCognitoId('identityId', identityId);
  authorizeIdentity(context.caller, identityPoolId, identityId);
  return pagedSource(context, listDatasets, {
    filters: [identityPoolId, identityId],
    pageSize: context.pageSizes.cognitoSync,
    toItem: (dataset) => toCognitoDataset(identityPoolId, identityId, dataset),
    keyOf: (dataset) => dataset.DatasetName ?? '',
  });
}

export function listCognitoDatasets(
  args: CognitoDatasetsArgs,
  context: RequestContext,
): Promise<ListingConnection<CognitoDataset>> {
  return resolveConnection(cognitoDatasetSource(args, context), args, context);
}

// --- One dataset by key: node(id:), nodes(ids:), _entities.

/** @throws GatewayError BAD_USER_INPUT unless the key satisfies Cognito Sync's constraints. */
export function checkCognitoDatasetKey(key: CognitoDatasetKey): CognitoDatasetKey {
  for (const argument of ['identityPoolId', 'identityId'] as const) {
    if (!isCognitoId(key[argument])) {
      throw invalidArgument(
        argument,
        `${argument} must be a Cognito id of 1 to ${COGNITO_ID_MAX_LENGTH} characters: a region, a colon and hex digits with dashes.`,
      );
    }
  }
  if (!isCognitoDatasetName(key.datasetName)) {
    throw invalidArgument(
      'datasetName',
      `datasetName must be 1 to ${COGNITO_DATASET_NAME_MAX_LENGTH} characters of letters, digits, "_", ".", ":" and "-".`,
    );
  }
  return key;
}

/** One dataset asked for by key, with the page size its identity's listing is read in. */
interface DatasetLookup {
  readonly key: CognitoDatasetKey;
  readonly pageSize: number;
}

/**
 * Datasets by key, a batch at a time: the keys of one identity are found in its ListDatasets
 * pages (every field a CognitoDataset has is in the listing; the per-identity quota of 20
 * datasets fits one page of the default size), within listingPageBound; the rest are described.
 * The listing pages are the same loader keys (and upstream cache keys) as `cognitoDatasets`.
 */
const datasetsByKey = batchLoader<DatasetLookup, CognitoSdkDataset | null>(
  'cognito-sync:DatasetByKey',
  ({ key, pageSize }) => [key.identityPoolId, key.identityId, key.datasetName, pageSize],
  async (lookups, loaders) => {
    const answers = new Map<DatasetLookup, CognitoSdkDataset | null | Error>();
    const identities = groupBy(lookups, ({ key, pageSize }) =>
      JSON.stringify([key.identityPoolId, key.identityId, pageSize]),
    );
    await Promise.all(
      identities.map(async (group) => {
        const [first] = group;
        if (first === undefined) return;
        const { identityPoolId, identityId } = first.key;
        let listed = new Map<string, CognitoSdkDataset>();
        const maxPages = listingPageBound(group.length);
        if (maxPages > 0) {
          try {
            listed = await findInListing(
              group.map(({ key }) => key.datasetName),
              listingPages(loaders, listDatasets, [identityPoolId, identityId], first.pageSize),
              (dataset) => dataset.DatasetName,
              maxPages,
            );
          } catch (error) {
            for (const lookup of group) answers.set(lookup, toError(error));
            return;
          }
        }
        const unlisted = group.filter(({ key }) => !listed.has(key.datasetName));
        const described = await loaders.of(describeDataset).loadMany(unlisted.map((l) => l.key));
        unlisted.forEach((lookup, index) => answers.set(lookup, described[index] ?? null));
        for (const lookup of group) {
          const dataset = listed.get(lookup.key.datasetName);
          if (dataset !== undefined) answers.set(lookup, dataset);
        }
      }),
    );
    return lookups.map((lookup) => answers.get(lookup) ?? null);
  },
);

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export async function loadCognitoDataset(
  context: RequestContext,
  key: CognitoDatasetKey,
): Promise<CognitoDataset | null> {
  const { identityPoolId, identityId, datasetName } = checkCognitoDatasetKey(key);
  authorizeIdentity(context.caller, identityPoolId, identityId);
  const dataset = await context.loaders.of(datasetsByKey).load({
    key: { identityPoolId, identityId, datasetName },
    pageSize: context.pageSizes.cognitoSync,
  });
  return dataset === null ? null : toCognitoDataset(identityPoolId, identityId, dataset);
}

const RAW_ID_SEPARATOR = '|';

/** The raw id of a CognitoDataset's global id: its three key parts. */
export function cognitoDatasetRawId(key: CognitoDatasetKey): string {
  return [key.identityPoolId, key.identityId, key.datasetName].join(RAW_ID_SEPARATOR);
}

/** Splits a CognitoDataset raw id into its key, checked against Cognito Sync's constraints. */
export function parseCognitoDatasetRawId(rawId: string): CognitoDatasetKey {
  const parts = rawId.split(RAW_ID_SEPARATOR);
  const [identityPoolId, identityId, datasetName] = parts;
  if (
    parts.length !== 3 ||
    identityPoolId === undefined ||
    identityId === undefined ||
    datasetName === undefined
  ) {
    throw malformedGlobalId(
      'a CognitoDataset id holds an identity pool, an identity and a dataset name.',
    );
  }
  return checkedRawId('CognitoDataset', () =>
    checkCognitoDatasetKey({ identityPoolId, identityId, datasetName }),
  );
}

const ENTITY_KEYS: EntityKeys<keyof CognitoDatasetKey, CognitoDatasetKey> = {
  typename: 'CognitoDataset',
  naturalKeyFields: ['identityPoolId', 'identityId', 'datasetName'],
  fromRawId: parseCognitoDatasetRawId,
  fromNaturalKey: (key) => key,
};

/** Resolves to null when the dataset does not exist (the Relay and federation convention). */
export async function resolveCognitoDatasetReference(
  context: RequestContext,
  representation: EntityRepresentation,
): Promise<CognitoDataset | null> {
  return loadCognitoDataset(context, referencedKey(ENTITY_KEYS, representation));
}
