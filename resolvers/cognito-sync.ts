// Cognito Sync ListDatasets as a listing: argument checks, the page source and the mapping from
// SDK shapes to the CognitoDataset model.
import { authorizeIdentity, identityToList } from './access.js';
import { COGNITO_ID_MAX_LENGTH, isCognitoId } from './constraints.js';
import type { RequestContext } from './context.js';
import { invalidArgument } from './errors.js';
import { resolveListing, type ConnectionArgsInput, type ListingConnection } from './listing.js';
import { COGNITO_LIST_DATASETS, type CognitoSdkDataset } from './loaders.js';
import type { ListingSource } from './paginate.js';

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

export interface CognitoDatasetsArgs extends ConnectionArgsInput {
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

/** Validates the arguments (before any upstream call) and returns the listing they name. */
export function cognitoDatasetSource(
  args: Pick<CognitoDatasetsArgs, 'identityPoolId' | 'identityId'>,
  context: RequestContext,
): ListingSource<CognitoDataset> {
  const { identityPoolId, identityId } = identityToList(
    context.caller,
    args,
    context.defaultIdentityPoolId,
  );
  checkCognitoId('identityPoolId', identityPoolId);
  checkCognitoId('identityId', identityId);
  authorizeIdentity(context.caller, identityPoolId, identityId);
  const pageSize = context.pageSizes.cognitoSync;
  const { service, operation } = COGNITO_LIST_DATASETS;
  return {
    scope: [service, operation, JSON.stringify([identityPoolId, identityId]), pageSize].join('|'),
    fetchPage: async (token) => {
      const page = await context.loaders.cognitoDatasetPages.load({
        identityPoolId,
        identityId,
        pageSize,
        token,
      });
      return {
        items: page.items.map((item) => toCognitoDataset(identityPoolId, identityId, item)),
        nextToken: page.nextToken,
      };
    },
    keyOf: (dataset) => dataset.datasetName,
  };
}

export function listCognitoDatasets(
  args: CognitoDatasetsArgs,
  context: RequestContext,
): Promise<ListingConnection<CognitoDataset>> {
  return resolveListing(cognitoDatasetSource(args, context), args, context);
}
