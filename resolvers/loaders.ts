// Per-request DataLoaders in front of every upstream list call. One GraphQL operation that asks
// for the same page several times (aliases, fragments, totalCount next to edges) makes one AWS
// call; distinct pages requested in the same tick go out together under a concurrency cap.
import {
  ListDatasetsCommand as ListCognitoDatasetsCommand,
  type CognitoSyncClient,
  type Dataset as CognitoSdkDataset,
} from '@aws-sdk/client-cognito-sync';
import {
  ListDatasetsCommand as ListPersonalizeDatasetsCommand,
  type DatasetSummary as PersonalizeSdkDatasetSummary,
  type PersonalizeClient,
} from '@aws-sdk/client-personalize';
import DataLoader from 'dataloader';
import pLimit, { type LimitFunction } from 'p-limit';

import { toGatewayError, type UpstreamCall } from './errors.js';
import type { UpstreamPage } from './paginate.js';

export type { CognitoSdkDataset, PersonalizeSdkDatasetSummary };

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

export type PageLoader<Key, Item> = DataLoader<Key, UpstreamPage<Item>, string>;

export interface Loaders {
  readonly cognitoDatasetPages: PageLoader<CognitoDatasetsPageKey, CognitoSdkDataset>;
  readonly personalizeDatasetPages: PageLoader<
    PersonalizeDatasetsPageKey,
    PersonalizeSdkDatasetSummary
  >;
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
  };
}
