// Acceptance tests for the emulator's Amazon Cognito Sync (restJson1), driven by the real AWS SDK v3
// client over HTTP. Expectations come from the service model and the AWS documentation.
import {
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeIdentityPoolUsageCommand,
  DescribeIdentityUsageCommand,
  InvalidParameterException,
  LimitExceededException,
  ListDatasetsCommand,
  ListIdentityPoolUsageCommand,
  ListRecordsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateRecordsCommand,
  type CognitoSyncClient,
  type Dataset,
  type IdentityPoolUsage,
} from '@aws-sdk/client-cognito-sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator, Seed, SeedCognitoDataset } from '../../src/emulator/index.js';
import {
  datasetNames,
  listAllDatasets,
  syncRecords,
  utf8Length,
  type DatasetRef,
} from '../helpers/cognito.js';
import { cognitoClient } from '../helpers/emulator.js';
import { cognitoDatasets, cognitoId, seedTime } from '../helpers/gateway-seeds.js';
import { signedFetch } from '../helpers/signed-fetch.js';

const POOL = cognitoId(0xa000);
const OTHER_POOL = cognitoId(0xb000);
const PAGED = cognitoId(1); // 20 datasets, read only
const NEIGHBOUR = cognitoId(2); // 5 datasets, read only
const SHRINKING = cognitoId(3); // 10 datasets, some deleted while paging
const FULL = cognitoId(4); // at the 20-dataset quota
const WRITER = cognitoId(5); // starts empty; the write tests create datasets here
const DESCRIBED = cognitoId(6); // 3 datasets with known records
const EMPTY = cognitoId(7); // no datasets
const LONE = cognitoId(8); // the only identity of OTHER_POOL
const CROWDED = cognitoId(9); // 17 datasets, filled past the quota concurrently
const TALLIED = cognitoId(10); // one dataset rewritten many ways, its size checked each time

const WRITER_CREDENTIALS = {
  accessKeyId: 'WRITER',
  secretAccessKey: 'writer-secret',
  identityId: WRITER,
};

const DESCRIBED_DATASETS: SeedCognitoDataset[] = [
  {
    name: 'profile',
    creationDate: seedTime(0),
    lastModifiedDate: seedTime(5),
    lastModifiedBy: 'seed-device',
    records: [
      { key: 'name', value: 'Bob' },
      { key: 'email', value: 'bob@example.com' },
    ],
  },
  {
    name: 'settings',
    creationDate: seedTime(10),
    lastModifiedDate: seedTime(15),
    lastModifiedBy: 'seed-device',
    records: [{ key: 'theme', value: 'dark' }],
  },
  {
    name: 'scores',
    creationDate: seedTime(20),
    lastModifiedDate: seedTime(25),
    lastModifiedBy: 'seed-device',
    records: [
      { key: 'level-1', value: '100' },
      { key: 'level-2', value: '250' },
      { key: 'level-3', value: '75' },
    ],
  },
];

const seed: Seed = {
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        identities: [
          { identityId: PAGED, datasets: cognitoDatasets('paged', 20, 2) },
          { identityId: NEIGHBOUR, datasets: cognitoDatasets('neighbour', 5) },
          { identityId: SHRINKING, datasets: cognitoDatasets('shrink', 10) },
          { identityId: FULL, datasets: cognitoDatasets('full', 20) },
          { identityId: WRITER, datasets: [] },
          { identityId: DESCRIBED, datasets: DESCRIBED_DATASETS },
          { identityId: EMPTY, datasets: [] },
          { identityId: CROWDED, datasets: cognitoDatasets('crowded', 17) },
          { identityId: TALLIED, datasets: cognitoDatasets('tallied', 1, 3) },
        ],
      },
      {
        identityPoolId: OTHER_POOL,
        identities: [{ identityId: LONE, datasets: cognitoDatasets('lone', 2) }],
      },
    ],
  },
};

let emu: RunningEmulator;
let client: CognitoSyncClient;
/** Asserts first-attempt behaviour: the SDK retries LimitExceededException as throttling. */
let singleAttempt: CognitoSyncClient;

beforeAll(async () => {
  emu = await startEmulator({
    seed,
    credentials: [{ accessKeyId: 'test', secretAccessKey: 'test' }, WRITER_CREDENTIALS],
  });
  client = cognitoClient(emu);
  singleAttempt = cognitoClient(emu, { maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  singleAttempt.destroy();
  await emu.close();
});

function ref(IdentityId: string, DatasetName: string): DatasetRef {
  return { IdentityPoolId: POOL, IdentityId, DatasetName };
}

async function describeDataset(dataset: DatasetRef): Promise<Dataset> {
  const { Dataset: described } = await client.send(new DescribeDatasetCommand(dataset));
  if (!described) throw new Error(`DescribeDataset returned no Dataset for ${dataset.DatasetName}`);
  return described;
}

function expectSeededDataset(
  dataset: Dataset | undefined,
  identityId: string,
  seeded: SeedCognitoDataset,
): void {
  const keyBytes = seeded.records.reduce((sum, record) => sum + utf8Length(record.key), 0);
  const valueBytes = seeded.records.reduce((sum, record) => sum + utf8Length(record.value), 0);
  expect(dataset).toMatchObject({
    IdentityId: identityId,
    DatasetName: seeded.name,
    CreationDate: new Date(seeded.creationDate),
    LastModifiedDate: new Date(seeded.lastModifiedDate ?? seeded.creationDate),
    LastModifiedBy: 'seed-device',
    NumRecords: seeded.records.length,
  });
  expect(dataset?.CreationDate).toBeInstanceOf(Date);
  expect(dataset?.LastModifiedDate).toBeInstanceOf(Date);
  // "Total size in bytes of the records in this dataset": at least the values, at most keys + values.
  expect(dataset?.DataStorage).toBeGreaterThanOrEqual(valueBytes);
  expect(dataset?.DataStorage).toBeLessThanOrEqual(keyBytes + valueBytes);
}

describe('ListDatasets', () => {
  it("lists an identity's datasets with their record counts, sizes and timestamps as Dates", async () => {
    const page = await client.send(
      new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: DESCRIBED, MaxResults: 10 }),
    );

    expect(page.$metadata.httpStatusCode).toBe(200);
    expect(page.$metadata.requestId).toEqual(expect.any(String));
    expect(page.$metadata.requestId).not.toBe('');
    expect(page.Count).toBe(3);
    expect(page.NextToken ?? undefined).toBeUndefined();
    expect([...datasetNames(page.Datasets ?? [])].sort()).toEqual([
      'profile',
      'scores',
      'settings',
    ]);
    for (const seeded of DESCRIBED_DATASETS) {
      expectSeededDataset(
        page.Datasets?.find((dataset) => dataset.DatasetName === seeded.name),
        DESCRIBED,
        seeded,
      );
    }
  });

  it('returns an empty list, not an error, for an identity without datasets', async () => {
    const page = await client.send(
      new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: EMPTY }),
    );

    expect(page.Datasets ?? []).toEqual([]);
    expect(page.Count).toBe(0);
    expect(page.NextToken ?? undefined).toBeUndefined();
  });

  it('pages through 20 datasets with every page size from 1 to 20, each dataset exactly once and in one order', async () => {
    const reference = await listAllDatasets(
      client,
      { IdentityPoolId: POOL, IdentityId: PAGED },
      1000,
    );
    const order = datasetNames(reference.datasets);
    expect([...order].sort()).toEqual(cognitoDatasets('paged', 20).map((dataset) => dataset.name));
    expect(reference.pages).toHaveLength(1);

    for (let pageSize = 1; pageSize <= 20; pageSize += 1) {
      const walk = await listAllDatasets(
        client,
        { IdentityPoolId: POOL, IdentityId: PAGED },
        pageSize,
      );
      expect(datasetNames(walk.datasets), `page size ${pageSize}`).toEqual(order);
      expect(walk.pages.length, `page size ${pageSize}`).toBeLessThanOrEqual(
        Math.ceil(20 / pageSize) + 1,
      );
      for (const page of walk.pages) {
        expect(page.Datasets?.length ?? 0).toBeLessThanOrEqual(pageSize);
        expect(page.Count).toBe(page.Datasets?.length ?? 0);
      }
    }
  });

  it('rejects a next token issued for another identity with InvalidParameterException', async () => {
    const first = await client.send(
      new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: PAGED, MaxResults: 2 }),
    );
    expect(first.NextToken).toEqual(expect.any(String));

    await expect(
      client.send(
        new ListDatasetsCommand({
          IdentityPoolId: POOL,
          IdentityId: NEIGHBOUR,
          MaxResults: 2,
          NextToken: first.NextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('rejects a ListIdentityPoolUsage token on ListDatasets with InvalidParameterException', async () => {
    const pools = await client.send(new ListIdentityPoolUsageCommand({ MaxResults: 1 }));
    expect(pools.NextToken).toEqual(expect.any(String));

    await expect(
      client.send(
        new ListDatasetsCommand({
          IdentityPoolId: POOL,
          IdentityId: PAGED,
          NextToken: pools.NextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('rejects forged and tampered next tokens with InvalidParameterException', async () => {
    const first = await client.send(
      new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: PAGED, MaxResults: 3 }),
    );
    const genuine = first.NextToken ?? '';
    expect(genuine).not.toBe('');
    const middle = Math.floor(genuine.length / 2);
    const tampered = `${genuine.slice(0, middle)}${genuine[middle] === 'A' ? 'B' : 'A'}${genuine.slice(middle + 1)}`;
    const forged = [
      'not-a-token',
      Buffer.from(JSON.stringify({ offset: 3 })).toString('base64'),
      tampered,
    ];

    for (const NextToken of forged) {
      await expect(
        client.send(
          new ListDatasetsCommand({
            IdentityPoolId: POOL,
            IdentityId: PAGED,
            MaxResults: 3,
            NextToken,
          }),
        ),
        NextToken,
      ).rejects.toBeInstanceOf(InvalidParameterException);
    }
  });

  it('neither skips nor repeats datasets when datasets are deleted between pages', async () => {
    const identity = { IdentityPoolId: POOL, IdentityId: SHRINKING };
    const order = datasetNames((await listAllDatasets(client, identity, 1000)).datasets);
    expect(order).toHaveLength(10);

    const first = await client.send(new ListDatasetsCommand({ ...identity, MaxResults: 3 }));
    expect(datasetNames(first.Datasets ?? [])).toEqual(order.slice(0, 3));
    const alreadySeen = order[1] ?? '';
    const notYetSeen = order[4] ?? '';
    await client.send(new DeleteDatasetCommand({ ...identity, DatasetName: alreadySeen }));
    await client.send(new DeleteDatasetCommand({ ...identity, DatasetName: notYetSeen }));

    const rest: string[] = [];
    let nextToken = first.NextToken ?? undefined;
    for (let pages = 0; nextToken && pages < 20; pages += 1) {
      const page = await client.send(
        new ListDatasetsCommand({ ...identity, MaxResults: 3, NextToken: nextToken }),
      );
      rest.push(...datasetNames(page.Datasets ?? []));
      nextToken = page.NextToken ?? undefined;
    }

    expect(rest).toEqual(order.slice(3).filter((name) => name !== notYetSeen));
  });
});

describe('ListDatasets and DescribeDataset input validation', () => {
  const tooLongId = `us-east-1:${'a'.repeat(46)}`; // 56 characters, one over the limit

  it.each([
    ['an IdentityPoolId over 55 characters', { IdentityPoolId: tooLongId, IdentityId: PAGED }],
    [
      'an IdentityPoolId without a region prefix',
      { IdentityPoolId: '0000a000-0000-4000-8000-000000000000', IdentityId: PAGED },
    ],
    ['an IdentityId over 55 characters', { IdentityPoolId: POOL, IdentityId: tooLongId }],
    [
      'an IdentityId with characters outside the pattern',
      { IdentityPoolId: POOL, IdentityId: 'us-east-1:not_hex!' },
    ],
  ])('rejects %s with InvalidParameterException', async (_label, identity) => {
    await expect(singleAttempt.send(new ListDatasetsCommand(identity))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it.each([
    ['over 128 characters', 'd'.repeat(129)],
    ['containing a space', 'bad name'],
    ['containing an asterisk', 'bad*name'],
  ])('rejects a DatasetName %s with InvalidParameterException', async (_label, DatasetName) => {
    await expect(
      singleAttempt.send(
        new DescribeDatasetCommand({ IdentityPoolId: POOL, IdentityId: PAGED, DatasetName }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it.each([0, -1])('rejects MaxResults %i with InvalidParameterException', async (MaxResults) => {
    await expect(
      singleAttempt.send(
        new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: PAGED, MaxResults }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it.each(['abc', '1.5', '2x'])(
    'rejects a non-numeric maxResults query value %j with InvalidParameterException',
    async (raw) => {
      const command = new ListDatasetsCommand({
        IdentityPoolId: POOL,
        IdentityId: PAGED,
        MaxResults: 2,
      });
      // The SDK only sends integers, so rewrite the query before signing, as a hand-written client might.
      command.middlewareStack.add(
        (next) => async (args) => {
          const request: unknown = args.request;
          if (typeof request === 'object' && request !== null && 'query' in request) {
            (request.query as Record<string, string>)['maxResults'] = raw;
          }
          return next(args);
        },
        { step: 'build', name: 'rewriteMaxResults' },
      );

      await expect(singleAttempt.send(command)).rejects.toBeInstanceOf(InvalidParameterException);
    },
  );
});

describe('DescribeDataset', () => {
  it('describes a seeded dataset with the same fields ListDatasets reports', async () => {
    const seeded = DESCRIBED_DATASETS[2];
    if (!seeded) throw new Error('missing fixture');
    const response = await client.send(
      new DescribeDatasetCommand({
        IdentityPoolId: POOL,
        IdentityId: DESCRIBED,
        DatasetName: seeded.name,
      }),
    );

    expect(response.$metadata.requestId).toEqual(expect.any(String));
    expectSeededDataset(response.Dataset, DESCRIBED, seeded);
  });

  it('answers ResourceNotFoundException for a dataset that does not exist, without retries', async () => {
    emu.requests.clear();
    const error = await client
      .send(
        new DescribeDatasetCommand({
          IdentityPoolId: POOL,
          IdentityId: DESCRIBED,
          DatasetName: 'missing',
        }),
      )
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect(emu.requests.count({ service: 'cognito-sync', operation: 'DescribeDataset' })).toBe(1);
  });
});

describe('ListRecords and UpdateRecords', () => {
  it('reports a dataset that does not exist yet as DatasetExists false and still opens a sync session', async () => {
    const listed = await client.send(new ListRecordsCommand(ref(WRITER, 'not-yet')));

    expect(listed.DatasetExists).toBe(false);
    expect(listed.Records ?? []).toEqual([]);
    expect(listed.Count ?? 0).toBe(0);
    expect(listed.SyncSessionToken).toEqual(expect.any(String));
  });

  it('lists the records of a seeded dataset with their values', async () => {
    const listed = await client.send(new ListRecordsCommand(ref(DESCRIBED, 'profile')));

    expect(listed.DatasetExists).toBe(true);
    expect(listed.Count).toBe(2);
    expect(
      Object.fromEntries((listed.Records ?? []).map((record) => [record.Key, record.Value])),
    ).toEqual({
      name: 'Bob',
      email: 'bob@example.com',
    });
    for (const record of listed.Records ?? []) {
      expect(record.SyncCount).toEqual(expect.any(Number));
      expect(record.LastModifiedDate).toBeInstanceOf(Date);
    }
  });

  it('creates a dataset on the first UpdateRecords and reports its real size, record count and writer', async () => {
    const dataset = ref(WRITER, 'journal');
    await expect(client.send(new DescribeDatasetCommand(dataset))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );

    const deviceDate = new Date('2024-05-06T07:08:09.000Z');
    const records = await syncRecords(
      client,
      dataset,
      [
        { Op: 'replace', Key: 'a', Value: '1', SyncCount: 0, DeviceLastModifiedDate: deviceDate },
        { Op: 'replace', Key: 'b', Value: '22', SyncCount: 0 },
      ],
      'device-a',
    );

    expect(records.map((record) => [record.Key, record.Value])).toEqual([
      ['a', '1'],
      ['b', '22'],
    ]);
    for (const record of records) {
      expect(record.SyncCount).toBeGreaterThanOrEqual(1);
      expect(record.LastModifiedDate).toBeInstanceOf(Date);
      expect(record.LastModifiedBy).toEqual(expect.any(String));
    }
    expect(records[0]?.DeviceLastModifiedDate).toEqual(deviceDate);

    const described = await describeDataset(dataset);
    expect(described).toMatchObject({ IdentityId: WRITER, DatasetName: 'journal', NumRecords: 2 });
    expect(described.DataStorage).toBeGreaterThanOrEqual(3);
    expect(described.DataStorage).toBeLessThanOrEqual(5);
    expect(described.CreationDate).toBeInstanceOf(Date);
    expect(described.LastModifiedDate).toBeInstanceOf(Date);
    expect(described.LastModifiedBy).toEqual(expect.any(String));
    expect(described.LastModifiedBy).not.toBe('');
  });

  it('updates DataStorage, NumRecords and LastModifiedBy when another writer adds a record', async () => {
    const dataset = ref(WRITER, 'grows');
    await syncRecords(
      client,
      dataset,
      [{ Op: 'replace', Key: 'a', Value: '1', SyncCount: 0 }],
      'device-a',
    );
    const before = await describeDataset(dataset);

    const identityClient = cognitoClient(emu, { credentials: WRITER_CREDENTIALS });
    try {
      await syncRecords(
        identityClient,
        dataset,
        [{ Op: 'replace', Key: 'c', Value: 'x'.repeat(100), SyncCount: 0 }],
        'device-b',
      );
    } finally {
      identityClient.destroy();
    }
    const after = await describeDataset(dataset);

    expect(after.NumRecords).toBe((before.NumRecords ?? 0) + 1);
    expect(after.DataStorage).toBeGreaterThanOrEqual((before.DataStorage ?? 0) + 100);
    expect(after.LastModifiedBy).toEqual(expect.any(String));
    expect(after.LastModifiedBy).not.toBe(before.LastModifiedBy);
    expect(after.LastModifiedDate?.getTime()).toBeGreaterThanOrEqual(
      before.LastModifiedDate?.getTime() ?? Infinity,
    );
    expect(after.CreationDate).toEqual(before.CreationDate);
  });

  it('replaces a record given its current SyncCount and lists only later changes after lastSyncCount', async () => {
    const dataset = ref(WRITER, 'replaced');
    const created = await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'k1', Value: 'old', SyncCount: 0 },
      { Op: 'replace', Key: 'k2', Value: 'kept', SyncCount: 0 },
    ]);
    const afterCreate = await client.send(new ListRecordsCommand(dataset));
    const sizeBefore = (await describeDataset(dataset)).DataStorage ?? 0;
    const k1SyncCount = created.find((record) => record.Key === 'k1')?.SyncCount ?? -1;

    const replaced = await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'k1', Value: 'newer', SyncCount: k1SyncCount },
    ]);

    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ Key: 'k1', Value: 'newer' });
    expect(replaced[0]?.SyncCount).toBeGreaterThan(k1SyncCount);
    const listed = await client.send(new ListRecordsCommand(dataset));
    expect(listed.DatasetSyncCount).toBeGreaterThan(afterCreate.DatasetSyncCount ?? Infinity);
    expect((await describeDataset(dataset)).DataStorage).toBe(sizeBefore + 2);

    const changes = await client.send(
      new ListRecordsCommand({ ...dataset, LastSyncCount: afterCreate.DatasetSyncCount }),
    );
    expect((changes.Records ?? []).map((record) => [record.Key, record.Value])).toEqual([
      ['k1', 'newer'],
    ]);
  });

  it('rejects a patch with a stale SyncCount with ResourceConflictException and keeps the stored value', async () => {
    const dataset = ref(WRITER, 'contested');
    const [created] = await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'k', Value: 'v1', SyncCount: 0 },
    ]);
    const current = created?.SyncCount ?? 0;
    expect(current).toBeGreaterThanOrEqual(1);

    await expect(
      syncRecords(client, dataset, [
        { Op: 'replace', Key: 'k', Value: 'v2', SyncCount: current - 1 },
      ]),
    ).rejects.toBeInstanceOf(ResourceConflictException);

    const listed = await client.send(new ListRecordsCommand(dataset));
    expect((listed.Records ?? []).map((record) => [record.Key, record.Value])).toEqual([
      ['k', 'v1'],
    ]);
  });

  it('removes a record: the record count and size shrink and the value is gone', async () => {
    const dataset = ref(WRITER, 'pruned');
    const created = await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'a', Value: 'aaa', SyncCount: 0 },
      { Op: 'replace', Key: 'b', Value: 'bbbb', SyncCount: 0 },
    ]);
    const before = await describeDataset(dataset);

    await syncRecords(client, dataset, [
      {
        Op: 'remove',
        Key: 'a',
        SyncCount: created.find((record) => record.Key === 'a')?.SyncCount ?? 0,
      },
    ]);

    const after = await describeDataset(dataset);
    expect(after.NumRecords).toBe((before.NumRecords ?? 0) - 1);
    expect(after.DataStorage).toBeLessThan(before.DataStorage ?? 0);
    const listed = await client.send(new ListRecordsCommand(dataset));
    // A removed record may stay listed as a tombstone without a value.
    const live = (listed.Records ?? []).filter((record) => typeof record.Value === 'string');
    expect(live.map((record) => [record.Key, record.Value])).toEqual([['b', 'bbbb']]);
  });

  it("accepts ':' in a DatasetName, as the model's pattern allows", async () => {
    const dataset = ref(WRITER, 'level:1');
    await syncRecords(client, dataset, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);

    expect((await describeDataset(dataset)).DatasetName).toBe('level:1');
  });

  it('rejects UpdateRecords without the required SyncSessionToken with InvalidParameterException', async () => {
    await expect(
      singleAttempt.send(
        new UpdateRecordsCommand({
          ...ref(WRITER, 'no-session'),
          SyncSessionToken: undefined,
          RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('Cognito Sync quotas', () => {
  it('refuses a 21st dataset for one identity with LimitExceededException', async () => {
    const identity = { IdentityPoolId: POOL, IdentityId: FULL };

    await expect(
      syncRecords(singleAttempt, { ...identity, DatasetName: 'one-too-many' }, [
        { Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 },
      ]),
    ).rejects.toBeInstanceOf(LimitExceededException);

    const listed = await listAllDatasets(client, identity, 100);
    expect(listed.datasets).toHaveLength(20);
    expect(datasetNames(listed.datasets)).not.toContain('one-too-many');
  });

  it('sees the SDK retry LimitExceededException as throttling: three attempts with the default client', async () => {
    emu.requests.clear();

    await expect(
      syncRecords(client, ref(FULL, 'one-too-many-again'), [
        { Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 },
      ]),
    ).rejects.toBeInstanceOf(LimitExceededException);

    const attempts = emu.requests.entries({ service: 'cognito-sync', operation: 'UpdateRecords' });
    expect(attempts).toHaveLength(3);
    expect(attempts.map((entry) => entry.errorCode)).toEqual(
      Array(3).fill('LimitExceededException'),
    );
  });

  it('refuses records that would take a dataset over 1 MB with LimitExceededException', async () => {
    const dataset = ref(WRITER, 'big');
    await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'first-half', Value: 'x'.repeat(600_000), SyncCount: 0 },
    ]);

    await expect(
      syncRecords(singleAttempt, dataset, [
        { Op: 'replace', Key: 'second-half', Value: 'y'.repeat(600_000), SyncCount: 0 },
      ]),
    ).rejects.toBeInstanceOf(LimitExceededException);

    const described = await describeDataset(dataset);
    expect(described.NumRecords).toBe(1);
    expect(described.DataStorage).toBeLessThan(1024 * 1024);
  });
});

describe('DataStorage and NumRecords', () => {
  const dataset = ref(TALLIED, 'tallied-00');

  /** What the sizes must be: the live records' UTF-8 keys plus values, as ListRecords shows them. */
  async function tallyOfRecords(): Promise<{ NumRecords: number; DataStorage: number }> {
    const listed = await client.send(new ListRecordsCommand({ ...dataset, MaxResults: 1000 }));
    const live = (listed.Records ?? []).filter((record) => typeof record.Value === 'string');
    return {
      NumRecords: live.length,
      DataStorage: live.reduce(
        (sum, record) => sum + utf8Length(record.Key ?? '') + utf8Length(record.Value ?? ''),
        0,
      ),
    };
  }

  async function expectTallied(expected: { NumRecords: number; DataStorage: number }) {
    expect(await tallyOfRecords()).toEqual(expected);
    const listed = await listAllDatasets(client, { IdentityPoolId: POOL, IdentityId: TALLIED }, 5);
    expect(listed.datasets).toEqual([expect.objectContaining(expected)]);
    expect(await describeDataset(dataset)).toMatchObject(expected);
    const usage = await client.send(
      new DescribeIdentityUsageCommand({ IdentityPoolId: POOL, IdentityId: TALLIED }),
    );
    expect(usage.IdentityUsage?.DataStorage).toBe(expected.DataStorage);
  }

  /** The record's SyncCount, removed records included (they are listed since a LastSyncCount). */
  async function syncCountOf(key: string): Promise<number> {
    const listed = await client.send(
      new ListRecordsCommand({ ...dataset, LastSyncCount: 0, MaxResults: 1000 }),
    );
    return listed.Records?.find((record) => record.Key === key)?.SyncCount ?? 0;
  }

  it('follow every write: seeded, replaced, removed, refused, deleted and created again', async () => {
    // Seeded: key-0..key-2 with values value-0-0..value-0-2 (5 + 9 bytes each).
    await expectTallied({ NumRecords: 3, DataStorage: 3 * 14 });

    await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'key-0', Value: 'grüße €', SyncCount: await syncCountOf('key-0') },
      { Op: 'remove', Key: 'key-1', SyncCount: await syncCountOf('key-1') },
      { Op: 'remove', Key: 'never-written', SyncCount: 0 },
      { Op: 'replace', Key: 'ключ', Value: '', SyncCount: 0 },
    ]);
    // key-0: 5 + 11 bytes; key-2 unchanged: 14; 'ключ': 8 + 0; key-1 gone.
    await expectTallied({ NumRecords: 3, DataStorage: 16 + 14 + 8 });

    // A removed record written again counts again, once.
    await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'key-1', Value: 'back', SyncCount: await syncCountOf('key-1') },
    ]);
    await expectTallied({ NumRecords: 4, DataStorage: 16 + 14 + 8 + 9 });

    // Refused writes change nothing: a stale SyncCount, and a write past the 1 MB quota.
    await expect(
      syncRecords(singleAttempt, dataset, [
        { Op: 'remove', Key: 'key-2', SyncCount: 0 },
        { Op: 'replace', Key: 'extra', Value: 'x', SyncCount: 0 },
      ]),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    await expect(
      syncRecords(singleAttempt, dataset, [
        { Op: 'replace', Key: 'huge', Value: 'h'.repeat(1024 * 1024 - 10), SyncCount: 0 },
      ]),
    ).rejects.toBeInstanceOf(LimitExceededException);
    await expectTallied({ NumRecords: 4, DataStorage: 16 + 14 + 8 + 9 });

    await client.send(new DeleteDatasetCommand(dataset));
    await syncRecords(client, dataset, [{ Op: 'replace', Key: 'z', Value: '1', SyncCount: 0 }]);
    await expectTallied({ NumRecords: 1, DataStorage: 2 });
  });
});

describe('concurrent writers', () => {
  it('see one patch of a record win and the others conflict when they race with the same SyncCount', async () => {
    const dataset = ref(WRITER, 'raced');
    const [created] = await syncRecords(client, dataset, [
      { Op: 'replace', Key: 'k', Value: 'v0', SyncCount: 0 },
    ]);
    const syncCount = created?.SyncCount ?? 0;

    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        syncRecords(singleAttempt, dataset, [
          { Op: 'replace', Key: 'k', Value: `v${n}`, SyncCount: syncCount },
        ]),
      ),
    );

    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    expect(winners).toHaveLength(1);
    for (const loser of losers) expect(loser).toBeInstanceOf(ResourceConflictException);
    const winningValue =
      winners[0]?.status === 'fulfilled' ? winners[0].value[0]?.Value : undefined;
    const listed = await client.send(new ListRecordsCommand(dataset));
    expect(listed.Records?.map((record) => record.Value)).toEqual([winningValue]);
  });

  it('never take an identity past 20 datasets, however many create at once', async () => {
    const identity = { IdentityPoolId: POOL, IdentityId: CROWDED };

    const outcomes = await Promise.allSettled(
      [0, 1, 2, 3, 4, 5].map((n) =>
        syncRecords(singleAttempt, { ...identity, DatasetName: `rush-${n}` }, [
          { Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 },
        ]),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toBeInstanceOf(LimitExceededException);
    }
    expect((await listAllDatasets(client, identity, 100)).datasets).toHaveLength(20);
  });
});

describe('DeleteDataset', () => {
  it('deletes a dataset: the response describes it and it is gone afterwards', async () => {
    const dataset = ref(WRITER, 'doomed');
    await syncRecords(client, dataset, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);

    const deleted = await client.send(new DeleteDatasetCommand(dataset));

    expect(deleted.Dataset).toMatchObject({
      IdentityId: WRITER,
      DatasetName: 'doomed',
      NumRecords: 1,
    });
    expect(deleted.Dataset?.CreationDate).toBeInstanceOf(Date);
    await expect(client.send(new DescribeDatasetCommand(dataset))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    const listed = await listAllDatasets(client, { IdentityPoolId: POOL, IdentityId: WRITER }, 100);
    expect(datasetNames(listed.datasets)).not.toContain('doomed');
    await expect(client.send(new DeleteDatasetCommand(dataset))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('DescribeIdentityUsage', () => {
  it("sums an identity's datasets: DatasetCount and DataStorage", async () => {
    const usage = await client.send(
      new DescribeIdentityUsageCommand({ IdentityPoolId: POOL, IdentityId: DESCRIBED }),
    );
    const datasets = await listAllDatasets(
      client,
      { IdentityPoolId: POOL, IdentityId: DESCRIBED },
      100,
    );

    expect(usage.IdentityUsage).toMatchObject({
      IdentityId: DESCRIBED,
      IdentityPoolId: POOL,
      DatasetCount: 3,
    });
    expect(usage.IdentityUsage?.DataStorage).toBe(
      datasets.datasets.reduce((sum, dataset) => sum + (dataset.DataStorage ?? 0), 0),
    );
    expect(usage.IdentityUsage?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('answers ResourceNotFoundException for an unknown identity', async () => {
    await expect(
      client.send(
        new DescribeIdentityUsageCommand({ IdentityPoolId: POOL, IdentityId: cognitoId(0xdead) }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('ListIdentityPoolUsage and DescribeIdentityPoolUsage', () => {
  it('lists every identity pool exactly once across pages of one', async () => {
    const usages: IdentityPoolUsage[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListIdentityPoolUsageCommand({ MaxResults: 1, NextToken: nextToken }),
      );
      expect(page.IdentityPoolUsages?.length ?? 0).toBeLessThanOrEqual(1);
      expect(page.Count).toBe(page.IdentityPoolUsages?.length ?? 0);
      expect(page.MaxResults).toBe(1);
      usages.push(...(page.IdentityPoolUsages ?? []));
      nextToken = page.NextToken ?? undefined;
      pages += 1;
    } while (nextToken && pages < 10);

    expect(usages.map((usage) => usage.IdentityPoolId).sort()).toEqual([POOL, OTHER_POOL].sort());
    for (const usage of usages) {
      expect(usage.SyncSessionsCount).toEqual(expect.any(Number));
      expect(usage.DataStorage).toEqual(expect.any(Number));
      expect(usage.LastModifiedDate).toBeInstanceOf(Date);
    }
  });

  it("describes one pool with a DataStorage that sums its identities' datasets", async () => {
    const pool = await client.send(
      new DescribeIdentityPoolUsageCommand({ IdentityPoolId: OTHER_POOL }),
    );
    const identity = await client.send(
      new DescribeIdentityUsageCommand({ IdentityPoolId: OTHER_POOL, IdentityId: LONE }),
    );

    expect(pool.$metadata.requestId).toEqual(expect.any(String));
    expect(pool.IdentityPoolUsage?.IdentityPoolId).toBe(OTHER_POOL);
    expect(pool.IdentityPoolUsage?.DataStorage).toBe(identity.IdentityUsage?.DataStorage);
    expect(pool.IdentityPoolUsage?.DataStorage).toBeGreaterThan(0);
    expect(pool.IdentityPoolUsage?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('answers ResourceNotFoundException for an unknown identity pool', async () => {
    await expect(
      client.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId: cognitoId(0xbeef) })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('on the wire', () => {
  const describedPath = `/identitypools/${encodeURIComponent(POOL)}/identities/${encodeURIComponent(DESCRIBED)}`;

  it('answers with application/json, a request id and timestamps in epoch seconds', async () => {
    const response = await signedFetch(emu.url, {
      service: 'cognito-sync',
      method: 'GET',
      path: `${describedPath}/datasets`,
      query: { maxResults: '10' },
      credentials: emu.credentials,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
    const datasets = response.body['Datasets'] as { DatasetName: string; CreationDate: unknown }[];
    for (const seeded of DESCRIBED_DATASETS) {
      const dataset = datasets.find((candidate) => candidate.DatasetName === seeded.name);
      expect(dataset?.CreationDate).toBe(Date.parse(seeded.creationDate) / 1000);
    }
  });

  it('names an error by its bare shape name in x-amzn-ErrorType and the body, with a message', async () => {
    const response = await signedFetch(emu.url, {
      service: 'cognito-sync',
      method: 'GET',
      path: `${describedPath}/datasets/missing`,
      credentials: emu.credentials,
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(response.body['__type'] ?? 'ResourceNotFoundException').toBe(
      'ResourceNotFoundException',
    );
    expect(response.body['message']).toEqual(expect.any(String));
    expect(Object.keys(response.body).map((key) => key.toLowerCase())).not.toContain('code');
  });
});

describe('next tokens', () => {
  it('expire after tokenTtlMs and are then rejected with InvalidParameterException', async () => {
    let clockShiftMs = 0;
    const ttlEmu = await startEmulator({
      seed,
      tokenTtlMs: 60_000,
      now: () => new Date(Date.now() + clockShiftMs),
    });
    const ttlClient = cognitoClient(ttlEmu);
    try {
      const identity = { IdentityPoolId: POOL, IdentityId: PAGED };
      const first = await ttlClient.send(new ListDatasetsCommand({ ...identity, MaxResults: 5 }));
      const fresh = await ttlClient.send(
        new ListDatasetsCommand({ ...identity, MaxResults: 5, NextToken: first.NextToken }),
      );
      expect(fresh.Datasets).toHaveLength(5);

      clockShiftMs = 2 * 60_000; // past the TTL, still within the SigV4 clock-skew window
      await expect(
        ttlClient.send(
          new ListDatasetsCommand({ ...identity, MaxResults: 5, NextToken: first.NextToken }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    } finally {
      ttlClient.destroy();
      await ttlEmu.close();
    }
  });
});
