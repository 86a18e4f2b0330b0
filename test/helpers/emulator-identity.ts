// Cognito Identity helpers for tests against the emulator: a real SDK v3 client given no
// credentials at all (GetId and GetCredentialsForIdentity are unsigned), and the enhanced authflow
// from a login token to the identity's credentials.
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  type CognitoIdentityClientConfig,
} from '@aws-sdk/client-cognito-identity';

import type { RunningEmulator } from '../../src/emulator/index.js';
import { REGION } from './emulator.js';

export function cognitoIdentityClient(
  emu: RunningEmulator,
  config: Omit<CognitoIdentityClientConfig, 'endpoint' | 'region'> = {},
): CognitoIdentityClient {
  return new CognitoIdentityClient({ endpoint: emu.url, region: REGION, ...config });
}

export interface IdentityCredentials {
  readonly identityId: string;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken: string;
  };
  readonly expiration: Date;
}

/** GetId, then GetCredentialsForIdentity, with the same login token. */
export async function identityCredentials(
  client: CognitoIdentityClient,
  emu: RunningEmulator,
  identityPoolId: string,
  token: string,
): Promise<IdentityCredentials> {
  const Logins = { [emu.identityProvider.loginProvider]: token };
  const { IdentityId } = await client.send(
    new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }),
  );
  const { Credentials } = await client.send(
    new GetCredentialsForIdentityCommand({ IdentityId, Logins }),
  );
  const { AccessKeyId, SecretKey, SessionToken, Expiration } = Credentials ?? {};
  if (
    IdentityId === undefined ||
    AccessKeyId === undefined ||
    SecretKey === undefined ||
    SessionToken === undefined ||
    Expiration === undefined
  ) {
    throw new Error('GetId or GetCredentialsForIdentity left out a member');
  }
  return {
    identityId: IdentityId,
    credentials: {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretKey,
      sessionToken: SessionToken,
    },
    expiration: Expiration,
  };
}

/**
 * Makes every request of an SDK v3 client carry `x-request-id`, added before signing as the
 * gateway does. Every client's stack is the same class; only its type parameters differ.
 */
export function sendRequestId(
  client: { readonly middlewareStack: object },
  requestId: string,
): void {
  const stack = client.middlewareStack as CognitoIdentityClient['middlewareStack'];
  stack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) request.headers['x-request-id'] = requestId;
      return next(args);
    },
    { step: 'build', name: 'emulatorTestRequestId' },
  );
}
