// Single objects by key: Cognito Sync DescribeDataset, Personalize DescribeDataset and
// DescribeDatasetGroup, through this request's DataLoaders (one call per distinct key, run
// concurrently under the request's cap). Keys are checked against the APIs' constraints before
// any call; a resource the upstream does not know resolves to null.
import { authorizeIdentity, authorizePersonalize } from './access.js';
import { toCognitoDataset, type CognitoDataset } from './cognito-sync.js';
import {
  COGNITO_DATASET_NAME_MAX_LENGTH,
  COGNITO_ID_MAX_LENGTH,
  isCognitoDatasetName,
  isCognitoId,
  isPersonalizeArn,
  PERSONALIZE_ARN_MAX_LENGTH,
} from './constraints.js';
import type { RequestContext } from './context.js';
import { invalidArgument } from './errors.js';
import type { CognitoDatasetKey } from './loaders.js';
import {
  describedPersonalizeDatasetGroup,
  type PersonalizeDatasetGroup,
} from './personalize-dataset-groups.js';
import {
  datasetGroupArnFromDatasetArn,
  describedPersonalizeDataset,
  type PersonalizeDataset,
  type PersonalizeDatasetDescription,
} from './personalize.js';

export type { CognitoDatasetKey };

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

/** @throws GatewayError BAD_USER_INPUT unless `arn` satisfies Personalize's `Arn` constraints. */
export function checkPersonalizeArn(
  argument: 'datasetArn' | 'datasetGroupArn',
  arn: string,
): string {
  if (!isPersonalizeArn(arn)) {
    throw invalidArgument(
      argument,
      `${argument} must be a Personalize ARN of at most ${PERSONALIZE_ARN_MAX_LENGTH} characters.`,
    );
  }
  return arn;
}

export async function loadCognitoDataset(
  ctx: RequestContext,
  key: CognitoDatasetKey,
): Promise<CognitoDataset | null> {
  const { identityPoolId, identityId, datasetName } = checkCognitoDatasetKey(key);
  authorizeIdentity(ctx.caller, identityPoolId, identityId);
  const dataset = await ctx.loaders.cognitoDatasets.load({
    identityPoolId,
    identityId,
    datasetName,
  });
  return dataset === null ? null : toCognitoDataset(identityPoolId, identityId, dataset);
}

export async function loadPersonalizeDataset(
  ctx: RequestContext,
  datasetArn: string,
): Promise<PersonalizeDataset | null> {
  authorizePersonalize(ctx.caller);
  const dataset = await ctx.loaders.personalizeDatasets.load(
    checkPersonalizeArn('datasetArn', datasetArn),
  );
  return dataset === null ? null : describedPersonalizeDataset(dataset);
}

export async function loadPersonalizeDatasetGroup(
  ctx: RequestContext,
  datasetGroupArn: string,
): Promise<PersonalizeDatasetGroup | null> {
  authorizePersonalize(ctx.caller);
  const group = await ctx.loaders.personalizeDatasetGroups.load(
    checkPersonalizeArn('datasetGroupArn', datasetGroupArn),
  );
  return group === null ? null : describedPersonalizeDatasetGroup(group);
}

/** The Describe-only fields of a dataset: already there when it was described, else loaded. */
export async function personalizeDatasetDescription(
  ctx: RequestContext,
  dataset: PersonalizeDataset,
): Promise<PersonalizeDatasetDescription | null> {
  if (dataset.described !== null) return dataset.described;
  return (await loadPersonalizeDataset(ctx, dataset.datasetArn))?.described ?? null;
}

/**
 * The dataset's group ARN, without an upstream call when possible: known from the listing or a
 * Describe, else read from the documented dataset ARN format, else from DescribeDataset.
 */
export async function personalizeDatasetGroupArn(
  ctx: RequestContext,
  dataset: PersonalizeDataset,
): Promise<string | null> {
  const known =
    dataset.described?.datasetGroupArn ??
    dataset.listedInGroup ??
    datasetGroupArnFromDatasetArn(dataset.datasetArn);
  if (known !== null) return known;
  return (await personalizeDatasetDescription(ctx, dataset))?.datasetGroupArn ?? null;
}

export async function personalizeDatasetGroupOf(
  ctx: RequestContext,
  dataset: PersonalizeDataset,
): Promise<PersonalizeDatasetGroup | null> {
  const datasetGroupArn = await personalizeDatasetGroupArn(ctx, dataset);
  return datasetGroupArn === null ? null : loadPersonalizeDatasetGroup(ctx, datasetGroupArn);
}

/** The Describe-only fields of a group: already there when it was described, else loaded. */
export async function personalizeDatasetGroupDescription(
  ctx: RequestContext,
  group: PersonalizeDatasetGroup,
): Promise<PersonalizeDatasetGroup['described']> {
  if (group.described !== null) return group.described;
  return (await loadPersonalizeDatasetGroup(ctx, group.datasetGroupArn))?.described ?? null;
}
