// Reads Personalize operation inputs the way the real (Coral) front end does, in its order:
//
// 1. Deserialization. A member whose JSON type does not match the model (e.g. `"maxResults": "5"`)
//    is answered with `SerializationException` (400), as AWS JSON services do (e.g. DynamoDB's
//    "NUMBER_VALUE can not be converted to a String"). SerializationException is not in the
//    Personalize model, so SDK v3 surfaces it as a PersonalizeServiceException named
//    SerializationException; that is what a real client would see too. `null` means "absent".
// 2. Constraint validation. Every violated constraint (required, length, range, pattern, enum) is
//    collected and reported in one InvalidInputException in AWS's format:
//    "2 validation errors detected: Value '0' at 'maxResults' failed to satisfy constraint:
//    ...; Value ...".
//    Personalize reports validation failures as InvalidInputException (it has no
//    ValidationException), including in ListDatasetGroups / ListSchemas whose model lists only
//    InvalidNextTokenException. Sensitive members (tag keys and values) are not echoed.
//    Unknown members are ignored, as AWS JSON services do.

import { ServiceError } from '../protocol/service-error.js';

export interface Pattern {
  readonly regex: RegExp;
  /** The pattern as the model writes it, for messages. */
  readonly text: string;
}

function pattern(text: string): Pattern {
  return { regex: new RegExp(text, 'u'), text };
}

export const ARN_PATTERN = pattern('^arn:([a-z\\d-]+):personalize:.*:.*:.+$');
export const NAME_PATTERN = pattern('^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$');
export const NEXT_TOKEN_PATTERN = pattern('^\\p{ASCII}{0,1500}$');
export const DATASET_TYPE_PATTERN = pattern('^[A-Za-z_]+$');
export const ROLE_ARN_PATTERN = pattern(
  '^arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$',
);
export const KMS_KEY_ARN_PATTERN = pattern('^arn:aws.*:kms:.*:[0-9]{12}:key/.*$');
const TAG_PATTERN = pattern('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');

export const DOMAINS = ['ECOMMERCE', 'VIDEO_ON_DEMAND'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface StringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: Pattern;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

export interface IntegerRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export interface Tag {
  readonly tagKey: string;
  readonly tagValue: string;
}

export const ARN_RULE: StringRule = { max: 256, pattern: ARN_PATTERN };
export const NAME_RULE: StringRule = { min: 1, max: 63, pattern: NAME_PATTERN };
export const NEXT_TOKEN_RULE: StringRule = { max: 1500, pattern: NEXT_TOKEN_PATTERN };
export const MAX_RESULTS_RULE: IntegerRule = { min: 1, max: 100 };
export const DOMAIN_RULE: StringRule = { enum: DOMAINS };
export const DATASET_TYPE_RULE: StringRule = { max: 256, pattern: DATASET_TYPE_PATTERN };
export const ROLE_ARN_RULE: StringRule = { max: 256, pattern: ROLE_ARN_PATTERN };
export const KMS_KEY_ARN_RULE: StringRule = { max: 2048, pattern: KMS_KEY_ARN_PATTERN };
export const AVRO_SCHEMA_RULE: StringRule = { max: 20000 };
const TAG_KEY_RULE: StringRule = {
  required: true,
  min: 1,
  max: 128,
  pattern: TAG_PATTERN,
  sensitive: true,
};
const TAG_VALUE_RULE: StringRule = {
  required: true,
  min: 0,
  max: 256,
  pattern: TAG_PATTERN,
  sensitive: true,
};

export function invalidInput(message: string): ServiceError {
  return new ServiceError('InvalidInputException', 400, message);
}

function serializationError(message: string): ServiceError {
  return new ServiceError('SerializationException', 400, message);
}

/** Coral's name for a JSON value's kind, as its SerializationException messages say it. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'UNKNOWN_VALUE';
}

function typeMismatch(value: unknown, target: string): ServiceError {
  if (Array.isArray(value)) return serializationError('Start of list found where not expected.');
  if (typeof value === 'object' && value !== null) {
    return serializationError('Start of structure or map found where not expected.');
  }
  return serializationError(`${jsonKind(value)} can not be converted to ${target}`);
}

/** Reads members of one input object, collecting constraint violations until `check()`. */
export class InputReader {
  readonly #input: Readonly<Record<string, unknown>>;
  readonly #violations: string[] = [];

  constructor(input: Readonly<Record<string, unknown>>) {
    this.#input = input;
  }

  string(member: string, rule: StringRule): string | undefined {
    return this.#readString(this.#member(member), member, rule);
  }

  integer(member: string, rule: IntegerRule): number | undefined {
    const value = this.#member(member);
    if (value === undefined) {
      if (rule.required === true) this.#violate(member, null, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'number') throw typeMismatch(value, 'an Integer');
    if (!Number.isSafeInteger(value)) {
      this.#violate(member, value, 'Member must be an integer');
      return undefined;
    }
    const before = this.#violations.length;
    if (rule.min !== undefined && value < rule.min) {
      this.#violate(member, value, `Member must have value greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value > rule.max) {
      this.#violate(member, value, `Member must have value less than or equal to ${rule.max}`);
    }
    return this.#violations.length === before ? value : undefined;
  }

  /**
   * The Tags list: at most 200 is the TooManyTagsException the service answers (checked by the
   * caller after validation), so the list length is not a validation constraint here.
   */
  tags(member: string): readonly Tag[] | undefined {
    const value = this.#member(member);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw typeMismatch(value, 'a List');
    return value.map((item: unknown, index): Tag => {
      const path = `${member}.${index + 1}.member`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw typeMismatch(item, 'a Structure');
      }
      const fields = item as Readonly<Record<string, unknown>>;
      const tagKey = this.#readString(
        fields['tagKey'] ?? undefined,
        `${path}.tagKey`,
        TAG_KEY_RULE,
      );
      const tagValue = this.#readString(
        fields['tagValue'] ?? undefined,
        `${path}.tagValue`,
        TAG_VALUE_RULE,
      );
      return { tagKey: tagKey ?? '', tagValue: tagValue ?? '' };
    });
  }

  /** Throws the InvalidInputException listing every violation found so far, if any. */
  check(): void {
    const count = this.#violations.length;
    if (count === 0) return;
    throw invalidInput(
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.#violations.join('; ')}`,
    );
  }

  #member(member: string): unknown {
    return Object.hasOwn(this.#input, member) ? (this.#input[member] ?? undefined) : undefined;
  }

  #readString(value: unknown, path: string, rule: StringRule): string | undefined {
    if (value === undefined) {
      if (rule.required === true) this.#violate(path, null, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') throw typeMismatch(value, 'a String');
    const shown = rule.sensitive === true ? undefined : value;
    const before = this.#violations.length;
    if (rule.min !== undefined && value.length < rule.min) {
      this.#violate(path, shown, `Member must have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      this.#violate(path, shown, `Member must have length less than or equal to ${rule.max}`);
    }
    if (rule.pattern !== undefined && !rule.pattern.regex.test(value)) {
      this.#violate(
        path,
        shown,
        `Member must satisfy regular expression pattern: ${rule.pattern.text}`,
      );
    }
    if (rule.enum !== undefined && !rule.enum.includes(value)) {
      this.#violate(path, shown, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
    }
    return this.#violations.length === before ? value : undefined;
  }

  /** `value` null is a missing member; undefined is a sensitive value that must not be echoed. */
  #violate(path: string, value: string | number | null | undefined, constraint: string): void {
    const subject =
      value === null ? 'Value null' : value === undefined ? 'Value' : `Value '${value}'`;
    this.#violations.push(`${subject} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}
