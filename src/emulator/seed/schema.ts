// The seed: the JSON document the emulator's in-memory state is loaded from, written once as a
// zod schema; the TypeScript types are inferred from it. Timestamps in a seed are ISO-8601
// strings; on the wire they become epoch seconds. Optional members are `exactOptional`: a key is
// present with a value or absent, exactly what the types say under exactOptionalPropertyTypes.
import { z } from 'zod';

/**
 * Cognito ids: `^[\w-]+:[0-9a-f-]+$` in the model. Hex is matched case-insensitively because the
 * model's own documented example (`us-east-1:23EC4050-...`) is uppercase; real ids are lowercase.
 */
export const COGNITO_ID_PATTERN = /^[\w-]+:[0-9a-fA-F-]+$/;
export const DATASET_NAME_PATTERN = /^[a-zA-Z0-9_.:-]+$/;
const PERSONALIZE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/;

const timestamp = z.iso.datetime({ offset: true });
const cognitoId = z.string().min(1).max(55).regex(COGNITO_ID_PATTERN);
const domain = z.enum(['ECOMMERCE', 'VIDEO_ON_DEMAND']);
const personalizeName = z.string().min(1).max(63).regex(PERSONALIZE_NAME_PATTERN);
const positiveInt = z.number().int().positive();

function unique<T>(items: readonly T[], keyOf: (item: T) => string): boolean {
  return new Set(items.map(keyOf)).size === items.length;
}

const cognitoRecord = z.strictObject({
  key: z.string().min(1).max(1024),
  value: z.string().max(1048575),
  lastModifiedDate: timestamp.exactOptional(),
  lastModifiedBy: z.string().min(1).exactOptional(),
});

const cognitoDataset = z.strictObject({
  name: z.string().min(1).max(128).regex(DATASET_NAME_PATTERN),
  creationDate: timestamp,
  lastModifiedDate: timestamp.exactOptional(),
  lastModifiedBy: z.string().min(1).exactOptional(),
  records: z.array(cognitoRecord).refine((records) => unique(records, (record) => record.key), {
    message: 'record keys must be unique within a dataset',
  }),
});

const cognitoIdentity = z.strictObject({
  identityId: cognitoId,
  /**
   * The logins linked to this identity: login provider name (the key of Cognito Identity's
   * `Logins` map, e.g. the emulator user pool's `cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01`)
   * → the subject (`sub` claim) of that provider's tokens. GetId answers this identity for a
   * verified token of that provider and subject. A (provider, subject) pair names one identity
   * per pool.
   */
  // IdentityProviderName (1..128) → subject. Keys are the client's choice of provider names, so
  // they are read with Object.entries only (see cognito-identity/state.ts).
  logins: z.record(z.string().min(1).max(128), z.string().min(1).max(1024)).exactOptional(),
  datasets: z
    .array(cognitoDataset)
    .refine((datasets) => unique(datasets, (dataset) => dataset.name), {
      message: 'dataset names must be unique within an identity',
    }),
});

/** What the pool's authenticated role lets identity-bound credentials do beyond Cognito Sync. */
const authenticatedRole = z.strictObject({
  /** Allow Personalize List* and Describe* operations (default false: AccessDeniedException). */
  personalizeRead: z.boolean().exactOptional(),
});

const identityPool = z.strictObject({
  identityPoolId: cognitoId,
  /** Applies to every identity-bound credential of this pool, seeded or issued. */
  authenticatedRole: authenticatedRole.exactOptional(),
  identities: z
    .array(cognitoIdentity)
    .refine((identities) => unique(identities, (identity) => identity.identityId), {
      message: 'identity ids must be unique within a pool',
    })
    .refine(
      (identities) =>
        unique(
          identities.flatMap((identity) =>
            Object.entries(identity.logins ?? {}).map(([provider, subject]) => ({
              provider,
              subject,
            })),
          ),
          (login) => JSON.stringify([login.provider, login.subject]),
        ),
      { message: 'a login (provider and subject) may belong to one identity of a pool only' },
    ),
});

const personalizeSchema = z.strictObject({
  name: personalizeName,
  /** Avro schema JSON text. */
  schema: z.string().min(1).max(20000),
  domain: domain.exactOptional(),
  creationDateTime: timestamp,
});

const personalizeDataset = z.strictObject({
  name: personalizeName,
  /** Interactions | Items | Users | Actions | Action_Interactions */
  datasetType: z.string().min(1).max(256),
  schemaName: personalizeName,
  status: z.string().min(1).max(256).exactOptional(),
  creationDateTime: timestamp,
  lastUpdatedDateTime: timestamp.exactOptional(),
});

const personalizeDatasetGroup = z.strictObject({
  name: personalizeName,
  status: z.string().min(1).max(256).exactOptional(),
  domain: domain.exactOptional(),
  roleArn: z.string().min(1).max(256).exactOptional(),
  failureReason: z.string().exactOptional(),
  creationDateTime: timestamp,
  lastUpdatedDateTime: timestamp.exactOptional(),
  datasets: z.array(personalizeDataset),
});

/** Service quotas. Defaults are the documented AWS values; a seed may raise them as AWS allows. */
const quotas = z.strictObject({
  /** Cognito Sync: datasets per identity (AWS: 20). */
  cognitoDatasetsPerIdentity: positiveInt.exactOptional(),
  /** Cognito Sync: bytes per dataset (AWS: 1 MB). */
  cognitoBytesPerDataset: positiveInt.exactOptional(),
  /** Personalize: dataset groups per account (AWS default: 500). */
  personalizeDatasetGroups: positiveInt.exactOptional(),
  /** Personalize: schemas per account (AWS default: 500). */
  personalizeSchemas: positiveInt.exactOptional(),
});

export const seedSchema = z.strictObject({
  $schema: z.string().exactOptional(),
  /** AWS account id used in ARNs (default 123456789012). */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .exactOptional(),
  /** Region used in ARNs (default us-east-1). */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1')
    .exactOptional(),
  quotas: quotas.exactOptional(),
  cognitoSync: z
    .strictObject({
      identityPools: z
        .array(identityPool)
        .refine((pools) => unique(pools, (pool) => pool.identityPoolId), {
          message: 'identity pool ids must be unique',
        }),
    })
    .exactOptional(),
  personalize: z
    .strictObject({
      schemas: z.array(personalizeSchema),
      datasetGroups: z.array(personalizeDatasetGroup),
    })
    .exactOptional(),
});

/**
 * A parsed document as the emulator reads it: every member and array read-only (the parsed copy
 * is not frozen; nothing here writes to it).
 */
type ReadOnlyDeep<T> = T extends readonly (infer Item)[]
  ? readonly ReadOnlyDeep<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadOnlyDeep<T[K]> }
    : T;

export type Seed = ReadOnlyDeep<z.infer<typeof seedSchema>>;
export type SeedCognitoRecord = ReadOnlyDeep<z.infer<typeof cognitoRecord>>;
export type SeedCognitoDataset = ReadOnlyDeep<z.infer<typeof cognitoDataset>>;
export type SeedCognitoIdentity = ReadOnlyDeep<z.infer<typeof cognitoIdentity>>;
export type SeedAuthenticatedRole = ReadOnlyDeep<z.infer<typeof authenticatedRole>>;
export type SeedIdentityPool = ReadOnlyDeep<z.infer<typeof identityPool>>;
export type SeedPersonalizeSchema = ReadOnlyDeep<z.infer<typeof personalizeSchema>>;
export type SeedPersonalizeDataset = ReadOnlyDeep<z.infer<typeof personalizeDataset>>;
export type SeedPersonalizeDatasetGroup = ReadOnlyDeep<z.infer<typeof personalizeDatasetGroup>>;
/** The quotas in force: the seed's overrides (all optional) on top of the defaults. */
export type Quotas = ReadOnlyDeep<Required<z.infer<typeof quotas>>>;
