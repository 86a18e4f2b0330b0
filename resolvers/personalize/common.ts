// What Personalize datasets and dataset groups share: the API's ARN constraint, the check of an
// ARN argument or raw id against it, and the mapping of AWS's enum values onto the schema's.
import { invalidArgument } from '../errors.js';
import { checkedRawId } from '../global-id.js';

// Personalize `Arn`: `^arn:([a-z\d-]+):personalize:.*:.*:.+$`, at most 256.
const PERSONALIZE_ARN_PATTERN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/;
export const PERSONALIZE_ARN_MAX_LENGTH = 256;

export function isPersonalizeArn(value: string): boolean {
  return value.length <= PERSONALIZE_ARN_MAX_LENGTH && PERSONALIZE_ARN_PATTERN.test(value);
}

export type PersonalizeArnArgument = 'datasetArn' | 'datasetGroupArn';

/** @throws GatewayError BAD_USER_INPUT unless `arn` satisfies Personalize's `Arn` constraints. */
export function checkPersonalizeArn(argument: PersonalizeArnArgument, arn: string): string {
  if (!isPersonalizeArn(arn)) {
    throw invalidArgument(
      argument,
      `${argument} must be a Personalize ARN of at most ${PERSONALIZE_ARN_MAX_LENGTH} characters.`,
    );
  }
  return arn;
}

/** A PersonalizeDataset or PersonalizeDatasetGroup raw id: an ARN, checked like the API does. */
export function parsePersonalizeRawId(
  typename: 'PersonalizeDataset' | 'PersonalizeDatasetGroup',
  rawId: string,
): string {
  const argument = typename === 'PersonalizeDataset' ? 'datasetArn' : 'datasetGroupArn';
  return checkedRawId(typename, () => checkPersonalizeArn(argument, rawId));
}

/** Raw values remembered per enum: AWS sends a handful, so more is an upstream gone odd. */
const MAX_REMEMBERED_VALUES = 64;
const mapped = new WeakMap<readonly string[], Map<string, string>>();

/**
 * Maps an AWS value onto a schema enum: case-insensitive, spaces as underscores
 * (`CREATE IN_PROGRESS`). Each listed item maps two of them, so the mapping of each raw value
 * is remembered (a bounded few per enum) rather than normalised again for every item.
 */
export function toEnumValue<T extends string>(known: readonly T[], raw: string): T | 'UNKNOWN' {
  let values = mapped.get(known) as Map<string, T | 'UNKNOWN'> | undefined;
  if (values === undefined) {
    values = new Map();
    mapped.set(known, values);
  }
  const remembered = values.get(raw);
  if (remembered !== undefined) return remembered;
  const normalised = raw.trim().toUpperCase().replace(/\s+/g, '_');
  const value = known.find((candidate) => candidate === normalised) ?? 'UNKNOWN';
  if (values.size < MAX_REMEMBERED_VALUES) values.set(raw, value);
  return value;
}
