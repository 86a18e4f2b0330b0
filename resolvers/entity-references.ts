// Federation entity references: what another subgraph sends in `_entities(representations:)`
// to name one of our objects, turned into the key of the same per-request loaders `node(id:)`
// uses. A representation carries the global `id` or the natural key; it comes from outside, so
// every field is checked (here for its shape, by each service against the API's constraints),
// and a bad one is a BAD_USER_INPUT error for that entity alone. Each service module says what
// its entity's keys are (EntityKeys); this module reads representations against them.
import { invalidArgument } from './errors.js';
import { decodeGlobalId } from './global-id.js';

/** One element of `_entities(representations:)`: `__typename` plus the fields of one key. */
export type EntityRepresentation = Readonly<Record<string, unknown>>;

const ARGUMENT = 'representations';

/** An entity's keys: the global id's raw id, or the fields of its natural key. */
export interface EntityKeys<Field extends string, Key> {
  readonly typename: string;
  /** As the entity's `@key` directives list them (the global id aside). */
  readonly naturalKeyFields: readonly Field[];
  /** @throws GatewayError BAD_USER_INPUT when the raw id does not hold a valid key. */
  readonly fromRawId: (rawId: string) => Key;
  readonly fromNaturalKey: (fields: Readonly<Record<Field, string>>) => Key;
}

function badRepresentation(keys: EntityKeys<string, unknown>, problem: string): Error {
  const natural = keys.naturalKeyFields.join(' ');
  return invalidArgument(
    ARGUMENT,
    `A ${keys.typename} representation ${problem}; it needs \`id\` or \`${natural}\` (strings).`,
  );
}

/** The raw id of a global id naming the entity's type; other types' ids are malformed here. */
function rawIdOf(typename: string, globalId: string): string {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) {
    throw invalidArgument(
      ARGUMENT,
      `Invalid global id: it names a ${decoded.typename}, not a ${typename}. Use an \`id\` returned by this API.`,
    );
  }
  return decoded.id;
}

/**
 * The key a representation names, by its global id when it has one, else by its natural key.
 * @throws GatewayError BAD_USER_INPUT naming what is missing or malformed.
 */
export function referencedKey<Field extends string, Key>(
  keys: EntityKeys<Field, Key>,
  representation: EntityRepresentation,
): Key {
  const { id } = representation;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'string') throw badRepresentation(keys, 'has a non-string `id`');
    return keys.fromRawId(rawIdOf(keys.typename, id));
  }
  const fields: Partial<Record<Field, string>> = {};
  for (const field of keys.naturalKeyFields) {
    const value = representation[field];
    if (typeof value !== 'string') {
      throw badRepresentation(
        keys,
        value === undefined || value === null
          ? `lacks \`${field}\``
          : `has a non-string \`${field}\``,
      );
    }
    fields[field] = value;
  }
  return keys.fromNaturalKey(fields as Record<Field, string>);
}

/**
 * Checks that every representation names one of the subgraph's entity types, before
 * @apollo/subgraph looks the type up (it fails such a list with an internal error otherwise).
 * @throws GatewayError BAD_USER_INPUT naming the first bad representation.
 */
export function checkRepresentations(
  representations: readonly unknown[],
  entityTypes: readonly string[],
): void {
  representations.forEach((representation, index) => {
    const typename: unknown =
      typeof representation === 'object' &&
      representation !== null &&
      !Array.isArray(representation)
        ? (representation as Record<string, unknown>)['__typename']
        : undefined;
    if (typeof typename !== 'string' || !entityTypes.includes(typename)) {
      throw invalidArgument(
        ARGUMENT,
        `representations[${index}] must be an object whose __typename is an entity of this subgraph (${[...entityTypes].sort().join(', ')}).`,
      );
    }
  });
}
