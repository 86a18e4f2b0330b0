// Per-request DataLoaders in front of every upstream call. One GraphQL operation that asks for
// the same page or the same resource several times (aliases, fragments, totalCount next to edges,
// twenty datasets of one group) makes one AWS call; distinct keys requested in the same tick go
// out together under one concurrency cap shared by every loader of the request.
import {
  DescribeDatasetCommand as DescribeCognitoDatasetCommand,
  ListDatasetsCommand as ListCognitoDatasetsCommand,
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
} from '@aws-sdk/client-personalize';
import DataLoader from 'dataloader';

import { GatewayError, type UpstreamCall } from './errors.js';
import type { UpstreamPage } from './paginate.js';
import type { UpstreamClients, UpstreamMonitor, UpstreamRunner } from './upstream.js';

export type {
  CognitoSdkDataset,
  PersonalizeSdkDataset,
  PersonalizeSdkDatasetGroup,
  PersonalizeSdkDatasetGroupSummary,
  PersonalizeSdkDatasetSummary,
};

export type { UpstreamClients };

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

/** The loader's cache, counting the keys it answers without an upstream call. */
class CountingCache<Value> extends Map<string, Value> {
  constructor(
    private readonly loader: string,
    private readonly monitor: UpstreamMonitor,
  ) {
    super();
  }

  override get(key: string): Value | undefined {
    const value = super.get(key);
    if (value !== undefined) this.monitor.cacheHit(this.loader);
    return value;
  }
}

function loaderOptions<Key, Value>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  monitor: UpstreamMonitor,
): DataLoader.Options<Key, Value, string> {
  const name = `${call.service}:${call.operation}`;
  return {
    cacheKeyFn: (key) => JSON.stringify([call.service, call.operation, ...keyParts(key)]),
    cacheMap: new CountingCache<Promise<Value>>(name, monitor),
  };
}

function pageLoader<Key, Item>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  fetchPage: (
    key: Key,
    signal: AbortSignal,
    clients: UpstreamClients,
  ) => Promise<UpstreamPage<Item>>,
  upstream: UpstreamRunner,
): PageLoader<Key, Item> {
  return new DataLoader<Key, UpstreamPage<Item>, string>(
    (keys) => {
      upstream.monitor.batch(`${call.service}:${call.operation}`, keys.length);
      return Promise.all(
        keys.map((key) =>
          upstream
            .run(call, (signal, clients) => fetchPage(key, signal, clients))
            .catch((error: unknown) => error as Error),
        ),
      );
    },
    loaderOptions(call, keyParts, upstream.monitor),
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.code === 'NOT_FOUND';
}

function describeLoader<Key, Value>(
  call: UpstreamCall,
  keyParts: (key: Key) => readonly unknown[],
  describe: (key: Key, signal: AbortSignal, clients: UpstreamClients) => Promise<Value | undefined>,
  upstream: UpstreamRunner,
): DescribeLoader<Key, Value> {
  return new DataLoader<Key, Value | null, string>(
    (keys) => {
      upstream.monitor.batch(`${call.service}:${call.operation}`, keys.length);
      return Promise.all(
        keys.map((key) =>
          upstream
            .run(call, (signal, clients) => describe(key, signal, clients))
            .then(
              (value) => value ?? null,
              (error: unknown) => (isNotFound(error) ? null : (error as Error)),
            ),
        ),
      );
    },
    loaderOptions(call, keyParts, upstream.monitor),
  );
}

export function createLoaders(upstream: UpstreamRunner): Loaders {
  return {
    cognitoDatasetPages: pageLoader(
      COGNITO_LIST_DATASETS,
      (key: CognitoDatasetsPageKey) => [
        key.identityPoolId,
        key.identityId,
        key.pageSize,
        key.token,
      ],
      async (key, signal, clients) => {
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
      upstream,
    ),
    personalizeDatasetPages: pageLoader(
      PERSONALIZE_LIST_DATASETS,
      (key: PersonalizeDatasetsPageKey) => [key.datasetGroupArn, key.pageSize, key.token],
      async (key, signal, clients) => {
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
      upstream,
    ),
    personalizeDatasetGroupPages: pageLoader(
      PERSONALIZE_LIST_DATASET_GROUPS,
      (key: PersonalizeDatasetGroupsPageKey) => [key.pageSize, key.token],
      async (key, signal, clients) => {
        const output = await clients.personalize.send(
          new ListDatasetGroupsCommand({
            maxResults: key.pageSize,
            ...(key.token === null ? {} : { nextToken: key.token }),
          }),
          { abortSignal: signal },
        );
        return { items: output.datasetGroups ?? [], nextToken: tokenOrNull(output.nextToken) };
      },
      upstream,
    ),
    cognitoDatasets: describeLoader(
      COGNITO_DESCRIBE_DATASET,
      (key: CognitoDatasetKey) => [key.identityPoolId, key.identityId, key.datasetName],
      async (key, signal, clients) => {
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
      upstream,
    ),
    personalizeDatasets: describeLoader(
      PERSONALIZE_DESCRIBE_DATASET,
      (datasetArn: string) => [datasetArn],
      async (datasetArn, signal, clients) => {
        const output = await clients.personalize.send(
          new DescribePersonalizeDatasetCommand({ datasetArn }),
          { abortSignal: signal },
        );
        return output.dataset;
      },
      upstream,
    ),
    personalizeDatasetGroups: describeLoader(
      PERSONALIZE_DESCRIBE_DATASET_GROUP,
      (datasetGroupArn: string) => [datasetGroupArn],
      async (datasetGroupArn, signal, clients) => {
        const output = await clients.personalize.send(
          new DescribeDatasetGroupCommand({ datasetGroupArn }),
          { abortSignal: signal },
        );
        return output.datasetGroup;
      },
      upstream,
    ),
  };
}
