// Client factories and small utilities shared by the emulator's over-HTTP acceptance tests.
// Every client is a real AWS SDK v3 client pointed at a running emulator.
import { CognitoSyncClient, type CognitoSyncClientConfig } from '@aws-sdk/client-cognito-sync';
import { PersonalizeClient, type PersonalizeClientConfig } from '@aws-sdk/client-personalize';

import type { RequestLogEntry, RunningEmulator } from '../../src/emulator/index.js';

export const REGION = 'us-east-1';

export interface ClientCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function cognitoClient(
  emu: RunningEmulator,
  config: Omit<CognitoSyncClientConfig, 'endpoint' | 'region'> = {},
): CognitoSyncClient {
  return new CognitoSyncClient({
    endpoint: emu.url,
    region: REGION,
    credentials: emu.credentials,
    ...config,
  });
}

export function personalizeClient(
  emu: RunningEmulator,
  config: Omit<PersonalizeClientConfig, 'endpoint' | 'region'> = {},
): PersonalizeClient {
  return new PersonalizeClient({
    endpoint: emu.url,
    region: REGION,
    credentials: emu.credentials,
    ...config,
  });
}

/** Resolves to what the promise rejected with; fails the test when it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The HTTP status and error fields every SDK v3 service exception carries. */
export interface SdkErrorShape {
  readonly name: string;
  readonly message: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata: {
    readonly httpStatusCode?: number;
    readonly requestId?: string;
    readonly attempts?: number;
  };
}

export function isSdkError(error: unknown): error is SdkErrorShape {
  return typeof error === 'object' && error !== null && 'name' in error && '$metadata' in error;
}

/** Narrows an unknown rejection to an SDK service error, failing loudly otherwise. */
export function asSdkError(error: unknown): SdkErrorShape {
  if (!isSdkError(error)) {
    throw new Error(`expected an AWS SDK service error, got ${String(error)}`, { cause: error });
  }
  return error;
}

/** The calls the emulator answered for one gateway request (its `x-request-id`), oldest first. */
export function callsOf(emulator: RunningEmulator, requestId: string): readonly RequestLogEntry[] {
  return emulator.requests.entries().filter((entry) => entry.clientRequestId === requestId);
}
