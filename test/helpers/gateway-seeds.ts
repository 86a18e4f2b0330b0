// Seed documents for the acceptance tests: small, explicit documents whose every value a test can
// predict, plus builders for listings long enough to span many upstream pages. Two fixed worlds
// live here, kept apart so that expectations written against either stay true: the gateway
// tests' (GW_ACCOUNT_ID, gwCognitoId, gwTime, ...) and the emulator tests' (ACCOUNT_ID, cognitoId,
// seedTime, ..., at the end of this file).
import type {
  Seed,
  SeedCognitoDataset,
  SeedIdentityPool,
  SeedPersonalizeDataset,
  SeedPersonalizeDatasetGroup,
  SeedPersonalizeSchema,
} from '../../src/emulator/index.js';

export const GW_ACCOUNT_ID = '444455556666';
export const GW_REGION = 'us-east-1';

/** A Cognito id (`region:hex-guid`) unique per label, valid for both pools and identities. */
export function gwCognitoId(label: number): string {
  return `${GW_REGION}:${label.toString(16).padStart(8, '0')}-1111-4222-8333-444455556666`;
}

/** An ISO timestamp `minutes` after a fixed base, to the second. */
export function gwTime(minutes: number): string {
  return new Date(Date.UTC(2024, 4, 6, 7, 8, 9) + minutes * 60_000).toISOString();
}

export function gwDatasetGroupArn(name: string): string {
  return `arn:aws:personalize:${GW_REGION}:${GW_ACCOUNT_ID}:dataset-group/${name}`;
}

const SCHEMA_NAME = 'gw-schema';

/** A minimal Avro schema for Personalize datasets, as a record named `recordName`. */
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

const AVRO_SCHEMA = avroSchema('Interactions');

/** The five dataset types AWS documents; the emulator allows one dataset of each per group. */
export const DATASET_TYPES = [
  'Interactions',
  'Items',
  'Users',
  'Actions',
  'Action_Interactions',
] as const;
export type DatasetTypeName = (typeof DATASET_TYPES)[number];

export function personalizeSection(
  groups: readonly SeedPersonalizeDatasetGroup[],
): NonNullable<Seed['personalize']> {
  return {
    schemas: [{ name: SCHEMA_NAME, schema: AVRO_SCHEMA, creationDateTime: gwTime(-1000) }],
    datasetGroups: groups,
  };
}

export function gwDataset(
  name: string,
  datasetType: DatasetTypeName,
  minutes: number,
  extra: Partial<Pick<SeedPersonalizeDataset, 'status' | 'lastUpdatedDateTime'>> = {},
): SeedPersonalizeDataset {
  return {
    name,
    datasetType,
    schemaName: SCHEMA_NAME,
    status: 'ACTIVE',
    creationDateTime: gwTime(minutes),
    ...extra,
  };
}

export function gwGroup(
  name: string,
  minutes: number,
  datasets: readonly SeedPersonalizeDataset[],
): SeedPersonalizeDatasetGroup {
  return { name, status: 'ACTIVE', creationDateTime: gwTime(minutes), datasets };
}

/**
 * `count` ACTIVE Personalize datasets spread over groups of five (one per type, as the emulator
 * allows), each created at its own minute, so the unfiltered listing holds exactly `count` items.
 */
export function personalizeListingSeed(count: number, prefix = 'bulk'): Seed {
  const groups: SeedPersonalizeDatasetGroup[] = [];
  for (let g = 0; g * DATASET_TYPES.length < count; g += 1) {
    const datasets = DATASET_TYPES.slice(0, Math.min(DATASET_TYPES.length, count - g * 5)).map(
      (type, t) => gwDataset(`${prefix}-${g}-${type.toLowerCase()}`, type, g * 10 + t),
    );
    groups.push(gwGroup(`${prefix}-group-${g}`, g * 10, datasets));
  }
  return { accountId: GW_ACCOUNT_ID, region: GW_REGION, personalize: personalizeSection(groups) };
}

/** `count` Cognito datasets named `<prefix>-000`…, each with one small record. */
export function cognitoDatasetList(prefix: string, count: number): SeedCognitoDataset[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, '0')}`,
    creationDate: gwTime(i),
    lastModifiedDate: gwTime(i + 1),
    lastModifiedBy: 'gw-device',
    records: [{ key: 'k', value: `v${i}` }],
  }));
}

export interface CognitoIdentitySpec {
  readonly identityId: string;
  readonly datasetCount: number;
}

/** One identity pool whose identities hold the given numbers of datasets (quota raised to fit). */
export function cognitoListingSeed(
  poolId: string,
  identities: readonly CognitoIdentitySpec[],
): Seed {
  const pool: SeedIdentityPool = {
    identityPoolId: poolId,
    identities: identities.map((spec) => ({
      identityId: spec.identityId,
      datasets: cognitoDatasetList(`ds${spec.datasetCount}`, spec.datasetCount),
    })),
  };
  const largest = Math.max(20, ...identities.map((spec) => spec.datasetCount));
  return {
    accountId: GW_ACCOUNT_ID,
    region: GW_REGION,
    quotas: { cognitoDatasetsPerIdentity: largest },
    cognitoSync: { identityPools: [pool] },
  };
}

/** Both services in one seed. */
export function mergeSeeds(cognito: Seed, personalize: Seed): Seed {
  return {
    accountId: GW_ACCOUNT_ID,
    region: GW_REGION,
    ...(cognito.quotas === undefined ? {} : { quotas: cognito.quotas }),
    ...(cognito.cognitoSync === undefined ? {} : { cognitoSync: cognito.cognitoSync }),
    ...(personalize.personalize === undefined ? {} : { personalize: personalize.personalize }),
  };
}

// The emulator tests' world: its own account, ids and dates, one schema per dataset type.

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

/** One schema per dataset type, named `schema-<type>`. */
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
