// Acceptance tests for the emulator's SigV4 checks and Cognito identity isolation, seen through the
// real AWS SDK v3 clients (and plain fetch for an unsigned request).
import {
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  ResourceNotFoundException,
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
import { formatAmzDate } from '../../src/emulator/protocol/authorization.js';
import type { EmulatorCredentials, RunningEmulator, Seed } from '../../src/emulator/index.js';
import { datasetNames, listAllDatasets, syncRecords } from '../helpers/cognito.js';
import { asSdkError, cognitoClient, personalizeClient, rejectionOf } from '../helpers/emulator.js';
import {
  cognitoDatasets,
  cognitoId,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/gateway-seeds.js';
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

/** Names every plain object inherits from Object.prototype, which a client may also choose. */
const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('client-chosen names that Object.prototype also has', () => {
  it.each(PROTOTYPE_NAMES)(
    'answer an unsigned GET /identitypools?%s=1 with the 403 for a missing signature, not a 500',
    async (name) => {
      emu.requests.clear();
      const response = await fetch(`${emu.url}/identitypools?${name}=1`);
      const body = (await response.json()) as { __type?: string };

      expect(response.status).toBe(403);
      expect(MISSING_AUTH_CODES).toContain(body.__type);
      expect(emu.requests.entries()).toEqual([
        expect.objectContaining({ operation: 'ListIdentityPoolUsage', status: 403 }),
      ]);
    },
  );

  it('are plain query parameters on a signed request, which is served', async () => {
    const query = Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, 'x']));

    const response = await signedFetch(emu.url, {
      service: 'cognito-sync',
      method: 'GET',
      path: '/identitypools',
      query: { ...query, maxResults: '5' },
      credentials: DEVELOPER,
    });

    expect(response.status).toBe(200);
    expect(response.body['IdentityPoolUsages']).toEqual([
      expect.objectContaining({ IdentityPoolId: POOL }),
    ]);
  });

  it.each(['toString', 'constructor', '__proto__'])(
    'refuse SignedHeaders naming %s with InvalidSignatureException (403), not a 500',
    async (name) => {
      const amzDate = formatAmzDate(new Date());
      const response = await fetch(`${emu.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonPersonalize.ListDatasetGroups',
          'x-amz-date': amzDate,
          authorization:
            `AWS4-HMAC-SHA256 Credential=test/${amzDate.slice(0, 8)}/us-east-1/personalize/aws4_request, ` +
            `SignedHeaders=host;x-amz-date;${name}, Signature=${'0'.repeat(64)}`,
        },
        body: '{}',
      });
      const body = (await response.json()) as { __type?: string };

      expect(response.status).toBe(403);
      expect(body.__type).toBe('InvalidSignatureException');
    },
  );

  it('are members like any other in a Personalize body: ignored when unknown', async () => {
    const body = JSON.parse(
      '{"constructor":"x","toString":1,"__proto__":{"maxResults":0},"maxResults":1}',
    ) as Record<string, unknown>;

    const response = await signedFetch(
      emu.url,
      personalizeRequest('ListDatasetGroups', body, DEVELOPER),
    );

    expect(response.status).toBe(200);
    expect(response.body['datasetGroups']).toEqual([
      expect.objectContaining({ name: 'auth-group' }),
    ]);
  });

  it('are no Personalize operations: X-Amz-Target AmazonPersonalize.constructor is unknown', async () => {
    const response = await signedFetch(emu.url, personalizeRequest('constructor', {}, DEVELOPER));

    expect(response.status).toBe(400);
    expect(response.body['__type']).toBe('UnknownOperationException');
  });

  it('are members like any other in a Cognito Sync record patch: a patch of only those is invalid', async () => {
    const response = await signedFetch(emu.url, {
      service: 'cognito-sync',
      method: 'POST',
      path: `${datasetsPath(BOB_ID)}/proto-patch`,
      headers: { 'content-type': 'application/json' },
      body:
        '{"SyncSessionToken":"s","__proto__":{"RecordPatches":[]},' +
        '"RecordPatches":[{"__proto__":{"Op":"replace","Key":"k","Value":"v","SyncCount":0},"constructor":1}]}',
      credentials: DEVELOPER,
    });

    expect(response.status).toBe(400);
    expect(response.body['__type']).toBe('InvalidParameterException');
  });
});

describe('identity-bound credentials and identity pools', () => {
  const HOME = cognitoId(0xc000);
  const AWAY = cognitoId(0xd000);
  const DAVE_ID = cognitoId(0xda7e);
  const CAROL_ID = cognitoId(0xca201); // an id that both pools hold
  // No pool named: bound to HOME, the one pool the seed places Dave in.
  const DAVE = { accessKeyId: 'DAVE', secretAccessKey: 'dave-secret', identityId: DAVE_ID };
  const CAROL = {
    accessKeyId: 'CAROL',
    secretAccessKey: 'carol-secret',
    identityId: CAROL_ID,
    identityPoolId: HOME,
  };
  const poolsSeed: Seed = {
    cognitoSync: {
      identityPools: [
        {
          identityPoolId: HOME,
          identities: [
            { identityId: DAVE_ID, datasets: cognitoDatasets('dave', 1) },
            { identityId: CAROL_ID, datasets: cognitoDatasets('carol-home', 2) },
          ],
        },
        {
          identityPoolId: AWAY,
          identities: [{ identityId: CAROL_ID, datasets: cognitoDatasets('carol-away', 3) }],
        },
      ],
    },
  };

  let pools: RunningEmulator;
  let dave: CognitoSyncClient;
  let carol: CognitoSyncClient;
  let admin: CognitoSyncClient;

  beforeAll(async () => {
    pools = await startEmulator({ seed: poolsSeed, credentials: [DEVELOPER, DAVE, CAROL] });
    dave = cognitoClient(pools, { credentials: DAVE, maxAttempts: 1 });
    carol = cognitoClient(pools, { credentials: CAROL, maxAttempts: 1 });
    admin = cognitoClient(pools);
  });

  afterAll(async () => {
    dave.destroy();
    carol.destroy();
    admin.destroy();
    await pools.close();
  });

  it('reach their identity in the pool the seed places it in, when no pool is named', async () => {
    const { datasets } = await listAllDatasets(
      dave,
      { IdentityPoolId: HOME, IdentityId: DAVE_ID },
      5,
    );

    expect(datasetNames(datasets)).toEqual(['dave-00']);
  });

  it('cannot create their identity in another pool: NotAuthorizedException, and nothing is written', async () => {
    const away = { IdentityPoolId: AWAY, IdentityId: DAVE_ID, DatasetName: 'planted' };

    const error = await rejectionOf(
      dave.send(
        new UpdateRecordsCommand({
          ...away,
          SyncSessionToken: 'session',
          RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }],
        }),
      ),
    );

    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect((error as NotAuthorizedException).$metadata.httpStatusCode).toBe(403);
    await expect(
      admin.send(new DescribeIdentityUsageCommand({ IdentityPoolId: AWAY, IdentityId: DAVE_ID })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('reach only the named pool when the same identity id is in two pools', async () => {
    const home = await listAllDatasets(carol, { IdentityPoolId: HOME, IdentityId: CAROL_ID }, 5);
    const away = await rejectionOf(
      carol.send(new ListDatasetsCommand({ IdentityPoolId: AWAY, IdentityId: CAROL_ID })),
    );

    expect(datasetNames(home.datasets)).toEqual(['carol-home-00', 'carol-home-01']);
    expect(away).toBeInstanceOf(NotAuthorizedException);
  });

  it.each<[string, EmulatorCredentials, RegExp]>([
    [
      'an identity the seed places in no pool',
      { accessKeyId: 'X', secretAccessKey: 'x', identityId: cognitoId(0xeeee) },
      /in no identity pool/,
    ],
    [
      'an identity the seed places in two pools, without naming one',
      { accessKeyId: 'X', secretAccessKey: 'x', identityId: CAROL_ID },
      /in identity pools .*name its pool/,
    ],
    [
      'a pool the seed does not hold',
      { accessKeyId: 'X', secretAccessKey: 'x', identityId: DAVE_ID, identityPoolId: POOL },
      /does not hold/,
    ],
    [
      'a pool without an identity',
      { accessKeyId: 'X', secretAccessKey: 'x', identityPoolId: HOME },
      /identityPoolId/,
    ],
  ])('are refused at start when bound to %s', async (_case, credentials, message) => {
    await expect(startEmulator({ seed: poolsSeed, credentials: [credentials] })).rejects.toThrow(
      message,
    );
  });
});
