// Acceptance tests for the emulator's user pool and Cognito Identity, through the real AWS SDK v3
// clients over HTTP: login tokens become identity-bound credentials, which Cognito Sync confines
// to their identity and Personalize admits only as far as the pool's authenticated role allows.
import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  TooManyRequestsException,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import {
  ListDatasetsCommand,
  NotAuthorizedException as SyncNotAuthorizedException,
} from '@aws-sdk/client-cognito-sync';
import {
  CreateSchemaCommand,
  DescribeDatasetGroupCommand,
  ListDatasetGroupsCommand,
} from '@aws-sdk/client-personalize';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { EmulatorCredentials, RunningEmulator, Seed } from '../../src/emulator/index.js';
import { datasetNames, listAllDatasets } from '../helpers/cognito.js';
import {
  cognitoIdentityClient,
  identityCredentials,
  sendRequestId,
  type IdentityCredentials,
} from '../helpers/emulator-identity.js';
import { asSdkError, cognitoClient, personalizeClient, rejectionOf } from '../helpers/emulator.js';
import {
  cognitoDatasets,
  cognitoId,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/gateway-seeds.js';

/** The emulator user pool's Logins key for a seed without a region (us-east-1). */
const LOGIN_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_EmuPool01';
const READER_POOL = cognitoId(0xa100);
const PLAIN_POOL = cognitoId(0xa200);
const ALICE_ID = cognitoId(0xa11ce);
const BOB_ID = cognitoId(0xb0b);
const CAROL_ID = cognitoId(0xca201);
const DAVE_ID = cognitoId(0xda7e);
const ONE_HOUR_MS = 3600_000;

const seed: Seed = {
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: READER_POOL,
        authenticatedRole: { personalizeRead: true },
        identities: [
          {
            identityId: ALICE_ID,
            logins: { [LOGIN_PROVIDER]: 'alice' },
            datasets: cognitoDatasets('alice', 2),
          },
          {
            identityId: BOB_ID,
            logins: { [LOGIN_PROVIDER]: 'bob' },
            datasets: cognitoDatasets('bob', 3),
          },
          { identityId: CAROL_ID, datasets: cognitoDatasets('carol', 1) },
        ],
      },
      {
        identityPoolId: PLAIN_POOL,
        identities: [{ identityId: DAVE_ID, logins: { [LOGIN_PROVIDER]: 'dave' }, datasets: [] }],
      },
    ],
  },
  personalize: { schemas: personalizeSchemas(), datasetGroups: [personalizeGroup('idp-group', 2)] },
};

const DEVELOPER: EmulatorCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** Seeded identity-bound credentials, one in each pool. */
const CAROL: EmulatorCredentials = {
  accessKeyId: 'CAROL',
  secretAccessKey: 'carol-secret',
  identityId: CAROL_ID,
};
const DAVE_SEEDED: EmulatorCredentials = {
  accessKeyId: 'DAVE',
  secretAccessKey: 'dave-secret',
  identityId: DAVE_ID,
};

let emu: RunningEmulator;
let identity: CognitoIdentityClient;
/** Added to the emulator's clock, to make issued credentials expire without waiting. */
let clockOffsetMs = 0;

beforeAll(async () => {
  emu = await startEmulator({
    seed,
    credentials: [DEVELOPER, CAROL, DAVE_SEEDED],
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  // No credentials at all: the client must send GetId and GetCredentialsForIdentity unsigned.
  identity = cognitoIdentityClient(emu);
});

afterEach(() => {
  clockOffsetMs = 0;
  emu.faults.clear();
});

afterAll(async () => {
  identity.destroy();
  await emu.close();
});

function tokenFor(subject: string): Promise<string> {
  return emu.identityProvider.issueToken({ subject });
}

async function credentialsOf(subject: string, pool = READER_POOL): Promise<IdentityCredentials> {
  return identityCredentials(identity, emu, pool, await tokenFor(subject));
}

/** A token with the claims and key id of a genuine one, signed by a key the emulator never saw. */
async function forgedToken(subject: string): Promise<string> {
  const genuine = await tokenFor(subject);
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(decodeJwt(genuine))
    .setProtectedHeader({ ...decodeProtectedHeader(genuine), alg: 'ES256' })
    .sign(privateKey);
}

describe('the built-in user pool', () => {
  it('is named as the team contract says', () => {
    expect(emu.identityProvider).toMatchObject({
      userPoolId: 'us-east-1_EmuPool01',
      issuer: `https://${LOGIN_PROVIDER}`,
      loginProvider: LOGIN_PROVIDER,
      clientId: 'emulator-client',
      jwksUrl: `${emu.url}/us-east-1_EmuPool01/.well-known/jwks.json`,
    });
  });

  it("serves a JWKS that verifies its tokens with jose's remote key set, and only its tokens", async () => {
    const jwks = createRemoteJWKSet(new URL(emu.identityProvider.jwksUrl));
    const expected = {
      issuer: emu.identityProvider.issuer,
      audience: emu.identityProvider.clientId,
    };
    const token = await emu.identityProvider.issueToken({
      subject: 'alice',
      claims: { scope: 'datasets:read', identity_ids: [ALICE_ID] },
    });

    const { payload } = await jwtVerify(token, jwks, expected);

    expect(payload).toMatchObject({
      sub: 'alice',
      scope: 'datasets:read',
      identity_ids: [ALICE_ID],
    });
    await expect(jwtVerify(await forgedToken('alice'), jwks, expected)).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('issues tokens through the loopback admin endpoint too, and validates the request', async () => {
    const issued = await fetch(`${emu.url}/_emulator/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'bob', expiresInSeconds: 600, claims: { scope: 'x' } }),
    });
    const { token } = (await issued.json()) as { token: string };
    const refused = await fetch(`${emu.url}/_emulator/tokens`, {
      method: 'POST',
      body: JSON.stringify({ subject: 'bob', claims: { sub: 'alice' } }),
    });

    expect(issued.status).toBe(200);
    expect(decodeJwt(token)).toMatchObject({ sub: 'bob', scope: 'x' });
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: READER_POOL, Logins: { [LOGIN_PROVIDER]: token } }),
    );
    expect(IdentityId).toBe(BOB_ID);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ __type: 'InvalidParameterException' });
  });
});

describe('GetId and GetCredentialsForIdentity', () => {
  it('turn a login token into credentials of its identity, sent unsigned by the SDK', async () => {
    emu.requests.clear();
    const before = Date.now();

    const issued = await credentialsOf('alice');

    expect(issued.identityId).toBe(ALICE_ID);
    expect(issued.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(issued.credentials.sessionToken.length).toBeGreaterThan(100);
    expect(issued.expiration.getTime()).toBeGreaterThanOrEqual(before + ONE_HOUR_MS - 1000);
    expect(issued.expiration.getTime()).toBeLessThanOrEqual(Date.now() + ONE_HOUR_MS + 1000);
    expect(
      emu.requests.entries({ service: 'cognito-identity' }).map((entry) => ({
        operation: entry.operation,
        status: entry.status,
        accessKeyId: entry.accessKeyId,
      })),
    ).toEqual([
      { operation: 'GetId', status: 200, accessKeyId: undefined },
      { operation: 'GetCredentialsForIdentity', status: 200, accessKeyId: undefined },
    ]);
  });

  it('give credentials that list their own datasets through Cognito Sync', async () => {
    const { credentials } = await credentialsOf('alice');
    const sync = cognitoClient(emu, { credentials });
    try {
      const { datasets } = await listAllDatasets(
        sync,
        { IdentityPoolId: READER_POOL, IdentityId: ALICE_ID },
        10,
      );
      expect(datasetNames(datasets).sort()).toEqual(['alice-00', 'alice-01']);
    } finally {
      sync.destroy();
    }
  });

  it("give credentials that are refused another identity's datasets", async () => {
    const { credentials } = await credentialsOf('alice');
    const sync = cognitoClient(emu, { credentials });
    try {
      const error = await rejectionOf(
        sync.send(new ListDatasetsCommand({ IdentityPoolId: READER_POOL, IdentityId: BOB_ID })),
      );
      expect(error).toBeInstanceOf(SyncNotAuthorizedException);
    } finally {
      sync.destroy();
    }
  });

  it('create an identity without datasets for a subject the pool has not seen, once', async () => {
    const first = await credentialsOf('newcomer', PLAIN_POOL);
    const again = await credentialsOf('newcomer', PLAIN_POOL);
    const sync = cognitoClient(emu, { credentials: first.credentials });
    try {
      const listing = await sync.send(
        new ListDatasetsCommand({ IdentityPoolId: PLAIN_POOL, IdentityId: first.identityId }),
      );

      expect(first.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
      expect([ALICE_ID, BOB_ID, CAROL_ID, DAVE_ID]).not.toContain(first.identityId);
      expect(again.identityId).toBe(first.identityId);
      expect(listing.Datasets).toEqual([]);
    } finally {
      sync.destroy();
    }
  });

  it.each([
    [
      'an expired token',
      () => emu.identityProvider.issueToken({ subject: 'alice', expiresInSeconds: -60 }),
    ],
    ['a token signed by another key', () => forgedToken('alice')],
    [
      'a token for another audience',
      () => emu.identityProvider.issueToken({ subject: 'alice', audience: 'other-app' }),
    ],
    ["another subject's token", () => tokenFor('bob')],
  ])('refuse credentials for %s with NotAuthorizedException (403)', async (_case, token) => {
    const error = await rejectionOf(
      identity.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: ALICE_ID,
          Logins: { [LOGIN_PROVIDER]: await token() },
        }),
      ),
    );

    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect(asSdkError(error).$metadata.httpStatusCode).toBe(403);
  });

  it.each([
    [
      'an expired token',
      () => emu.identityProvider.issueToken({ subject: 'alice', expiresInSeconds: -60 }),
    ],
    ['a token signed by another key', () => forgedToken('alice')],
    [
      'a token for another audience',
      () => emu.identityProvider.issueToken({ subject: 'alice', audience: 'other-app' }),
    ],
  ])('refuse an identity id for %s with NotAuthorizedException', async (_case, token) => {
    const error = await rejectionOf(
      identity.send(
        new GetIdCommand({
          IdentityPoolId: READER_POOL,
          Logins: { [LOGIN_PROVIDER]: await token() },
        }),
      ),
    );
    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect(asSdkError(error).message).toMatch(/^Invalid login token\. /);
  });

  it('refuse a request without logins or with a provider the pool does not trust', async () => {
    const token = await tokenFor('alice');
    for (const Logins of [undefined, { 'accounts.google.com': token }]) {
      const error = await rejectionOf(
        identity.send(new GetIdCommand({ IdentityPoolId: READER_POOL, Logins })),
      );
      expect(error).toBeInstanceOf(NotAuthorizedException);
    }
  });

  it('answer ResourceNotFoundException (404) for an unknown identity pool', async () => {
    const error = await rejectionOf(
      identity.send(
        new GetIdCommand({
          IdentityPoolId: cognitoId(0xdead),
          Logins: { [LOGIN_PROVIDER]: await tokenFor('alice') },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(asSdkError(error).$metadata.httpStatusCode).toBe(404);
  });

  it('are throttled with their modelled TooManyRequestsException (429) by a fault rule', async () => {
    emu.faults.set([{ service: 'cognito-identity', operation: 'GetId', throttleRate: 1 }]);
    const once = cognitoIdentityClient(emu, { maxAttempts: 1 });
    try {
      const error = await rejectionOf(
        once.send(
          new GetIdCommand({
            IdentityPoolId: READER_POOL,
            Logins: { [LOGIN_PROVIDER]: await tokenFor('alice') },
          }),
        ),
      );
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect(asSdkError(error).$metadata.httpStatusCode).toBe(429);
    } finally {
      once.destroy();
    }
  });

  it('never write a login token to the request log', async () => {
    emu.requests.clear();
    const token = await tokenFor('alice');
    await identity.send(
      new GetIdCommand({ IdentityPoolId: READER_POOL, Logins: { [LOGIN_PROVIDER]: token } }),
    );

    const [entry] = emu.requests.entries({ service: 'cognito-identity' });
    expect(entry?.input).toEqual({
      IdentityPoolId: READER_POOL,
      Logins: { [LOGIN_PROVIDER]: '[redacted]' },
    });
    expect(JSON.stringify(emu.requests.entries())).not.toContain(token.slice(0, 40));
  });
});

describe('issued credentials past their expiration', () => {
  it('get ExpiredTokenException (403) from Cognito Sync and Personalize', async () => {
    const { credentials, expiration } = await credentialsOf('alice');
    const sync = cognitoClient(emu, { credentials, maxAttempts: 1 });
    const personalize = personalizeClient(emu, { credentials, maxAttempts: 1 });
    const list = () =>
      sync.send(new ListDatasetsCommand({ IdentityPoolId: READER_POOL, IdentityId: ALICE_ID }));
    try {
      await expect(list()).resolves.toMatchObject({ Count: 2 });

      clockOffsetMs = expiration.getTime() - Date.now() + 1000;
      const errorsSeen = [
        asSdkError(await rejectionOf(list())),
        asSdkError(await rejectionOf(personalize.send(new ListDatasetGroupsCommand({})))),
      ];

      for (const error of errorsSeen) {
        expect(error.name).toBe('ExpiredTokenException');
        expect(error.$metadata.httpStatusCode).toBe(403);
      }
    } finally {
      sync.destroy();
      personalize.destroy();
    }
  });
});

describe('identity-bound credentials calling Personalize', () => {
  it('read datasets groups when their pool grants personalizeRead', async () => {
    const { credentials } = await credentialsOf('alice');
    const personalize = personalizeClient(emu, { credentials });
    try {
      const listed = await personalize.send(new ListDatasetGroupsCommand({}));
      const [group] = listed.datasetGroups ?? [];
      const described = await personalize.send(
        new DescribeDatasetGroupCommand({ datasetGroupArn: group?.datasetGroupArn }),
      );
      expect(described.datasetGroup?.name).toBe('idp-group');
    } finally {
      personalize.destroy();
    }
  });

  it('may not write even then', async () => {
    const { credentials } = await credentialsOf('alice');
    const personalize = personalizeClient(emu, { credentials });
    try {
      const error = asSdkError(
        await rejectionOf(
          personalize.send(
            new CreateSchemaCommand({ name: 'sneaky', schema: personalizeSchemas()[0]?.schema }),
          ),
        ),
      );
      expect(error.name).toBe('AccessDeniedException');
    } finally {
      personalize.destroy();
    }
  });

  it('get AccessDeniedException when their pool does not grant it', async () => {
    const { credentials } = await credentialsOf('dave', PLAIN_POOL);
    const personalize = personalizeClient(emu, { credentials });
    try {
      const error = asSdkError(
        await rejectionOf(personalize.send(new ListDatasetGroupsCommand({}))),
      );
      expect(error.name).toBe('AccessDeniedException');
    } finally {
      personalize.destroy();
    }
  });

  it('follow the same rule when they are seeded rather than issued', async () => {
    const carol = personalizeClient(emu, { credentials: CAROL });
    const dave = personalizeClient(emu, { credentials: DAVE_SEEDED });
    try {
      const listed = await carol.send(new ListDatasetGroupsCommand({}));
      const refused = asSdkError(await rejectionOf(dave.send(new ListDatasetGroupsCommand({}))));

      expect(listed.datasetGroups?.map((group) => group.name)).toEqual(['idp-group']);
      expect(refused.name).toBe('AccessDeniedException');
    } finally {
      carol.destroy();
      dave.destroy();
    }
  });
});

describe('the request log', () => {
  it("records each call's x-request-id as clientRequestId, in every service", async () => {
    const sync = cognitoClient(emu);
    const personalize = personalizeClient(emu);
    const identityWithId = cognitoIdentityClient(emu);
    sendRequestId(sync, 'gateway-req-1');
    sendRequestId(personalize, 'gateway-req-2');
    sendRequestId(identityWithId, 'gateway-req-3');
    emu.requests.clear();
    try {
      await sync.send(new ListDatasetsCommand({ IdentityPoolId: READER_POOL, IdentityId: BOB_ID }));
      await personalize.send(new ListDatasetGroupsCommand({}));
      await identityWithId.send(
        new GetIdCommand({
          IdentityPoolId: READER_POOL,
          Logins: { [LOGIN_PROVIDER]: await tokenFor('bob') },
        }),
      );
      await identity.send(
        new GetIdCommand({
          IdentityPoolId: READER_POOL,
          Logins: { [LOGIN_PROVIDER]: await tokenFor('bob') },
        }),
      );

      expect(emu.requests.entries().map((entry) => [entry.service, entry.clientRequestId])).toEqual(
        [
          ['cognito-sync', 'gateway-req-1'],
          ['personalize', 'gateway-req-2'],
          ['cognito-identity', 'gateway-req-3'],
          ['cognito-identity', undefined],
        ],
      );
    } finally {
      sync.destroy();
      personalize.destroy();
      identityWithId.destroy();
    }
  });
});
