// Global object ids (Relay Object Identification): base64("<TypeName>:<raw id>"), the relay
// plugin's own encoding, decoded strictly here so that every malformed id is a BAD_USER_INPUT
// error naming the problem rather than an internal error.
import { checkCognitoDatasetKey, checkPersonalizeArn, type CognitoDatasetKey } from './describe.js';
import { GatewayError } from './errors.js';

export interface GlobalId {
  readonly typename: string;
  readonly id: string;
}

/** Far above any real id (an ARN is at most 256 characters); refused before decoding. */
export const MAX_GLOBAL_ID_LENGTH = 1024;

// Only the canonical standard-base64 spelling is accepted, so each object has exactly one id.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TYPENAME = /^[A-Z_a-z]\w*$/;
const COGNITO_KEY_SEPARATOR = '|';
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(reason: string): GatewayError {
  return new GatewayError(
    'BAD_USER_INPUT',
    `Invalid global id: ${reason} Use an \`id\` returned by this API.`,
  );
}

export function encodeGlobalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/**
 * Splits a global id into its type name and raw id; whether the type is one that has ids is for
 * the schema to say.
 * @throws GatewayError BAD_USER_INPUT for anything but canonical base64 of "<TypeName>:<raw id>".
 */
export function decodeGlobalId(globalId: string): GlobalId {
  if (globalId.length > MAX_GLOBAL_ID_LENGTH) {
    throw malformed(`it is longer than ${MAX_GLOBAL_ID_LENGTH} characters.`);
  }
  const decoded = Buffer.from(globalId, 'base64');
  if (!BASE64.test(globalId) || decoded.toString('base64') !== globalId) {
    throw malformed('it is not base64.');
  }
  let text: string;
  try {
    text = UTF8.decode(decoded);
  } catch {
    throw malformed('it is not UTF-8 text.');
  }
  const separator = text.indexOf(':');
  const typename = text.slice(0, Math.max(separator, 0));
  const id = text.slice(separator + 1);
  if (separator < 0 || !TYPENAME.test(typename) || id === '') {
    throw malformed('it does not hold a type name and an id.');
  }
  return { typename, id };
}

/** The error for an id that names a type that has no global ids. */
export function unknownNodeType(typename: string, nodeTypes: readonly string[]): GatewayError {
  return malformed(
    `"${typename}" is not a type with global ids (${[...nodeTypes].sort().join(', ')}).`,
  );
}

export function cognitoDatasetRawId(key: CognitoDatasetKey): string {
  return [key.identityPoolId, key.identityId, key.datasetName].join(COGNITO_KEY_SEPARATOR);
}

/** Splits a CognitoDataset raw id into its key, checked against Cognito Sync's constraints. */
export function parseCognitoDatasetRawId(rawId: string): CognitoDatasetKey {
  const parts = rawId.split(COGNITO_KEY_SEPARATOR);
  const [identityPoolId, identityId, datasetName] = parts;
  if (
    parts.length !== 3 ||
    identityPoolId === undefined ||
    identityId === undefined ||
    datasetName === undefined
  ) {
    throw malformed('a CognitoDataset id holds an identity pool, an identity and a dataset name.');
  }
  return checkedRawId('CognitoDataset', () =>
    checkCognitoDatasetKey({ identityPoolId, identityId, datasetName }),
  );
}

/** A PersonalizeDataset or PersonalizeDatasetGroup raw id: an ARN, checked like the API does. */
export function parsePersonalizeRawId(
  typename: 'PersonalizeDataset' | 'PersonalizeDatasetGroup',
  rawId: string,
): string {
  const argument = typename === 'PersonalizeDataset' ? 'datasetArn' : 'datasetGroupArn';
  return checkedRawId(typename, () => checkPersonalizeArn(argument, rawId));
}

/** Runs a key check, reporting its failure as a malformed id rather than a bad argument. */
function checkedRawId<T>(typename: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw malformed(`this ${typename} id is not valid: ${error.message}`);
  }
}
