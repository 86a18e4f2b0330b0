// The AWS CLI (v1, botocore) is a second, independent client: it must read the emulator's answers
// and errors too. Kept to six CLI runs, as each one starts a Python process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import { runAwsCli, type CliResult } from '../helpers/aws-cli.js';
import { personalizeClient } from '../helpers/emulator.js';
import { datasetGroupArn } from '../helpers/personalize.js';
import {
  ACCOUNT_ID,
  cognitoDatasets,
  cognitoId,
  personalizeArn,
  personalizeGroup,
  personalizeSchemas,
} from '../helpers/gateway-seeds.js';

// CI installs the CLI (.ci/run: apt-get install awscli); without it every test here fails with
// runAwsCli's install hint, never skips.

const POOL = cognitoId(0xa000);
const IDENTITY = cognitoId(1);
const DATASETS = cognitoDatasets('cli', 3);

const seed: Seed = {
  accountId: ACCOUNT_ID,
  cognitoSync: {
    identityPools: [
      { identityPoolId: POOL, identities: [{ identityId: IDENTITY, datasets: DATASETS }] },
    ],
  },
  personalize: { schemas: personalizeSchemas(), datasetGroups: [personalizeGroup('cli-group', 3)] },
};

interface CognitoListing {
  readonly Datasets: readonly {
    readonly DatasetName: string;
    readonly CreationDate: unknown;
    readonly NumRecords: number;
  }[];
  readonly Count: number;
  readonly NextToken?: string | null;
}

/** Starts a CLI run now; its result is awaited by the test that asserts on it. */
function started(run: Promise<CliResult>): Promise<CliResult> {
  run.catch(() => undefined); // reported by the awaiting test, not as an unhandled rejection
  return run;
}

describe('the AWS CLI against the emulator', () => {
  let emu: RunningEmulator;
  // Each CLI run spends about a second starting Python, so the independent runs start together.
  let runs: Record<
    | 'cognitoPage'
    | 'cognitoMissing'
    | 'personalizeList'
    | 'personalizeMissing'
    | 'personalizeTooLarge',
    Promise<CliResult>
  >;

  beforeAll(async () => {
    emu = await startEmulator({ seed });
    const client = personalizeClient(emu);
    const groupArn = await datasetGroupArn(client, 'cli-group').finally(() => {
      client.destroy();
    });
    const cognitoIdentity = ['--identity-pool-id', POOL, '--identity-id', IDENTITY];
    runs = {
      cognitoPage: started(
        runAwsCli(emu.url, [
          'cognito-sync',
          'list-datasets',
          ...cognitoIdentity,
          '--max-results',
          '2',
        ]),
      ),
      cognitoMissing: started(
        runAwsCli(emu.url, [
          'cognito-sync',
          'describe-dataset',
          ...cognitoIdentity,
          '--dataset-name',
          'missing',
        ]),
      ),
      personalizeList: started(
        runAwsCli(emu.url, ['personalize', 'list-datasets', '--dataset-group-arn', groupArn]),
      ),
      personalizeMissing: started(
        runAwsCli(emu.url, [
          'personalize',
          'describe-dataset-group',
          '--dataset-group-arn',
          personalizeArn('dataset-group/missing'),
        ]),
      ),
      personalizeTooLarge: started(
        runAwsCli(emu.url, ['personalize', 'list-datasets', '--max-results', '101']),
      ),
    };
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await emu.close();
  });

  it('lists Cognito Sync datasets a page at a time, with epoch-second timestamps', async () => {
    const result = await runs.cognitoPage;

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const listing = JSON.parse(result.stdout) as CognitoListing;
    expect(listing.Count).toBe(2);
    expect(listing.Datasets).toHaveLength(2);
    for (const dataset of listing.Datasets) {
      const seeded = DATASETS.find((candidate) => candidate.name === dataset.DatasetName);
      expect(seeded, dataset.DatasetName).toBeDefined();
      // CLI v1 prints timestamps as the epoch seconds it received.
      expect(dataset.CreationDate).toBe(Date.parse(seeded?.creationDate ?? '') / 1000);
      expect(dataset.NumRecords).toBe(1);
    }
    expect(listing.NextToken).toEqual(expect.any(String));
  });

  it('continues a Cognito Sync listing from a --next-token', async () => {
    const firstPage = JSON.parse((await runs.cognitoPage).stdout) as CognitoListing;
    const result = await runAwsCli(emu.url, [
      'cognito-sync',
      'list-datasets',
      '--identity-pool-id',
      POOL,
      '--identity-id',
      IDENTITY,
      '--max-results',
      '2',
      '--next-token',
      firstPage.NextToken ?? '',
    ]);

    expect(result.exitCode).toBe(0);
    const listing = JSON.parse(result.stdout) as CognitoListing;
    expect(listing.Datasets).toHaveLength(1);
    expect(listing.NextToken ?? null).toBeNull();
    expect(
      [...firstPage.Datasets, ...listing.Datasets].map((dataset) => dataset.DatasetName).sort(),
    ).toEqual(DATASETS.map((dataset) => dataset.name));
  });

  it('prints a Cognito Sync error code on stderr', async () => {
    const result = await runs.cognitoMissing;

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('An error occurred (ResourceNotFoundException)');
  });

  it('lists the datasets of a Personalize dataset group', async () => {
    const result = await runs.personalizeList;

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      datasets: readonly { name: string; datasetType: string; creationDateTime: unknown }[];
    };
    expect(listing.datasets.map((dataset) => dataset.name).sort()).toEqual([
      'cli-group-interactions',
      'cli-group-items',
      'cli-group-users',
    ]);
    for (const dataset of listing.datasets)
      expect(dataset.creationDateTime).toEqual(expect.any(Number));
  });

  it('prints a Personalize not-found error code on stderr', async () => {
    const result = await runs.personalizeMissing;

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('An error occurred (ResourceNotFoundException)');
  });

  it('prints InvalidInputException for a page size botocore does not check (101)', async () => {
    const result = await runs.personalizeTooLarge;

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('An error occurred (InvalidInputException)');
  });
});
