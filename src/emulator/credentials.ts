// The credentials the emulator accepts, and who each pair speaks for.
import { z } from 'zod';
import type { EmulatorCredentials } from './types.js';

/** The conventional local-emulator pair: developer credentials with full access. */
export const DEFAULT_CREDENTIALS: readonly EmulatorCredentials[] = [
  { accessKeyId: 'test', secretAccessKey: 'test' },
];

const credentialsSchema = z
  .array(
    z.strictObject({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      identityId: z.string().min(1).optional(),
      sessionToken: z.string().min(1).optional(),
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

/** Parses the CLI form `ACCESS_KEY_ID:SECRET[:IDENTITY_ID]` (identity ids contain `:` themselves). */
export function parseCredentialsFlag(text: string): EmulatorCredentials {
  const [accessKeyId = '', secretAccessKey = '', ...identity] = text.split(':');
  if (accessKeyId === '' || secretAccessKey === '') {
    throw new Error(`Invalid --credentials "${text}": expected ACCESS_KEY_ID:SECRET[:IDENTITY_ID]`);
  }
  const identityId = identity.join(':');
  return identityId === ''
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId, secretAccessKey, identityId };
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
