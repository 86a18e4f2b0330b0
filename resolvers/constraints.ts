// The upstream APIs' own input constraints (from the service models), checked before any call so
// that a bad argument or id fails fast with BAD_USER_INPUT instead of costing a round trip.

// Cognito IdentityPoolId / IdentityId: `^[\w-]+:[0-9a-f-]+$`, 1..55. Hex is accepted in either
// case, as the emulator does: the API reference's own example id is uppercase, though Cognito
// issues lowercase ids. Ids are passed upstream unchanged.
const COGNITO_ID_PATTERN = /^[\w-]+:[0-9a-fA-F-]+$/;
export const COGNITO_ID_MAX_LENGTH = 55;

// Cognito DatasetName: `^[a-zA-Z0-9_.:-]+$`, 1..128.
const COGNITO_DATASET_NAME_PATTERN = /^[\w.:-]+$/;
export const COGNITO_DATASET_NAME_MAX_LENGTH = 128;

// Personalize `Arn`: `^arn:([a-z\d-]+):personalize:.*:.*:.+$`, at most 256.
const PERSONALIZE_ARN_PATTERN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/;
export const PERSONALIZE_ARN_MAX_LENGTH = 256;

export function isCognitoId(value: string): boolean {
  return value.length <= COGNITO_ID_MAX_LENGTH && COGNITO_ID_PATTERN.test(value);
}

export function isCognitoDatasetName(value: string): boolean {
  return (
    value.length <= COGNITO_DATASET_NAME_MAX_LENGTH && COGNITO_DATASET_NAME_PATTERN.test(value)
  );
}

export function isPersonalizeArn(value: string): boolean {
  return value.length <= PERSONALIZE_ARN_MAX_LENGTH && PERSONALIZE_ARN_PATTERN.test(value);
}
