// Per-request DataLoaders in front of every upstream call. One GraphQL operation that asks for
// the same page or the same resource several times (aliases, fragments, totalCount next to edges,
// twenty datasets of one group) makes one AWS call; distinct keys requested in the same tick go
// out together under one concurrency cap shared by every loader of the request.
import {
  DescribeDatasetCommand as DescribeCognitoDatasetCommand,
  ListDatasetsCommand as ListCognitoDatasetsCommand,
  type CognitoSyncClient,
  type Dataset as CognitoSdkDataset,
} from '@aws-sdk/client-cognito-sync';
import {
  DescribeDatasetCommand as DescribePersonalizeDatasetCommand,
  DescribeDatasetGroupCommand,
  ListDatasetGroupsCommand,
  ListDatasetsCommand as ListPersonalizeDatasetsCommand,
  type Dataset as PersonalizeSdkDataset,
  type DatasetGroup as PersonalizeSdkDatasetGroup,
  type DatasetGroupSummary as PersonalizeSdkDatasetGroupSummary,
  type DatasetSummary as PersonalizeSdkDatasetSummary,
  type PersonalizeClient,
} from '@aws-sdk/client-personalize';
import DataLoader from 'dataloader';
import pLimit, { type LimitFunction } from 'p-limit';

import { toGatewayError, type UpstreamCall } from './errors.js';
import type { UpstreamPage } from './paginate.js';

export type {
  CognitoSdkDataset,
  PersonalizeSdkDataset,
  PersonalizeSdkDatasetGroup,
  PersonalizeSdkDatasetGroupSummary,
  PersonalizeSdkDatasetSummary,
};

export interface UpstreamClients {
  readonly cognitoSync: CognitoSyncClient;
  readonly personalize: PersonalizeClient;
}

export interface CognitoDatasetsPageKey {
  readonly identityPoolId: string;
  readonly identityId: string;
  readonly pageSize: number;
  readonly token: string | null;
}

export interface PersonalizeDatasetsPageKey {
  readonly datasetGroupArn: string | null;
  readonly pageSize: number;
  readonly token: string | null;
}

export interface PersonalizeDatasetGroupsPageKey {
  readonly pageSize: number;
  readonly token: string | null;
}

/** What names one Cognito Sync dataset: the API's three path labels. */
export interface CognitoDatasetKey {
  readonly identityPoolId: string;
  readonly identityId: string;
  readonly datasetName: string;
}

export type PageLoader<Key, Item> = DataLoader<Key, UpstreamPage<Item>, string>;
/** Resolves to null when the upstream answers ResourceNotFoundException. */
export type DescribeLoader<Key, Value> = DataLoader<Key, Value | null, string>;

export interface Loaders {
  readonly cognitoDatasetPages: PageLoader<CognitoDatasetsPageKey, CognitoSdkDataset>;
  readonly personalizeDatasetPages: PageLoader<
    PersonalizeDatasetsPageKey,
    PersonalizeSdkDatasetSummary
  >;
  readonly personalizeDatasetGroupPages: PageLoader<
    PersonalizeDatasetGroupsPageKey,
    PersonalizeSdkDatasetGroupSummary
  >;
  readonly cognitoDatasets: DescribeLoader<CognitoDatasetKey, CognitoSdkDataset>;
  readonly personalizeDatasets: DescribeLoader<string, PersonalizeSdkDataset>;
  readonly personalizeDatasetGroups: DescribeLoader<string, PersonalizeSdkDatasetGroup>;
}

export interface LoaderOptions {
  /** Most upstream calls in flight at once for this request. */
  readonly concurrency: number;
  /** Aborts in-flight upstream calls when the client goes away. */
  readonly signal: AbortSignal;
}

export const COGNITO_LIST_DATASETS: UpstreamCall = {
  service: 'cognito-sync',
  operation: 'ListDatasets',
};
export const PERSONALIZE_LIST_DATASETS: UpstreamCall = {
  service: 'personalize',
  operation: 'ListDatasets',
};
export const PERSONALIZE_LIST_DATASET_GROUPS: UpstreamCall = {
  service: 'personalize',
  operation: 'ListDatasetGroups',
};
export const COGNITO_DESCRIBE_DATASET: UpstreamCall = {
  service: 'cognito-sync',
  operation: 'DescribeDataset',
};
export const PERSONALIZE_DESCRIBE_DATASET: UpstreamCall = {
  service: 'personalize',
  operation: 'DescribeDataset',
};
export const PERSONALIZE_DESCRIBE_DATASET_GROUP: UpstreamCall = {
  service: 'personalize',
  operation: 'DescribeDatasetGroup',
};

function tokenOrNull(token: string | undefined): string | null {
  return token === undefined || token === '' ? null : token;
}

function pageLoader<Key, Item>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  fetchPage: (key: Key) => Promise<UpstreamPage<Item>>,
  limit: LimitFunction,
): PageLoader<Key, Item> {
  return new DataLoader<Key, UpstreamPage<Item>, string>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          limit(() => fetchPage(key)).catch((error: unknown) => toGatewayError(error, call)),
        ),
      ),
    { cacheKeyFn: (key) => JSON.stringify([call.service, call.operation, ...keyParts(key)]) },
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

function describeLoader<Key, Value>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  describe: (key: Key) => Promise<Value | undefined>,
  limit: LimitFunction,
): DescribeLoader<Key, Value> {
  return new DataLoader<Key, Value | null, string>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          limit(() => describe(key)).then(
            (value) => value ?? null,
            (error: unknown) => (isNotFound(error) ? null : toGatewayError(error, call)),
          ),
        ),
      ),
    { cacheKeyFn: (key) => JSON.stringify([call.service, call.operation, ...keyParts(key)]) },
  );
}

export function createLoaders(clients: UpstreamClients, options: LoaderOptions): Loaders {
  const limit = pLimit(options.concurrency);
  const { signal } = options;
  return {
    cognitoDatasetPages: pageLoader(
      COGNITO_LIST_DATASETS,
      (key: CognitoDatasetsPageKey) => [
        key.identityPoolId,
        key.identityId,
        key.pageSize,
        key.token,
      ],
      async (key) => {
        const output = await clients.cognitoSync.send(
          new ListCognitoDatasetsCommand({
            IdentityPoolId: key.identityPoolId,
            IdentityId: key.identityId,
            MaxResults: key.pageSize,
            ...(key.token === null ? {} : { NextToken: key.token }),
          }),
          { abortSignal: signal },
        );
        return { items: output.Datasets ?? [], nextToken: tokenOrNull(output.NextToken) };
      },
      limit,
    ),
    personalizeDatasetPages: pageLoader(
      PERSONALIZE_LIST_DATASETS,
      (key: PersonalizeDatasetsPageKey) => [key.datasetGroupArn, key.pageSize, key.token],
      async (key) => {
        const output = await clients.personalize.send(
          new ListPersonalizeDatasetsCommand({
            ...(key.datasetGroupArn === null ? {} : { datasetGroupArn: key.datasetGroupArn }),
            maxResults: key.pageSize,
            ...(key.token === null ? {} : { nextToken: key.token }),
          }),
          { abortSignal: signal },
        );
        return { items: output.datasets ?? [], nextToken: tokenOrNull(output.nextToken) };
      },
      limit,
    ),
    personalizeDatasetGroupPages: pageLoader(
      PERSONALIZE_LIST_DATASET_GROUPS,
      (key: PersonalizeDatasetGroupsPageKey) => [key.pageSize, key.token],
      async (key) => {
        const output = await clients.personalize.send(
          new ListDatasetGroupsCommand({
            maxResults: key.pageSize,
            ...(key.token === null ? {} : { nextToken: key.token }),
          }),
          { abortSignal: signal },
        );
        return { items: output.datasetGroups ?? [], nextToken: tokenOrNull(output.nextToken) };
      },
      limit,
    ),
    cognitoDatasets: describeLoader(
      COGNITO_DESCRIBE_DATASET,
      (key: CognitoDatasetKey) => [key.identityPoolId, key.identityId, key.datasetName],
      async (key) => {
        const output = await clients.cognitoSync.send(
          new DescribeCognitoDatasetCommand({
            IdentityPoolId: key.identityPoolId,
            IdentityId: key.identityId,
            DatasetName: key.datasetName,
          }),
          { abortSignal: signal },
        );
        return output.Dataset;
      },
      limit,
    ),
    personalizeDatasets: describeLoader(
      PERSONALIZE_DESCRIBE_DATASET,
      (datasetArn: string) => [datasetArn],
      async (datasetArn) => {
        const output = await clients.personalize.send(
          new DescribePersonalizeDatasetCommand({ datasetArn }),
          { abortSignal: signal },
        );
        return output.dataset;
      },
      limit,
    ),
    personalizeDatasetGroups: describeLoader(
      PERSONALIZE_DESCRIBE_DATASET_GROUP,
      (datasetGroupArn: string) => [datasetGroupArn],
      async (datasetGroupArn) => {
        const output = await clients.personalize.send(
          new DescribeDatasetGroupCommand({ datasetGroupArn }),
          { abortSignal: signal },
        );
        return output.datasetGroup;
      },
      limit,
    ),
  };
}
