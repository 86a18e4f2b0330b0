import {
  CognitoSyncClient,
  ListDatasetsCommand,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const POOL = 'us-east-1:5a0c1e2d-0000-4000-8000-000000000001';
const IDENTITY = 'us-east-1:7b1d2f3e-0000-4000-8000-000000000002';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { cognitoSync: { identityPools: [{ identityPoolId: POOL, identities: [] }] } },
  });
});

afterAll(async () => {
  await emulator.close();
});

it('lets the real Cognito Sync client write a record and then list the dataset it created', async () => {
  const client = new CognitoSyncClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: emulator.credentials,
  });
  const written = await client.send(
    new UpdateRecordsCommand({
      IdentityPoolId: POOL,
      IdentityId: IDENTITY,
      DatasetName: 'settings',
      SyncSessionToken: 'session',
      DeviceId: 'phone',
      RecordPatches: [{ Op: 'replace', Key: 'theme', Value: 'dark', SyncCount: 0 }],
    }),
  );
  expect(written.Records).toMatchObject([
    { Key: 'theme', Value: 'dark', SyncCount: 1, LastModifiedBy: 'phone' },
  ]);

  const listed = await client.send(
    new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: IDENTITY }),
  );
  expect(listed.Count).toBe(1);
  expect(listed.NextToken).toBeUndefined();
  expect(listed.Datasets).toMatchObject([
    {
      IdentityId: IDENTITY,
      DatasetName: 'settings',
      NumRecords: 1,
      DataStorage: 'theme'.length + 'dark'.length,
    },
  ]);
  expect(listed.Datasets?.[0]?.CreationDate).toBeInstanceOf(Date);
  expect(emulator.requests.count({ service: 'cognito-sync', servedOnly: true })).toBe(2);
});
