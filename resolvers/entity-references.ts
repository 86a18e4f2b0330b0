// Federation entity references: what another subgraph sends in `_entities(representations:)`
// to name one of our objects, turned into the key of the same per-request loaders `node(id:)`
// uses. A representation carries the global `id` or the natural key; it comes from outside, so
// every field is checked (here for its shape, by the loaders against the API's constraints), and
// a bad one is a BAD_USER_INPUT error for that entity alone.
import type { CognitoDataset } from './cognito-sync.js';
import {
  loadCognitoDataset,
  loadPersonalizeDataset,
  loadPersonalizeDatasetGroup,
  type CognitoDatasetKey,
} from './describe.js';
import type { RequestContext } from './context.js';
import { decodeGlobalId, parseCognitoDatasetRawId, parsePersonalizeRawId } from './global-id.js';
import { invalidArgument } from './errors.js';
import type { PersonalizeDatasetGroup } from './personalize-dataset-groups.js';
import type { PersonalizeDataset } from './personalize.js';

/** One element of `_entities(representations:)`: `__typename` plus the fields of one key. */
export type EntityRepresentation = Readonly<Record<string, unknown>>;

type EntityTypename = 'CognitoDataset' | 'PersonalizeDataset' | 'PersonalizeDatasetGroup';

const ARGUMENT = 'representations';

/** The key fields of each entity, as its `@key` directives list them (the global id aside). */
const NATURAL_KEY_FIELDS = {
  CognitoDataset: ['identityPoolId', 'identityId', 'datasetName'],
  PersonalizeDataset: ['datasetArn'],
  PersonalizeDatasetGroup: ['datasetGroupArn'],
} as const satisfies Record<EntityTypename, readonly string[]>;

function badRepresentation(typename: EntityTypename, problem: string): Error {
  const natural = NATURAL_KEY_FIELDS[typename].join(' ');
  return invalidArgument(
    ARGUMENT,
    `A ${typename} representation ${problem}; it needs \`id\` or \`${natural}\` (strings).`,
  );
}

/** The raw id of a global id naming `typename`; other types' ids are malformed here. */
function rawIdOf(typename: EntityTypename, globalId: string): string {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) {
    throw invalidArgument(
      ARGUMENT,
      `Invalid global id: it names a ${decoded.typename}, not a ${typename}. Use an \`id\` returned by this API.`,
    );
  }
  return decoded.id;
}

/** The representation's global id, or undefined when it names the object by its natural key. */
function globalIdOf(
  typename: EntityTypename,
  representation: EntityRepresentation,
): string | undefined {
  const { id } = representation;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string') throw badRepresentation(typename, 'has a non-string `id`');
  return rawIdOf(typename, id);
}

function naturalKeyField(
  typename: EntityTypename,
  representation: EntityRepresentation,
  field: string,
): string {
  const value = representation[field];
  if (typeof value === 'string') return value;
  throw badRepresentation(
    typename,
    value === undefined || value === null ? `lacks \`${field}\`` : `has a non-string \`${field}\``,
  );
}

/** Each resolves to null when the object does not exist (the Relay and federation convention). */
export async function resolveCognitoDatasetReference(
  ctx: RequestContext,
  representation: EntityRepresentation,
): Promise<CognitoDataset | null> {
  const rawId = globalIdOf('CognitoDataset', representation);
  const key: CognitoDatasetKey =
    rawId === undefined
      ? {
          identityPoolId: naturalKeyField('CognitoDataset', representation, 'identityPoolId'),
          identityId: naturalKeyField('CognitoDataset', representation, 'identityId'),
          datasetName: naturalKeyField('CognitoDataset', representation, 'datasetName'),
        }
      : parseCognitoDatasetRawId(rawId);
  return loadCognitoDataset(ctx, key);
}

export async function resolvePersonalizeDatasetReference(
  ctx: RequestContext,
  representation: EntityRepresentation,
): Promise<PersonalizeDataset | null> {
  const rawId = globalIdOf('PersonalizeDataset', representation);
  const datasetArn =
    rawId === undefined
      ? naturalKeyField('PersonalizeDataset', representation, 'datasetArn')
      : parsePersonalizeRawId('PersonalizeDataset', rawId);
  return loadPersonalizeDataset(ctx, datasetArn);
}

export async function resolvePersonalizeDatasetGroupReference(
  ctx: RequestContext,
  representation: EntityRepresentation,
): Promise<PersonalizeDatasetGroup | null> {
  const rawId = globalIdOf('PersonalizeDatasetGroup', representation);
  const datasetGroupArn =
    rawId === undefined
      ? naturalKeyField('PersonalizeDatasetGroup', representation, 'datasetGroupArn')
      : parsePersonalizeRawId('PersonalizeDatasetGroup', rawId);
  return loadPersonalizeDatasetGroup(ctx, datasetGroupArn);
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
