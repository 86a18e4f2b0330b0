// Builders for the small seed documents each acceptance test file starts its emulator with.
import type {
  SeedCognitoDataset,
  SeedPersonalizeDataset,
  SeedPersonalizeDatasetGroup,
  SeedPersonalizeSchema,
} from '../../src/emulator/index.js';

export const ACCOUNT_ID = '111122223333';

/** A Cognito id (`region:guid`, lowercase hex) that is unique per label. */
export function cognitoId(label: number): string {
  return `us-east-1:${label.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
}

/** An ISO timestamp `minutes` after a fixed base, so seeded dates are known to the second. */
export function seedTime(minutes: number): string {
  return new Date(Date.UTC(2024, 0, 2, 3, 4, 5) + minutes * 60_000).toISOString();
}

/** `count` datasets named `<prefix>-00`, `<prefix>-01`, ..., each with `recordsEach` small records. */
export function cognitoDatasets(
  prefix: string,
  count: number,
  recordsEach = 1,
): SeedCognitoDataset[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(2, '0')}`,
    creationDate: seedTime(i),
    lastModifiedDate: seedTime(i + 1),
    lastModifiedBy: 'seed-device',
    records: Array.from({ length: recordsEach }, (_unused, r) => ({
      key: `key-${r}`,
      value: `value-${i}-${r}`,
    })),
  }));
}

export const DATASET_TYPES = [
  'Interactions',
  'Items',
  'Users',
  'Actions',
  'Action_Interactions',
] as const;

export function avroSchema(recordName: string): string {
  return JSON.stringify({
    type: 'record',
    name: recordName,
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'USER_ID', type: 'string' },
      { name: 'ITEM_ID', type: 'string' },
      { name: 'TIMESTAMP', type: 'long' },
    ],
    version: '1.0',
  });
}

export function personalizeSchemas(): SeedPersonalizeSchema[] {
  return DATASET_TYPES.map((type, i) => ({
    name: `schema-${type.toLowerCase().replace('_', '-')}`,
    schema: avroSchema(type),
    creationDateTime: seedTime(i),
  }));
}

/** A dataset group holding one dataset of each of the first `typeCount` dataset types. */
export function personalizeGroup(
  name: string,
  typeCount: number,
  minutes = 0,
): SeedPersonalizeDatasetGroup {
  const schemas = personalizeSchemas();
  const datasets: SeedPersonalizeDataset[] = DATASET_TYPES.slice(0, typeCount).map((type, i) => ({
    name: `${name}-${type.toLowerCase().replace('_', '-')}`,
    datasetType: type,
    schemaName: schemas[i]?.name ?? 'schema-interactions',
    status: 'ACTIVE',
    creationDateTime: seedTime(minutes + i),
    lastUpdatedDateTime: seedTime(minutes + i + 1),
  }));
  return {
    name,
    status: 'ACTIVE',
    creationDateTime: seedTime(minutes),
    lastUpdatedDateTime: seedTime(minutes + 1),
    datasets,
  };
}

/** The documented Personalize ARN pattern (service model `Arn`). */
export const PERSONALIZE_ARN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/;

export function personalizeArn(resource: string): string {
  return `arn:aws:personalize:us-east-1:${ACCOUNT_ID}:${resource}`;
}
