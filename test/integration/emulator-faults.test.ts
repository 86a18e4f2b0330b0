// Acceptance tests for the emulator's fault injection and request log, seen through the real AWS
// SDK v3 clients and their standard retry strategy.
import {
  InternalErrorException,
  ListDatasetsCommand as ListCognitoDatasetsCommand,
  ListRecordsCommand,
  UpdateRecordsCommand,
  TooManyRequestsException,
  type CognitoSyncClient,
} from '@aws-sdk/client-cognito-sync';
import {
  DescribeDatasetGroupCommand,
  ListDatasetGroupsCommand,
  ListDatasetsCommand,
  PersonalizeServiceException,
  type PersonalizeClient,
} from '@aws-sdk/client-personalize';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { FaultRule, RunningEmulator, Seed } from '../../src/emulator/index.js';
import { asSdkError, cognitoClient, personalizeClient, rejectionOf } from '../helpers/emulator.js';
import { datasetNames, listAllDatasets } from '../helpers/cognito.js';
import {
  datasetArns,
  datasetGroupArns,
  walkDatasetGroups,
  walkDatasets,
} from '../helpers/personalize.js';
import {
  cognitoDatasets,
  cognitoId,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/gateway-seeds.js';

const POOL = cognitoId(0xa000);
const IDENTITY = cognitoId(1);
const FAULT_SEED = 20240102;

const seed: Seed = {
  cognitoSync: {
    identityPools: [
      {
        identityPoolId: POOL,
        identities: [{ identityId: IDENTITY, datasets: cognitoDatasets('ds', 3) }],
      },
    ],
  },
  personalize: {
    schemas: personalizeSchemas(),
    datasetGroups: Array.from({ length: 12 }, (_, i) =>
      personalizeGroup(`group-${String(i).padStart(2, '0')}`, 5, i),
    ),
  },
};

let emu: RunningEmulator;
let cognito: CognitoSyncClient;
let personalize: PersonalizeClient;

beforeAll(async () => {
  emu = await startEmulator({ seed, faultSeed: FAULT_SEED });
  cognito = cognitoClient(emu);
  personalize = personalizeClient(emu);
});

afterEach(() => {
  emu.faults.clear();
  emu.requests.clear();
});

afterAll(async () => {
  cognito.destroy();
  personalize.destroy();
  await emu.close();
});

const identity = { IdentityPoolId: POOL, IdentityId: IDENTITY };

describe('the request log', () => {
  it('counts calls per service and operation and records what each call did', async () => {
    emu.requests.clear();
    for (let i = 0; i < 3; i += 1)
      await personalize.send(new ListDatasetsCommand({ maxResults: i + 1 }));
    await personalize.send(new ListDatasetGroupsCommand({}));
    await cognito.send(new ListCognitoDatasetsCommand(identity));

    expect(emu.requests.count({ service: 'personalize', operation: 'ListDatasets' })).toBe(3);
    expect(emu.requests.count({ service: 'personalize' })).toBe(4);
    expect(emu.requests.count({ service: 'cognito-sync', operation: 'ListDatasets' })).toBe(1);
    expect(emu.requests.count()).toBe(5);
    const [first] = emu.requests.entries({ service: 'personalize', operation: 'ListDatasets' });
    expect(first).toMatchObject({
      service: 'personalize',
      operation: 'ListDatasets',
      accessKeyId: 'test',
      status: 200,
      errorCode: undefined,
      fault: undefined,
      aborted: false,
      input: expect.objectContaining({ maxResults: 1 }) as unknown,
    });
    expect(emu.requests.entries({ service: 'cognito-sync' })[0]?.input).toMatchObject(identity);
  });

  it('keeps an UpdateRecords call by its members, without the 900 KB value it carried', async () => {
    const dataset = { ...identity, DatasetName: 'logged' };
    const { SyncSessionToken } = await cognito.send(new ListRecordsCommand(dataset));
    const longKey = 'k'.repeat(1000);

    await cognito.send(
      new UpdateRecordsCommand({
        ...dataset,
        SyncSessionToken,
        RecordPatches: [{ Op: 'replace', Key: longKey, Value: 'v'.repeat(900_000), SyncCount: 0 }],
      }),
    );

    const [logged] = emu.requests.entries({ operation: 'UpdateRecords' });
    expect(logged?.input).toMatchObject({
      ...dataset,
      RecordPatches: [{ Op: 'replace', Key: `${'k'.repeat(256)}... (1000 chars)`, SyncCount: 0 }],
    });
    expect(JSON.stringify(logged?.input).length).toBeLessThan(1000);
  });
});

describe('throttling', () => {
  it('at a 30% rate is absorbed by the standard retry strategy: every call returns the right data', async () => {
    const reference = datasetArns((await walkDatasets(personalize, 100)).items);
    expect(reference.length).toBeGreaterThanOrEqual(50);
    emu.requests.clear();
    emu.faults.set([{ service: 'personalize', operation: 'ListDatasets', throttleRate: 0.3 }]);
    // Standard mode, as by default, but with room for retries: with the default 3 attempts a 30% rate
    // exhausts some call of 50 more often than not (0.3^3 per call).
    const retrying = personalizeClient(emu, { retryMode: 'standard', maxAttempts: 10 });

    try {
      // Call n asks for n datasets, so the log tells the calls apart by their input. The calls run
      // side by side so that the retry back-offs (up to seconds each) overlap.
      const pages = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          retrying.send(new ListDatasetsCommand({ maxResults: i + 1 })),
        ),
      );

      pages.forEach((page, i) => {
        expect(datasetArns(page.datasets ?? []), `call ${i + 1}`).toEqual(
          reference.slice(0, i + 1),
        );
      });
    } finally {
      retrying.destroy();
    }

    const attempts = emu.requests.entries({ service: 'personalize', operation: 'ListDatasets' });
    const throttled = attempts.filter((entry) => entry.fault === 'throttle');
    expect(throttled.length).toBeGreaterThan(0);
    for (const entry of throttled) expect(entry.errorCode).toBe('ThrottlingException');
    for (let n = 1; n <= 50; n += 1) {
      const ofCall = attempts.filter((entry) => entry.input['maxResults'] === n);
      // Zero or more throttled attempts, then exactly one served attempt.
      expect(ofCall.at(-1), `call ${n}`).toMatchObject({ status: 200, fault: undefined });
      expect(
        ofCall.slice(0, -1).every((entry) => entry.fault === 'throttle'),
        `call ${n}`,
      ).toBe(true);
    }
  });

  it('at a 100% rate makes the SDK give up after 3 attempts with each service’s throttling error', async () => {
    emu.faults.set([
      { service: 'personalize', operation: 'ListDatasetGroups', throttleRate: 1 },
      { service: 'cognito-sync', operation: 'ListDatasets', throttleRate: 1 },
    ]);

    const [personalizeError, cognitoError] = await Promise.all([
      rejectionOf(personalize.send(new ListDatasetGroupsCommand({}))),
      rejectionOf(cognito.send(new ListCognitoDatasetsCommand(identity))),
    ]);

    expect(personalizeError).toBeInstanceOf(PersonalizeServiceException);
    expect(asSdkError(personalizeError).name).toBe('ThrottlingException');
    expect(asSdkError(personalizeError).$metadata.attempts).toBe(3);
    expect(cognitoError).toBeInstanceOf(TooManyRequestsException);
    expect(asSdkError(cognitoError).$metadata.httpStatusCode).toBe(429);
    for (const [service, operation] of [
      ['personalize', 'ListDatasetGroups'],
      ['cognito-sync', 'ListDatasets'],
    ] as const) {
      // The log entry is written once the response has gone out, which can be a moment after the
      // client already has it: wait for it (bounded) rather than race it.
      await vi.waitFor(() => {
        const attempts = emu.requests.entries({ service, operation });
        expect(attempts.map((entry) => entry.fault)).toEqual(['throttle', 'throttle', 'throttle']);
      });
      expect(emu.requests.count({ service, operation, servedOnly: true })).toBe(0);
    }
  });

  it('is repeatable: the same faultSeed throttles the same calls', async () => {
    const rules: FaultRule[] = [
      { service: 'personalize', operation: 'ListDatasetGroups', throttleRate: 0.5 },
    ];
    const outcomes: string[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const replay = await startEmulator({ seed, faultSeed: 7, faults: rules });
      const once = personalizeClient(replay, { maxAttempts: 1 });
      try {
        const outcome: string[] = [];
        for (let i = 0; i < 20; i += 1) {
          outcome.push(
            await once.send(new ListDatasetGroupsCommand({})).then(
              () => 'ok',
              (error: unknown) => asSdkError(error).name,
            ),
          );
        }
        outcomes.push(outcome);
      } finally {
        once.destroy();
        await replay.close();
      }
    }

    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toContain('ok');
    expect(outcomes[0]).toContain('ThrottlingException');
  });
});

describe('internal errors', () => {
  it('at a 100% rate reach a Cognito Sync client as InternalErrorException after 3 attempts', async () => {
    emu.faults.set([{ service: 'cognito-sync', errorRate: 1 }]);

    const error = await rejectionOf(cognito.send(new ListCognitoDatasetsCommand(identity)));

    expect(error).toBeInstanceOf(InternalErrorException);
    expect(asSdkError(error).$metadata.httpStatusCode).toBe(500);
    expect(asSdkError(error).$fault).toBe('server');
    const attempts = emu.requests.entries({ service: 'cognito-sync', operation: 'ListDatasets' });
    expect(attempts.map((entry) => [entry.fault, entry.status])).toEqual(
      Array(3).fill(['error', 500]),
    );
  });

  it('at a 100% rate reach a Personalize client as a 500 server fault after 3 attempts', async () => {
    emu.faults.set([{ service: 'personalize', operation: 'DescribeDatasetGroup', errorRate: 1 }]);

    const error = asSdkError(
      await rejectionOf(
        personalize.send(
          new DescribeDatasetGroupCommand({
            datasetGroupArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-group/group-00',
          }),
        ),
      ),
    );

    expect(error).toBeInstanceOf(PersonalizeServiceException);
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$fault).toBe('server');
    expect(emu.requests.entries({ service: 'personalize' }).map((entry) => entry.fault)).toEqual([
      'error',
      'error',
      'error',
    ]);
  });

  it('leave other operations alone', async () => {
    emu.faults.set([{ service: 'personalize', operation: 'DescribeDatasetGroup', errorRate: 1 }]);

    const page = await personalize.send(new ListDatasetGroupsCommand({ maxResults: 3 }));

    expect(page.datasetGroups).toHaveLength(3);
  });
});

describe('latency', () => {
  it('delays an answer without changing it', async () => {
    const prompt = await personalize.send(new ListDatasetGroupsCommand({ maxResults: 2 }));
    emu.requests.clear();
    emu.faults.set([{ service: 'personalize', operation: 'ListDatasetGroups', latencyMs: 300 }]);

    const delayed = await personalize.send(new ListDatasetGroupsCommand({ maxResults: 2 }));

    expect(delayed.datasetGroups).toHaveLength(2);
    expect(delayed.datasetGroups).toEqual(prompt.datasetGroups);
    expect(emu.requests.entries({ service: 'personalize' })).toEqual([
      expect.objectContaining({ status: 200, fault: undefined, aborted: false }),
    ]);
  });

  it('past a client abortSignal makes the client abort, and the log marks the call aborted', async () => {
    emu.faults.set([{ service: 'personalize', operation: 'ListDatasetGroups', latencyMs: 300 }]);

    const error = await rejectionOf(
      personalize.send(new ListDatasetGroupsCommand({}), { abortSignal: AbortSignal.timeout(100) }),
    );

    expect((error as Error).name).toMatch(/^(AbortError|TimeoutError)$/);
    await vi.waitFor(
      () => {
        expect(
          emu.requests.entries({ service: 'personalize', operation: 'ListDatasetGroups' }),
        ).toEqual([expect.objectContaining({ aborted: true })]);
      },
      { timeout: 5_000, interval: 50 },
    );
  });

  it('past a client request timeout makes the client give up, and the log marks the call aborted', async () => {
    emu.faults.set([{ service: 'cognito-sync', operation: 'ListDatasets', latencyMs: 300 }]);
    const impatient = cognitoClient(emu, {
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });

    try {
      const error = await rejectionOf(impatient.send(new ListCognitoDatasetsCommand(identity)));
      expect((error as Error).name).toBe('TimeoutError');
    } finally {
      impatient.destroy();
    }
    await vi.waitFor(
      () => {
        expect(
          emu.requests.entries({ service: 'cognito-sync', operation: 'ListDatasets' }),
        ).toEqual([expect.objectContaining({ aborted: true })]);
      },
      { timeout: 5_000, interval: 50 },
    );
  });
});

describe('empty pages', () => {
  it('with a token, at a 50% rate, still give an SDK NextToken loop every item exactly once', async () => {
    // An emulator of its own, so the faultSeed alone decides which calls get an empty page.
    const faulty = await startEmulator({ seed, faultSeed: 11 });
    const personalizeSdk = personalizeClient(faulty);
    const cognitoSdk = cognitoClient(faulty);
    try {
      const expectedDatasets = datasetArns((await walkDatasets(personalizeSdk, 4)).items);
      const expectedGroups = datasetGroupArns((await walkDatasetGroups(personalizeSdk, 4)).items);
      const expectedCognito = datasetNames(
        (await listAllDatasets(cognitoSdk, identity, 1)).datasets,
      );
      faulty.requests.clear();
      faulty.faults.set([
        { service: 'personalize', operation: 'ListDatasets', emptyPageRate: 0.5 },
        { service: 'personalize', operation: 'ListDatasetGroups', emptyPageRate: 0.5 },
        { service: 'cognito-sync', operation: 'ListDatasets', emptyPageRate: 0.5 },
      ]);

      const datasets = await walkDatasets(personalizeSdk, 4);
      const groups = await walkDatasetGroups(personalizeSdk, 4);
      const cognitoWalk = await listAllDatasets(cognitoSdk, identity, 1);

      expect(datasetArns(datasets.items)).toEqual(expectedDatasets);
      expect(datasetGroupArns(groups.items)).toEqual(expectedGroups);
      expect(datasetNames(cognitoWalk.datasets)).toEqual(expectedCognito);
      // Some pages were empty yet carried a token, and exactly those calls are logged as the fault.
      expect(datasets.pageSizes.slice(0, -1)).toContain(0);
      expect(groups.pageSizes.slice(0, -1)).toContain(0);
      expect(cognitoWalk.pages.some((page) => page.Count === 0 && page.NextToken)).toBe(true);
      for (const [service, operation, empties] of [
        ['personalize', 'ListDatasets', datasets.pageSizes.filter((size) => size === 0).length],
        ['personalize', 'ListDatasetGroups', groups.pageSizes.filter((size) => size === 0).length],
        [
          'cognito-sync',
          'ListDatasets',
          cognitoWalk.pages.filter((page) => page.Count === 0).length,
        ],
      ] as const) {
        const faults = faulty.requests.entries({ service, operation }).map((entry) => entry.fault);
        expect(faults.filter((fault) => fault === 'empty-page')).toHaveLength(empties);
        expect(empties).toBeGreaterThan(0);
      }
    } finally {
      personalizeSdk.destroy();
      cognitoSdk.destroy();
      await faulty.close();
    }
  });

  it('never end a listing with a token: the last page of a walk carries none', async () => {
    emu.faults.set([{ service: 'personalize', operation: 'ListDatasetGroups', emptyPageRate: 1 }]);
    const once = personalizeClient(emu, { maxAttempts: 1 });
    try {
      const empty = await once.send(new ListDatasetGroupsCommand({ maxResults: 100 }));
      expect(empty.datasetGroups).toEqual([]);
      expect(empty.nextToken).toBeDefined();
      // A listing with nothing at the position (an unknown group's datasets) answers no token.
      emu.faults.set([{ service: 'personalize', operation: 'ListDatasets', emptyPageRate: 1 }]);
      const none = await once.send(
        new ListDatasetsCommand({
          datasetGroupArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-group/none',
        }),
      );
      expect(none.datasets).toEqual([]);
      expect(none.nextToken).toBeUndefined();
      expect(
        emu.requests.entries({ service: 'personalize', operation: 'ListDatasets' })[0]?.fault,
      ).toBeUndefined();
    } finally {
      once.destroy();
    }
  });
});
