// Acceptance tests for the emulator's SigV4 checks and Cognito identity isolation, seen through the
// real AWS SDK v3 clients (and plain fetch for an unsigned request).
import {
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeIdentityPoolUsageCommand,
  DescribeIdentityUsageCommand,
  ListDatasetsCommand,
  ListIdentityPoolUsageCommand,
  ListRecordsCommand,
  NotAuthorizedException,
  UpdateRecordsCommand,
  type CognitoSyncClient,
} from '@aws-sdk/client-cognito-sync';
import { ListDatasetGroupsCommand, type PersonalizeClient } from '@aws-sdk/client-personalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator, Seed } from '../../src/emulator/types.js';
import { datasetNames, listAllDatasets, syncRecords } from '../helpers/cognito.js';
import { asSdkError, cognitoClient, personalizeClient, rejectionOf } from '../helpers/emulator.js';
import {
  cognitoDatasets,
  cognitoId,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/seeds.js';
import { personalizeRequest, signedFetch } from '../helpers/signed-fetch.js';

const POOL = cognitoId(0xa000);
const ALICE_ID = cognitoId(0xa11ce);
const BOB_ID = cognitoId(0xb0b);
const ALICE = { accessKeyId: 'ALICE', secretAccessKey: 'alice-secret', identityId: ALICE_ID };
const DEVELOPER = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The codes AWS answers a stale or future X-Amz-Date with, which SDK v3 knows as clock skew. */
const CLOCK_SKEW_CODES = [
  'InvalidSignatureException',
  'RequestExpired',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
];
const MISSING_AUTH_CODES = [
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'IncompleteSignatureException',
];
const TEN_MINUTES_MS = 10 * 60 * 1000;

const seed: Seed = {
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        identities: [
          { identityId: ALICE_ID, datasets: cognitoDatasets('alice', 2) },
          { identityId: BOB_ID, datasets: cognitoDatasets('bob', 3) },
        ],
      },
    ],
  },
  personalize: {
    schemas: personalizeSchemas(),
    datasetGroups: [personalizeGroup('auth-group', 2)],
  },
};

let emu: RunningEmulator;
let developer: CognitoSyncClient;
let alice: CognitoSyncClient;

beforeAll(async () => {
  emu = await startEmulator({ seed, credentials: [DEVELOPER, ALICE] });
  developer = cognitoClient(emu);
  alice = cognitoClient(emu, { credentials: ALICE });
});

afterAll(async () => {
  developer.destroy();
  alice.destroy();
  await emu.close();
});

function datasetsPath(identityId: string): string {
  return `/identitypools/${encodeURIComponent(POOL)}/identities/${encodeURIComponent(identityId)}/datasets`;
}

describe('requests without a valid signature', () => {
  it('refuses an unsigned Cognito Sync request with 403 and a named authentication error', async () => {
    emu.requests.clear();
    const response = await fetch(`${emu.url}${datasetsPath(BOB_ID)}`);
    const body = (await response.json()) as { __type?: string; message?: string };

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
    expect(MISSING_AUTH_CODES).toContain(body.__type);
    expect(response.headers.get('x-amzn-errortype')).toBe(body.__type);
    expect(body.message).toEqual(expect.any(String));
    expect(emu.requests.entries()).toEqual([
      expect.objectContaining({ service: 'cognito-sync', status: 403, errorCode: body.__type }),
    ]);
  });

  it('refuses an unsigned Personalize request with 403 and a named authentication error', async () => {
    const response = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonPersonalize.ListDatasets',
      },
      body: '{}',
    });
    const body = (await response.json()) as { __type?: string; message?: string };

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-amz-json-1\.1/);
    expect(MISSING_AUTH_CODES).toContain(body.__type);
    expect(body.message).toEqual(expect.any(String));
  });

  it('answers a wrong secret key with InvalidSignatureException, which the SDK does not retry', async () => {
    const wrongSecret = { accessKeyId: 'test', secretAccessKey: 'not-the-secret' };
    const cognito = cognitoClient(emu, { credentials: wrongSecret });
    const personalize = personalizeClient(emu, { credentials: wrongSecret });
    emu.requests.clear();
    try {
      const cognitoError = asSdkError(
        await rejectionOf(
          cognito.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: BOB_ID })),
        ),
      );
      const personalizeError = asSdkError(
        await rejectionOf(personalize.send(new ListDatasetGroupsCommand({}))),
      );

      expect(cognitoError.name).toBe('InvalidSignatureException');
      expect(personalizeError.name).toBe('InvalidSignatureException');
      expect(cognitoError.$metadata.httpStatusCode).toBeGreaterThanOrEqual(400);
      expect(cognitoError.$metadata.httpStatusCode).toBeLessThan(500);
      expect(emu.requests.count()).toBe(2);
    } finally {
      cognito.destroy();
      personalize.destroy();
    }
  });

  it('answers an unknown access key with UnrecognizedClientException', async () => {
    const stranger = { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'whatever' };
    const cognito = cognitoClient(emu, { credentials: stranger });
    const personalize = personalizeClient(emu, { credentials: stranger });
    try {
      const cognitoError = await rejectionOf(
        cognito.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: BOB_ID })),
      );
      const personalizeError = await rejectionOf(
        personalize.send(new ListDatasetGroupsCommand({})),
      );

      expect(asSdkError(cognitoError).name).toBe('UnrecognizedClientException');
      expect(asSdkError(personalizeError).name).toBe('UnrecognizedClientException');
    } finally {
      cognito.destroy();
      personalize.destroy();
    }
  });
});

describe('signatures that do not cover the request', () => {
  it('refuse a body changed after signing with InvalidSignatureException', async () => {
    const request = personalizeRequest('ListDatasets', { maxResults: 1 }, DEVELOPER);

    const response = await signedFetch(emu.url, {
      ...request,
      bodyOnTheWire: JSON.stringify({ maxResults: 2 }),
    });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body['__type']).toBe('InvalidSignatureException');
  });

  it('refuse a Personalize request signed for the cognito-sync service with InvalidSignatureException', async () => {
    const request = personalizeRequest('ListDatasets', {}, DEVELOPER);

    const response = await signedFetch(emu.url, { ...request, service: 'cognito-sync' });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body['__type']).toBe('InvalidSignatureException');
  });
});

describe('requests signed with a clock 10 minutes off', () => {
  it.each([
    ['behind', -TEN_MINUTES_MS],
    ['ahead', TEN_MINUTES_MS],
  ])(
    'rejects a signature dated 10 minutes %s with a clock-skew error',
    async (_label, systemClockOffset) => {
      const skewed = personalizeClient(emu, { maxAttempts: 1, systemClockOffset });
      try {
        const error = asSdkError(
          await rejectionOf(skewed.send(new ListDatasetGroupsCommand({}))),
        ) as {
          name: string;
        };
        expect(CLOCK_SKEW_CODES).toContain(error.name);
      } finally {
        skewed.destroy();
      }
    },
  );

  it("lets the SDK correct its clock from the response's Date header, so the next call succeeds", async () => {
    const skewed = cognitoClient(emu, { maxAttempts: 1, systemClockOffset: -TEN_MINUTES_MS });
    try {
      await expect(
        skewed.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: ALICE_ID })),
      ).rejects.toMatchObject({
        name: expect.stringMatching(new RegExp(CLOCK_SKEW_CODES.join('|'))) as unknown,
      });

      const retried = await skewed.send(
        new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: ALICE_ID }),
      );
      expect(retried.Count).toBe(2);
    } finally {
      skewed.destroy();
    }
  });

  it('is retried by a default client after the skew correction: the log shows a refused then a served attempt', async () => {
    // AWS answers "InvalidSignatureException: Signature expired: ..." and SDK v3 retries exactly that.
    const skewed: PersonalizeClient = personalizeClient(emu, {
      systemClockOffset: -TEN_MINUTES_MS,
    });
    emu.requests.clear();
    try {
      const response = await skewed.send(new ListDatasetGroupsCommand({}));

      expect(response.datasetGroups?.map((group) => group.name)).toEqual(['auth-group']);
      const attempts = emu.requests.entries({
        service: 'personalize',
        operation: 'ListDatasetGroups',
      });
      expect(attempts).toHaveLength(2);
      expect(CLOCK_SKEW_CODES).toContain(attempts[0]?.errorCode);
      expect(attempts[1]).toMatchObject({ status: 200, errorCode: undefined });
    } finally {
      skewed.destroy();
    }
  });
});

describe('identity-bound credentials', () => {
  it('list their own identity’s datasets', async () => {
    const { datasets } = await listAllDatasets(
      alice,
      { IdentityPoolId: POOL, IdentityId: ALICE_ID },
      10,
    );

    expect(datasetNames(datasets).sort()).toEqual(['alice-00', 'alice-01']);
  });

  it('read and write their own identity with every identity-scoped operation', async () => {
    const own = { IdentityPoolId: POOL, IdentityId: ALICE_ID };

    await syncRecords(alice, { ...own, DatasetName: 'alice-new' }, [
      { Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 },
    ]);
    const described = await alice.send(
      new DescribeDatasetCommand({ ...own, DatasetName: 'alice-new' }),
    );
    const usage = await alice.send(new DescribeIdentityUsageCommand(own));
    const deleted = await alice.send(
      new DeleteDatasetCommand({ ...own, DatasetName: 'alice-new' }),
    );

    expect(described.Dataset?.NumRecords).toBe(1);
    expect(usage.IdentityUsage?.IdentityId).toBe(ALICE_ID);
    expect(deleted.Dataset?.DatasetName).toBe('alice-new');
  });

  const bob = { IdentityPoolId: POOL, IdentityId: BOB_ID };
  it.each([
    ['ListDatasets', (c: CognitoSyncClient) => c.send(new ListDatasetsCommand(bob))],
    [
      'DescribeDataset',
      (c: CognitoSyncClient) =>
        c.send(new DescribeDatasetCommand({ ...bob, DatasetName: 'bob-00' })),
    ],
    [
      'ListRecords',
      (c: CognitoSyncClient) => c.send(new ListRecordsCommand({ ...bob, DatasetName: 'bob-00' })),
    ],
    [
      'UpdateRecords',
      (c: CognitoSyncClient) =>
        c.send(
          new UpdateRecordsCommand({
            ...bob,
            DatasetName: 'bob-00',
            SyncSessionToken: 'any-session',
            RecordPatches: [{ Op: 'replace', Key: 'key-0', Value: 'hijacked', SyncCount: 0 }],
          }),
        ),
    ],
    [
      'DeleteDataset',
      (c: CognitoSyncClient) => c.send(new DeleteDatasetCommand({ ...bob, DatasetName: 'bob-01' })),
    ],
    [
      'DescribeIdentityUsage',
      (c: CognitoSyncClient) => c.send(new DescribeIdentityUsageCommand(bob)),
    ],
  ])("get NotAuthorizedException from %s on another identity's data", async (_operation, call) => {
    emu.requests.clear();

    const error = await rejectionOf(call(alice));

    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect((error as NotAuthorizedException).$metadata.httpStatusCode).toBe(403);
    expect(emu.requests.count({ service: 'cognito-sync' })).toBe(1);
  });

  it.each([
    [
      'ListIdentityPoolUsage',
      (c: CognitoSyncClient) => c.send(new ListIdentityPoolUsageCommand({})),
    ],
    [
      'DescribeIdentityPoolUsage',
      (c: CognitoSyncClient) =>
        c.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId: POOL })),
    ],
  ])('get NotAuthorizedException from the developer-only %s', async (_operation, call) => {
    await expect(call(alice)).rejects.toBeInstanceOf(NotAuthorizedException);
  });

  it("leave the other identity's data untouched", async () => {
    const { datasets } = await listAllDatasets(
      developer,
      { IdentityPoolId: POOL, IdentityId: BOB_ID },
      10,
    );
    const records = await developer.send(
      new ListRecordsCommand({ IdentityPoolId: POOL, IdentityId: BOB_ID, DatasetName: 'bob-00' }),
    );

    expect(datasetNames(datasets).sort()).toEqual(['bob-00', 'bob-01', 'bob-02']);
    expect(records.Records?.map((record) => record.Value)).toEqual(['value-0-0']);
  });
});

describe('developer credentials', () => {
  it('read every identity of the pool', async () => {
    const aliceDatasets = await listAllDatasets(
      developer,
      { IdentityPoolId: POOL, IdentityId: ALICE_ID },
      10,
    );
    const bobDatasets = await listAllDatasets(
      developer,
      { IdentityPoolId: POOL, IdentityId: BOB_ID },
      10,
    );
    const pools = await developer.send(new ListIdentityPoolUsageCommand({}));

    expect(datasetNames(aliceDatasets.datasets).sort()).toEqual(['alice-00', 'alice-01']);
    expect(datasetNames(bobDatasets.datasets).sort()).toEqual(['bob-00', 'bob-01', 'bob-02']);
    expect(pools.IdentityPoolUsages?.map((usage) => usage.IdentityPoolId)).toEqual([POOL]);
  });
});
