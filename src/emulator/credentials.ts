// The credentials the emulator accepts, and who each pair speaks for.
import { z } from 'zod';
import type { EmulatorCredentials } from './contract.js';
import { COGNITO_ID_PATTERN } from './seed/schema.js';
import type { Seed } from './seed/schema.js';

/** The conventional local-emulator pair: developer credentials with full access. */
export const DEFAULT_CREDENTIALS: readonly EmulatorCredentials[] = [
  { accessKeyId: 'test', secretAccessKey: 'test' },
];

const credentialsSchema = z
  .array(
    z
      .strictObject({
        accessKeyId: z.string().min(1),
        secretAccessKey: z.string().min(1),
        identityId: z.string().min(1).optional(),
        identityPoolId: z.string().regex(COGNITO_ID_PATTERN).optional(),
        sessionToken: z.string().min(1).optional(),
      })
      .refine((entry) => entry.identityPoolId === undefined || entry.identityId !== undefined, {
        message: 'identityPoolId is only meaningful with identityId',
        path: ['identityPoolId'],
      }),
  )
  .min(1, 'at least one credentials entry is required')
  .refine((list) => new Set(list.map((entry) => entry.accessKeyId)).size === list.length, {
    message: 'access key ids must be unique',
  });

/** Checks a configured list; throws an error naming the problem. */
export function validateCredentials(list: readonly EmulatorCredentials[]): void {
  const result = credentialsSchema.safeParse(list);
  if (!result.success) throw new Error(`Invalid credentials: ${z.prettifyError(result.error)}`);
}

export const CREDENTIALS_FLAG_FORM = 'ACCESS_KEY_ID:SECRET[:IDENTITY_ID[@IDENTITY_POOL_ID]]';

/**
 * Parses the CLI form CREDENTIALS_FLAG_FORM. Identity and pool ids contain `:` themselves
 * (`region:guid`), so everything after the secret is the identity, and `@` (which no Cognito id
 * contains) separates its pool.
 */
export function parseCredentialsFlag(text: string): EmulatorCredentials {
  const [accessKeyId = '', secretAccessKey = '', ...rest] = text.split(':');
  const identity = rest.join(':');
  const at = identity.indexOf('@');
  const identityId = at < 0 ? identity : identity.slice(0, at);
  const identityPoolId = at < 0 ? undefined : identity.slice(at + 1);
  if (
    accessKeyId === '' ||
    secretAccessKey === '' ||
    (identityId === '' && identityPoolId !== undefined) ||
    identityPoolId === ''
  ) {
    throw new Error(`Invalid --credentials "${text}": expected ${CREDENTIALS_FLAG_FORM}`);
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(identityId === '' ? {} : { identityId }),
    ...(identityPoolId === undefined ? {} : { identityPoolId }),
  };
}

/**
 * The list with each identity-bound entry's pool filled in: the pool it names, else the one pool
 * the seed places its identity in. Throws when the named pool is not seeded (the emulator cannot
 * create pools), or when the identity is in no seeded pool or in several.
 */
export function bindToIdentityPools(
  list: readonly EmulatorCredentials[],
  seed: Seed,
): EmulatorCredentials[] {
  const pools = seed.cognitoSync?.identityPools ?? [];
  return list.map((entry) => {
    const { identityId, identityPoolId } = entry;
    if (identityId === undefined) return entry;
    if (identityPoolId !== undefined) {
      if (!pools.some((pool) => pool.identityPoolId === identityPoolId)) {
        throw new Error(
          `Invalid credentials: ${entry.accessKeyId} names identity pool ${identityPoolId}, which the seed does not hold`,
        );
      }
      return entry;
    }
    const holding = pools
      .filter((pool) => pool.identities.some((identity) => identity.identityId === identityId))
      .map((pool) => pool.identityPoolId);
    const [only] = holding;
    if (only === undefined || holding.length > 1) {
      throw new Error(
        `Invalid credentials: ${entry.accessKeyId} is bound to identity ${identityId}, which the seed ` +
          `places in ${holding.length === 0 ? 'no identity pool' : `identity pools ${holding.join(', ')}`}; ` +
          `name its pool (identityPoolId, or IDENTITY_ID@IDENTITY_POOL_ID on the command line)`,
      );
    }
    return { ...entry, identityPoolId: only };
  });
}

/** The pair to advertise: the first developer (not identity-bound) credentials, else the first. */
export function advertisedCredentials(list: readonly EmulatorCredentials[]): {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
} {
  const chosen = list.find((entry) => entry.identityId === undefined) ?? list[0];
  if (chosen === undefined) throw new Error('Invalid credentials: the list is empty');
  return { accessKeyId: chosen.accessKeyId, secretAccessKey: chosen.secretAccessKey };
}
