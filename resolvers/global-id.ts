// Global object ids (Relay Object Identification): base64("<TypeName>:<raw id>"), the relay
// plugin's own encoding, decoded strictly here so that every malformed id is a BAD_USER_INPUT
// error naming the problem rather than an internal error. Pure: what a raw id holds is for each
// service module to say (cognito-sync.ts, personalize/).
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
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The error for a global id that does not hold what it must. */
export function malformedGlobalId(reason: string): GatewayError {
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
    throw malformedGlobalId(`it is longer than ${MAX_GLOBAL_ID_LENGTH} characters.`);
  }
  const decoded = Buffer.from(globalId, 'base64');
  if (!BASE64.test(globalId) || decoded.toString('base64') !== globalId) {
    throw malformedGlobalId('it is not base64.');
  }
  let text: string;
  try {
    text = UTF8.decode(decoded);
  } catch {
    throw malformedGlobalId('it is not UTF-8 text.');
  }
  const separator = text.indexOf(':');
  const typename = text.slice(0, Math.max(separator, 0));
  const id = text.slice(separator + 1);
  if (separator < 0 || !TYPENAME.test(typename) || id === '') {
    throw malformedGlobalId('it does not hold a type name and an id.');
  }
  return { typename, id };
}

/** The error for an id that names a type that has no global ids. */
export function unknownNodeType(typename: string, nodeTypes: readonly string[]): GatewayError {
  return malformedGlobalId(
    `"${typename}" is not a type with global ids (${[...nodeTypes].sort().join(', ')}).`,
  );
}

/**
 * Runs a raw id's key check (the service's constraints), reporting its failure as a malformed id
 * rather than a bad argument.
 */
export function checkedRawId<T>(typename: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw malformedGlobalId(`this ${typename} id is not valid: ${error.message}`);
  }
}
