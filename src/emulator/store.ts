// Loads and validates the seed document the emulator's in-memory state starts from.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import demoSeed from './seed/demo.json' with { type: 'json' };
import type { Seed } from './types.js';

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

function unique<T>(items: readonly T[], keyOf: (item: T) => string): boolean {
  return new Set(items.map(keyOf)).size === items.length;
}

const cognitoRecord = z.strictObject({
  key: z.string().min(1).max(1024),
  value: z.string().max(1048575),
  lastModifiedDate: timestamp.optional(),
  lastModifiedBy: z.string().min(1).optional(),
});

const cognitoDataset = z.strictObject({
  name: z.string().min(1).max(128).regex(DATASET_NAME_PATTERN),
  creationDate: timestamp,
  lastModifiedDate: timestamp.optional(),
  lastModifiedBy: z.string().min(1).optional(),
  records: z.array(cognitoRecord).refine((records) => unique(records, (record) => record.key), {
    message: 'record keys must be unique within a dataset',
  }),
});

const cognitoIdentity = z.strictObject({
  identityId: cognitoId,
  // IdentityProviderName (1..128) → subject. Keys are the client's choice of provider names, so
  // they are read with Object.entries only (see cognito-identity-state.ts).
  logins: z.record(z.string().min(1).max(128), z.string().min(1).max(1024)).optional(),
  datasets: z
    .array(cognitoDataset)
    .refine((datasets) => unique(datasets, (dataset) => dataset.name), {
      message: 'dataset names must be unique within an identity',
    }),
});

const identityPool = z.strictObject({
  identityPoolId: cognitoId,
  authenticatedRole: z.strictObject({ personalizeRead: z.boolean().optional() }).optional(),
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

const personalizeDataset = z.strictObject({
  name: personalizeName,
  datasetType: z.string().min(1).max(256),
  schemaName: personalizeName,
  status: z.string().min(1).max(256).optional(),
  creationDateTime: timestamp,
  lastUpdatedDateTime: timestamp.optional(),
});

const personalizeDatasetGroup = z.strictObject({
  name: personalizeName,
  status: z.string().min(1).max(256).optional(),
  domain: domain.optional(),
  roleArn: z.string().min(1).max(256).optional(),
  failureReason: z.string().optional(),
  creationDateTime: timestamp,
  lastUpdatedDateTime: timestamp.optional(),
  datasets: z.array(personalizeDataset),
});

const positiveInt = z.number().int().positive();

export const seedSchema = z.strictObject({
  $schema: z.string().optional(),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1')
    .optional(),
  quotas: z
    .strictObject({
      cognitoDatasetsPerIdentity: positiveInt.optional(),
      cognitoBytesPerDataset: positiveInt.optional(),
      personalizeDatasetGroups: positiveInt.optional(),
      personalizeSchemas: positiveInt.optional(),
    })
    .optional(),
  cognitoSync: z
    .strictObject({
      identityPools: z
        .array(identityPool)
        .refine((pools) => unique(pools, (pool) => pool.identityPoolId), {
          message: 'identity pool ids must be unique',
        }),
    })
    .optional(),
  personalize: z
    .strictObject({
      schemas: z.array(
        z.strictObject({
          name: personalizeName,
          schema: z.string().min(1).max(20000),
          domain: domain.optional(),
          creationDateTime: timestamp,
        }),
      ),
      datasetGroups: z.array(personalizeDatasetGroup),
    })
    .optional(),
});

/** A seed that failed to load; the message names the source and the offending path. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/** Validates a seed document; `source` names it in errors. */
export function parseSeed(value: unknown, source = 'seed'): Seed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    throw new SeedError(`Invalid seed (${source}):\n${z.prettifyError(result.error)}`);
  }
  // zod's optional members are typed `T | undefined`; the parsed copy only has the keys that were
  // present, which is exactly Seed under exactOptionalPropertyTypes.
  return result.data as Seed;
}

/** Loads a seed from an object, a JSON file path, or (by default) the shipped demo seed. */
export async function loadSeed(source?: Seed | string): Promise<Seed> {
  // Imported, not read from the source tree: a built emulator (dist/) has no src/ beside it.
  if (source === undefined) return parseSeed(demoSeed, 'the demo seed');
  if (typeof source !== 'string') return parseSeed(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read seed file ${source}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`Seed file ${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(json, source);
}
