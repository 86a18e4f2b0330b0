import { describe, expect, it } from 'vitest';

import { createPersonalizeService } from '../../src/emulator/personalize/service.js';
import { resolveQuotas } from '../../src/emulator/seed/quotas.js';
import { generateSeed } from '../../src/emulator/seed/generate.js';
import { loadSeed, parseSeed } from '../../src/emulator/seed/load.js';
import { createTokenCodec } from '../../src/emulator/tokens.js';
import type { OperationContext, Seed } from '../../src/emulator/index.js';

const TYPES = ['Interactions', 'Items', 'Users', 'Actions', 'Action_Interactions'];
const COGNITO_ID =
  /^[a-z]{2}-[a-z]+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function personalize(
  seed: Seed,
): (operation: string, input?: Record<string, unknown>) => Record<string, unknown> {
  const now = new Date('2026-11-23T12:00:00Z');
  const service = createPersonalizeService(seed, {
    tokens: createTokenCodec({ ttlMs: 60_000, now: () => now }),
    quotas: resolveQuotas(seed),
  });
  const ctx: OperationContext = { principal: { accessKeyId: 'test' }, requestId: 'r', now };
  return (operation, input = {}) => {
    const handler = service.operations[operation];
    if (handler === undefined) throw new Error(`no operation ${operation}`);
    return handler(input, ctx) as Record<string, unknown>;
  };
}

function countAll(call: ReturnType<typeof personalize>, operation: string, key: string): number {
  let total = 0;
  let nextToken: unknown;
  do {
    const page = call(operation, nextToken === undefined ? {} : { nextToken });
    total += (page[key] as unknown[]).length;
    nextToken = page['nextToken'];
  } while (nextToken !== undefined);
  return total;
}

describe('the demo seed', async () => {
  const demo = await loadSeed();
  const groups = demo.personalize?.datasetGroups ?? [];
  const datasets = groups.flatMap((group) => group.datasets);
  const identities = (demo.cognitoSync?.identityPools ?? []).flatMap((pool) => pool.identities);
  const cognitoDatasets = identities.flatMap((identity) => identity.datasets);

  it('has a dataset of every Personalize dataset type', () => {
    expect(new Set(datasets.map((dataset) => dataset.datasetType))).toEqual(new Set(TYPES));
  });

  it('has dataset groups and datasets in several statuses, with a reason on the failed group', () => {
    const groupStatuses = new Set(groups.map((group) => group.status ?? 'ACTIVE'));
    for (const status of ['ACTIVE', 'CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE FAILED']) {
      expect(groupStatuses).toContain(status);
    }
    const datasetStatuses = new Set(datasets.map((dataset) => dataset.status ?? 'ACTIVE'));
    expect(datasetStatuses.size).toBeGreaterThanOrEqual(3);
    const failed = groups.filter((group) => group.status === 'CREATE FAILED');
    expect(failed.every((group) => (group.failureReason ?? '').length > 0)).toBe(true);
  });

  it('has ECOMMERCE, VIDEO_ON_DEMAND and custom dataset groups', () => {
    expect(new Set(groups.map((group) => group.domain ?? 'custom'))).toEqual(
      new Set(['ECOMMERCE', 'VIDEO_ON_DEMAND', 'custom']),
    );
  });

  it('loads into the Personalize service, which lists every group, dataset and schema', () => {
    const call = personalize(demo);
    expect(countAll(call, 'ListDatasetGroups', 'datasetGroups')).toBe(groups.length);
    expect(countAll(call, 'ListDatasets', 'datasets')).toBe(datasets.length);
    expect(countAll(call, 'ListSchemas', 'schemas')).toBe(demo.personalize?.schemas.length);
  });

  it('has several identity pools of several identities with lowercase-hex ids', () => {
    const pools = demo.cognitoSync?.identityPools ?? [];
    expect(pools.length).toBeGreaterThanOrEqual(3);
    for (const pool of pools) {
      expect(pool.identityPoolId).toMatch(COGNITO_ID);
      expect(pool.identities.length).toBeGreaterThanOrEqual(2);
      for (const identity of pool.identities) expect(identity.identityId).toMatch(COGNITO_ID);
    }
  });

  it('has empty datasets, large datasets and an identity close to the 20-dataset quota', () => {
    expect(cognitoDatasets.some((dataset) => dataset.records.length === 0)).toBe(true);
    expect(
      Math.max(...cognitoDatasets.map((dataset) => dataset.records.length)),
    ).toBeGreaterThanOrEqual(40);
    const mostDatasets = Math.max(...identities.map((identity) => identity.datasets.length));
    expect(mostDatasets).toBeGreaterThanOrEqual(18);
    expect(mostDatasets).toBeLessThanOrEqual(20);
  });

  it('dates its Cognito datasets across more than a year', () => {
    const created = cognitoDatasets.map((dataset) => Date.parse(dataset.creationDate));
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(365 * 24 * 3600 * 1000);
  });
});

describe('generateSeed', () => {
  it('gives the same document for the same options and another for another seed', () => {
    const options = { cognitoIdentities: 5, personalizeDatasetGroups: 7, seed: 42 };
    expect(generateSeed(options)).toEqual(generateSeed(options));
    expect(generateSeed({ ...options, seed: 43 })).not.toEqual(generateSeed(options));
  });

  it('produces a seed the emulator accepts', () => {
    const seed = generateSeed({ cognitoIdentities: 3, personalizeDatasetGroups: 4 });
    expect(parseSeed(JSON.parse(JSON.stringify(seed)))).toEqual(seed);
  });

  it('sizes 2,000 groups of 5 datasets, raises the group quota, and lists all 10,000 datasets', () => {
    const seed = generateSeed({ personalizeDatasetGroups: 2000, cognitoIdentities: 0 });
    const groups = seed.personalize?.datasetGroups ?? [];
    expect(groups).toHaveLength(2000);
    expect(groups.every((group) => group.datasets.length === 5)).toBe(true);
    expect(seed.quotas?.personalizeDatasetGroups).toBe(2000);
    const call = personalize(seed);
    expect(countAll(call, 'ListDatasetGroups', 'datasetGroups')).toBe(2000);
    expect(countAll(call, 'ListDatasets', 'datasets')).toBe(10_000);
  });

  it('gives each group the first N dataset types when asked for fewer than 5', () => {
    const seed = generateSeed({ personalizeDatasetGroups: 3, personalizeDatasetsPerGroup: 2 });
    for (const group of seed.personalize?.datasetGroups ?? []) {
      expect(group.datasets.map((dataset) => dataset.datasetType)).toEqual([
        'Interactions',
        'Items',
      ]);
    }
  });

  it('sizes Cognito identities and datasets, raising the per-identity quota past 20', () => {
    const seed = generateSeed({ cognitoIdentities: 1001, cognitoDatasetsPerIdentity: 21 });
    const pools = seed.cognitoSync?.identityPools ?? [];
    const identities = pools.flatMap((pool) => pool.identities);
    expect(pools).toHaveLength(2);
    expect(identities).toHaveLength(1001);
    expect(new Set(identities.map((identity) => identity.identityId)).size).toBe(1001);
    expect(identities.every((identity) => identity.datasets.length === 21)).toBe(true);
    expect(seed.quotas?.cognitoDatasetsPerIdentity).toBe(21);
    for (const identity of identities.slice(0, 10)) {
      expect(identity.identityId).toMatch(COGNITO_ID);
      expect(new Set(identity.datasets.map((dataset) => dataset.name)).size).toBe(21);
    }
  });

  it('keeps the default quotas for sizes AWS allows', () => {
    expect(
      generateSeed({ personalizeDatasetGroups: 500, cognitoDatasetsPerIdentity: 20 }),
    ).not.toHaveProperty('quotas');
  });

  it.each([
    [{ personalizeDatasetsPerGroup: 6 }, 'at most 5'],
    [{ personalizeDatasetGroups: -1 }, 'non-negative integer'],
    [{ cognitoIdentities: 1.5 }, 'non-negative integer'],
  ])('refuses %j', (options, message) => {
    expect(() => generateSeed(options)).toThrow(message);
  });
});
