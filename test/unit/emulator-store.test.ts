import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeed, parseSeed, SeedError } from '../../src/emulator/seed/load.js';

const POOL = 'us-east-1:0000aaaa-0000-4000-8000-000000000001';

describe('seed loading', () => {
  it('loads the shipped demo seed from any working directory', async () => {
    const seed = await loadSeed();
    expect(seed.cognitoSync?.identityPools.length).toBeGreaterThan(0);
    expect(seed.personalize?.datasetGroups.length).toBeGreaterThan(0);
  });

  it('names the path of the offending member in a bad seed', () => {
    const bad = {
      cognitoSync: {
        identityPools: [
          { identityPoolId: POOL, identities: [{ identityId: 'no colon', datasets: [] }] },
        ],
      },
    };
    expect(() => parseSeed(bad)).toThrow(SeedError);
    expect(() => parseSeed(bad)).toThrow(
      /cognitoSync\.identityPools\[0\]\.identities\[0\]\.identityId/,
    );
  });

  it('rejects duplicate dataset names and non-ISO timestamps', () => {
    const dataset = { name: 'a', creationDate: '2026-01-01T00:00:00Z', records: [] };
    const identities = [{ identityId: POOL, datasets: [dataset, dataset] }];
    expect(() =>
      parseSeed({ cognitoSync: { identityPools: [{ identityPoolId: POOL, identities }] } }),
    ).toThrow(/dataset names must be unique/);
    const undated = [{ identityId: POOL, datasets: [{ ...dataset, creationDate: 'yesterday' }] }];
    expect(() =>
      parseSeed({
        cognitoSync: { identityPools: [{ identityPoolId: POOL, identities: undated }] },
      }),
    ).toThrow(/creationDate/);
  });

  it('reports a seed file that is missing or not JSON by its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seed-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ not json');
    await expect(loadSeed(broken)).rejects.toThrow(`Seed file ${broken} is not valid JSON`);
    await expect(loadSeed(join(dir, 'absent.json'))).rejects.toThrow(
      /Cannot read seed file .*absent\.json/,
    );
  });
});
