// Large, deterministic seeds for listing tests and benchmarks: the same options always give the
// same document, and quotas are raised as far as the requested sizes need.

import { mulberry32 } from '../random.js';
import type {
  Quotas,
  Seed,
  SeedCognitoDataset,
  SeedIdentityPool,
  SeedPersonalizeDatasetGroup,
  SeedPersonalizeSchema,
} from './schema.js';

export interface GenerateSeedOptions {
  /** Cognito identities in total, spread over one identity pool per 1,000 (default 8). */
  readonly cognitoIdentities?: number;
  /** Datasets of every identity (default 4; above 20 raises the quota). */
  readonly cognitoDatasetsPerIdentity?: number;
  /** Personalize dataset groups (default 6; above 500 raises the quota). */
  readonly personalizeDatasetGroups?: number;
  /**
   * Datasets per group, 0..5: one of each type, in the order Interactions, Items, Users, Actions,
   * Action_Interactions (default 5).
   */
  readonly personalizeDatasetsPerGroup?: number;
  /** Seed of the pseudo-random choices (default 1). */
  readonly seed?: number;
}

const DEFAULTS = {
  cognitoIdentities: 8,
  cognitoDatasetsPerIdentity: 4,
  personalizeDatasetGroups: 6,
  personalizeDatasetsPerGroup: 5,
  seed: 1,
} as const;

const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
/** Generated dates fall in the two years before this instant, so output never depends on today. */
const ANCHOR_MS = Date.UTC(2026, 0, 1);
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
const IDENTITIES_PER_POOL = 1000;
const AWS_COGNITO_DATASETS_PER_IDENTITY = 20;
const AWS_PERSONALIZE_DATASET_GROUPS = 500;
const AWS_PERSONALIZE_SCHEMAS = 500;

const DATASET_TYPES = ['Interactions', 'Items', 'Users', 'Actions', 'Action_Interactions'] as const;
type DatasetType = (typeof DATASET_TYPES)[number];
type Domain = 'ECOMMERCE' | 'VIDEO_ON_DEMAND';
const GROUP_KINDS: readonly (Domain | undefined)[] = [undefined, 'ECOMMERCE', 'VIDEO_ON_DEMAND'];

const COGNITO_DATASET_NAMES = [
  'profile',
  'settings',
  'game-progress',
  'achievements',
  'preferences',
  'cart',
  'bookmarks',
  'drafts',
  'history',
  'favorites',
  'notifications',
  'playlists',
  'devices',
  'inventory',
  'quests',
  'friends',
  'themes',
  'watchlist',
  'reading-list',
  'high-scores',
];

export function generateSeed(options: GenerateSeedOptions = {}): Seed {
  const identities = count(
    options.cognitoIdentities,
    DEFAULTS.cognitoIdentities,
    'cognitoIdentities',
  );
  const datasetsPerIdentity = count(
    options.cognitoDatasetsPerIdentity,
    DEFAULTS.cognitoDatasetsPerIdentity,
    'cognitoDatasetsPerIdentity',
  );
  const groups = count(
    options.personalizeDatasetGroups,
    DEFAULTS.personalizeDatasetGroups,
    'personalizeDatasetGroups',
  );
  const datasetsPerGroup = count(
    options.personalizeDatasetsPerGroup,
    DEFAULTS.personalizeDatasetsPerGroup,
    'personalizeDatasetsPerGroup',
  );
  if (datasetsPerGroup > DATASET_TYPES.length) {
    throw new RangeError(
      `personalizeDatasetsPerGroup must be at most ${DATASET_TYPES.length} (one dataset per type)`,
    );
  }
  const random = mulberry32(count(options.seed, DEFAULTS.seed, 'seed'));
  const schemas = personalizeSchemas();
  const quotas: Partial<Record<keyof Quotas, number>> = {};
  if (datasetsPerIdentity > AWS_COGNITO_DATASETS_PER_IDENTITY) {
    quotas.cognitoDatasetsPerIdentity = datasetsPerIdentity;
  }
  if (groups > AWS_PERSONALIZE_DATASET_GROUPS) quotas.personalizeDatasetGroups = groups;
  if (schemas.length > AWS_PERSONALIZE_SCHEMAS) quotas.personalizeSchemas = schemas.length;

  return {
    accountId: ACCOUNT_ID,
    region: REGION,
    ...(Object.keys(quotas).length > 0 ? { quotas } : {}),
    cognitoSync: { identityPools: identityPools(random, identities, datasetsPerIdentity) },
    personalize: {
      schemas,
      datasetGroups: Array.from({ length: groups }, (_, index) =>
        datasetGroup(random, index, groups, datasetsPerGroup),
      ),
    },
  };
}

function count(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return resolved;
}

function randomInt(random: () => number, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => randomInt(random, 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + randomInt(random, 4)).toString(16);
  const text = hex.join('');
  return [
    text.slice(0, 8),
    text.slice(8, 12),
    text.slice(12, 16),
    text.slice(16, 20),
    text.slice(20),
  ].join('-');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A moment within the two years before the anchor. */
function pastMoment(random: () => number): number {
  return ANCHOR_MS - TWO_YEARS_MS + Math.floor(random() * TWO_YEARS_MS);
}

/** A moment between `from` and the anchor (or `from` itself when it is past the anchor). */
function laterMoment(random: () => number, from: number): number {
  return from + Math.floor(random() * Math.max(0, ANCHOR_MS - from));
}

function identityPools(
  random: () => number,
  identities: number,
  datasetsPerIdentity: number,
): SeedIdentityPool[] {
  const poolCount = Math.ceil(identities / IDENTITIES_PER_POOL);
  const pools = Array.from({ length: poolCount }, () => ({
    identityPoolId: `${REGION}:${uuid(random)}`,
    identities: [] as { identityId: string; datasets: SeedCognitoDataset[] }[],
  }));
  for (let index = 0; index < identities; index++) {
    const identityId = `${REGION}:${uuid(random)}`;
    const datasets = Array.from({ length: datasetsPerIdentity }, (_, d) =>
      cognitoDataset(random, identityId, d),
    );
    pools[index % poolCount]?.identities.push({ identityId, datasets });
  }
  return pools;
}

function cognitoDataset(
  random: () => number,
  identityId: string,
  index: number,
): SeedCognitoDataset {
  const base = COGNITO_DATASET_NAMES[index % COGNITO_DATASET_NAMES.length] ?? 'dataset';
  const round = Math.floor(index / COGNITO_DATASET_NAMES.length);
  const name = round === 0 ? base : `${base}-${round + 1}`;
  const created = pastMoment(random);
  const records = Array.from({ length: randomInt(random, 7) }, (_, r) => ({
    key: `${base}.entry-${r + 1}`,
    value: JSON.stringify({ value: randomInt(random, 10_000), revision: r + 1 }),
    lastModifiedDate: laterMoment(random, created),
  }));
  // The dataset changed last when its newest record did (or later, for a removed record).
  const modified = Math.max(
    laterMoment(random, created),
    ...records.map((r) => r.lastModifiedDate),
  );
  return {
    name,
    creationDate: iso(created),
    lastModifiedDate: iso(modified),
    lastModifiedBy: identityId,
    records: records.map((record) => ({
      ...record,
      lastModifiedDate: iso(record.lastModifiedDate),
      lastModifiedBy: identityId,
    })),
  };
}

/** Required fields per dataset type, plus the domain's usual extras. */
const SCHEMA_FIELDS: Record<DatasetType, readonly { name: string; type: unknown }[]> = {
  Interactions: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'EVENT_TYPE', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
  ],
  Items: [
    { name: 'ITEM_ID', type: 'string' },
    { name: 'CATEGORY_L1', type: ['null', 'string'] },
    { name: 'CREATION_TIMESTAMP', type: 'long' },
  ],
  Users: [
    { name: 'USER_ID', type: 'string' },
    { name: 'MEMBERSHIP', type: ['null', 'string'] },
  ],
  Actions: [
    { name: 'ACTION_ID', type: 'string' },
    { name: 'VALUE', type: ['null', 'float'] },
  ],
  Action_Interactions: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ACTION_ID', type: 'string' },
    { name: 'EVENT_TYPE', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
  ],
};

/** `VIDEO_ON_DEMAND` → `video-on-demand`: upper case and underscores read badly in names. */
function slug(text: string): string {
  return text.toLowerCase().replace(/_/g, '-');
}

function schemaName(kind: Domain | undefined, type: DatasetType): string {
  return `${slug(kind ?? 'custom')}-${slug(type)}`;
}

function personalizeSchemas(): SeedPersonalizeSchema[] {
  const created = ANCHOR_MS - TWO_YEARS_MS - 30 * 24 * 3600 * 1000;
  return GROUP_KINDS.flatMap((kind) =>
    DATASET_TYPES.map((type, index) => ({
      name: schemaName(kind, type),
      schema: JSON.stringify({
        type: 'record',
        name: type,
        namespace: 'com.amazonaws.personalize.schema',
        fields: SCHEMA_FIELDS[type],
        version: '1.0',
      }),
      ...(kind === undefined ? {} : { domain: kind }),
      creationDateTime: iso(created + index * 60_000),
    })),
  );
}

function datasetGroup(
  random: () => number,
  index: number,
  total: number,
  datasetsPerGroup: number,
): SeedPersonalizeDatasetGroup {
  const kind = GROUP_KINDS[index % GROUP_KINDS.length];
  const name = `${slug(kind ?? 'custom')}-${String(index).padStart(String(total).length, '0')}`;
  const created = pastMoment(random);
  let datasetTime = created;
  return {
    name,
    status: 'ACTIVE',
    ...(kind === undefined ? {} : { domain: kind }),
    roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/PersonalizeS3Access`,
    creationDateTime: iso(created),
    lastUpdatedDateTime: iso(created),
    datasets: DATASET_TYPES.slice(0, datasetsPerGroup).map((type) => {
      datasetTime += 60_000 + randomInt(random, 6 * 3600 * 1000);
      return {
        name: `${name}-${slug(type)}`,
        datasetType: type,
        schemaName: schemaName(kind, type),
        status: 'ACTIVE',
        creationDateTime: iso(datasetTime),
        lastUpdatedDateTime: iso(laterMoment(random, datasetTime)),
      };
    }),
  };
}
