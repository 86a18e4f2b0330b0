// Cognito Sync input validation: every modelled constraint, answered with InvalidParameterException
// (400) in the validation message style AWS services use, naming the member.
import { ServiceError } from '../protocol/service-error.js';
import { COGNITO_ID_PATTERN, DATASET_NAME_PATTERN } from '../seed/schema.js';

type Input = Readonly<Record<string, unknown>>;

const INT32_MAX = 2_147_483_647;

export function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', 400, message);
}

/** InvalidParameterException in the validation message style of AWS services. */
export function violation(member: string, value: unknown, constraint: string): ServiceError {
  const shown = value === undefined || value === null ? 'null' : `'${preview(value)}'`;
  return invalidParameter(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function preview(value: unknown): string {
  const text =
    typeof value === 'string' ? value : ((JSON.stringify(value) as string | undefined) ?? 'null');
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}

/** Length in Unicode code points, as Smithy length traits count for strings. */
function lengthOf(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // A surrogate pair is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

function checkLength(member: string, value: string, min: number, max: number): void {
  // A string has between length/2 and length code points, so most values need no counting.
  const length = value.length > max || value.length < 2 * min ? lengthOf(value) : value.length;
  if (length < min)
    throw violation(member, value, `Member must have length greater than or equal to ${min}`);
  if (length > max)
    throw violation(member, value, `Member must have length less than or equal to ${max}`);
}

export function requiredString(input: Input, member: string, min = 0, max = Infinity): string {
  const value = input[member];
  if (value === undefined || value === null)
    throw violation(member, value, 'Member must not be null');
  if (typeof value !== 'string') throw violation(member, value, 'Member must be a string');
  checkLength(member, value, min, max);
  return value;
}

export function optionalString(
  input: Input,
  member: string,
  min = 0,
  max = Infinity,
): string | undefined {
  return input[member] === undefined || input[member] === null
    ? undefined
    : requiredString(input, member, min, max);
}

/** IdentityPoolId / IdentityId: 1..55, `^[\w-]+:[0-9a-f-]+$` (hex accepted in either case; see seed/schema.ts). */
export function cognitoId(input: Input, member: 'IdentityPoolId' | 'IdentityId'): string {
  const value = requiredString(input, member, 1, 55);
  if (!COGNITO_ID_PATTERN.test(value)) {
    throw violation(
      member,
      value,
      'Member must satisfy regular expression pattern: ^[\\w-]+:[0-9a-f-]+$',
    );
  }
  return value;
}

export function datasetName(input: Input): string {
  const value = requiredString(input, 'DatasetName', 1, 128);
  if (!DATASET_NAME_PATTERN.test(value)) {
    throw violation(
      'DatasetName',
      value,
      'Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.:-]+$',
    );
  }
  return value;
}

/**
 * MaxResults arrives as a query string. The API reference documents it as `^[1-9]\d*` (at most
 * 19 characters) and the model types it as an integer, so it must be a positive int32. No upper
 * bound is documented: larger values are accepted and clamped to the operation's cap.
 */
export function maxResults(
  input: Input,
  defaults: { readonly default: number; readonly cap: number },
): number {
  const value = input['MaxResults'];
  if (value === undefined || value === null || value === '') return defaults.default;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,18}$/.test(text) || Number(text) > INT32_MAX) {
    throw violation(
      'MaxResults',
      value,
      'Member must be an integer from 1 to 2147483647 (pattern ^[1-9]\\d*)',
    );
  }
  return Math.min(Number(text), defaults.cap);
}

/** LastSyncCount: a long in the query; sync counts are never negative. */
export function lastSyncCount(input: Input): number | undefined {
  const value = input['LastSyncCount'];
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw violation('LastSyncCount', value, 'Member must be a non-negative integer');
  }
  return Number(text);
}

/** NextToken: opaque; an empty value means "from the start". */
export function nextToken(input: Input): string | undefined {
  const value = optionalString(input, 'NextToken');
  return value === '' ? undefined : value;
}

export interface RecordPatch {
  readonly op: 'replace' | 'remove';
  readonly key: string;
  readonly value: string | undefined;
  readonly syncCount: number;
  readonly deviceLastModifiedDate: Date | undefined;
}

export function recordPatches(input: Input): RecordPatch[] {
  const value = input['RecordPatches'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw violation('RecordPatches', value, 'Member must be a list');
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = `RecordPatches.${index + 1}.member`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw violation(at, item, 'Member must be a RecordPatch structure');
    }
    const patch = prefixed(item as Input, at);
    const op = requiredString(patch, `${at}.Op`);
    if (op !== 'replace' && op !== 'remove') {
      throw violation(`${at}.Op`, op, 'Member must satisfy enum value set: [replace, remove]');
    }
    const key = requiredString(patch, `${at}.Key`, 1, 1024);
    if (seen.has(key))
      throw invalidParameter(`RecordPatches contains the key '${preview(key)}' more than once`);
    seen.add(key);
    // A replace needs a value; a remove's value, if any, is ignored.
    const recordValue =
      op === 'replace'
        ? requiredString(patch, `${at}.Value`, 0, 1_048_575)
        : optionalString(patch, `${at}.Value`, 0, 1_048_575);
    const syncCount = patch[`${at}.SyncCount`];
    if (typeof syncCount !== 'number' || !Number.isSafeInteger(syncCount) || syncCount < 0) {
      throw violation(`${at}.SyncCount`, syncCount, 'Member must be a non-negative integer');
    }
    const device = patch[`${at}.DeviceLastModifiedDate`];
    if (
      device !== undefined &&
      device !== null &&
      (typeof device !== 'number' || !Number.isFinite(device))
    ) {
      throw violation(
        `${at}.DeviceLastModifiedDate`,
        device,
        'Member must be a timestamp in epoch seconds',
      );
    }
    return {
      op,
      key,
      value: op === 'replace' ? recordValue : undefined,
      syncCount,
      deviceLastModifiedDate: typeof device === 'number' ? new Date(device * 1000) : undefined,
    };
  });
}

/** Re-keys a patch's members under their full path, so messages name e.g. RecordPatches.2.member.Key. */
function prefixed(patch: Input, at: string): Input {
  return Object.fromEntries(
    Object.entries(patch).map(([member, value]) => [`${at}.${member}`, value]),
  );
}
