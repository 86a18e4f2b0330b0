// The README's recipes, run as a reader would paste them: the blocks are read from README.md
// itself (`<!-- recipe:NAME -->`), with the ports they name swapped for free ones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { Seed } from '../../src/emulator/index.js';
import { freePort, inlineCommand, recipe, runShell, startShell } from '../helpers/readme.js';

const dir = mkdtempSync(join(tmpdir(), 'readme-recipes-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PAGE_QUERY = JSON.stringify({
  query: '{ personalizeDatasets(first: 2) { nodes { name } } __schema { queryType { name } } }',
});

async function graphql(port: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: PAGE_QUERY,
  });
  return response.json();
}

describe('README recipes', () => {
  it('the seed recipe writes a seed the emulator loads', async () => {
    const seedPath = join(dir, 'big.json');
    const command = inlineCommand('npm run emulator:seed -- ');
    expect(command).toContain('--out big.json');
    const generated = await runShell(command.replace('big.json', seedPath));
    expect(generated.code, generated.output).toBe(0);
    const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as Seed;
    expect(seed.personalize?.datasetGroups).toHaveLength(2000);

    const port = await freePort();
    const emulator = startShell(`npm run emulator -- --port ${port} --seed ${seedPath}`);
    try {
      await emulator.waitFor(`listening on http://127.0.0.1:${port}`);
    } finally {
      await emulator.kill();
    }
  });

  it('the AWS CLI recipe lists both services from the emulator', async () => {
    const emulator = await startEmulator({ port: await freePort() });
    try {
      const port = new URL(emulator.url).port;
      const { code, output } = await runShell(recipe('aws-cli').replaceAll('4566', port));
      expect(code, output).toBe(0);
      expect(output).toContain('"DatasetName"');
      expect(output).toContain('"datasetArn"');
      expect(emulator.requests.count({ service: 'cognito-sync' })).toBe(1);
      expect(emulator.requests.count({ service: 'personalize' })).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('the separate-emulator recipe serves the emulator data on loopback with introspection', async () => {
    const [emulatorPort, gatewayPort] = [await freePort(), await freePort()];
    const script = recipe('separate-emulator')
      .replaceAll('4566', String(emulatorPort))
      .replace(/^npm start$/m, `PORT=${gatewayPort} npm start`);
    expect(script).toContain(`PORT=${gatewayPort} npm start`);
    const shell = startShell(script);
    try {
      await shell.waitFor(`127.0.0.1:${gatewayPort}/graphql`);
      expect(await graphql(gatewayPort)).toEqual({
        data: {
          personalizeDatasets: { nodes: [expect.anything(), expect.anything()] },
          __schema: { queryType: { name: 'Query' } },
        },
      });
      expect(shell.output()).not.toContain('Demo mode');
    } finally {
      await shell.kill();
    }
  });

  it('the curl example answers against npm start', async () => {
    const port = await freePort();
    const gateway = startShell(`PORT=${port} npm start`);
    try {
      await gateway.waitFor(`127.0.0.1:${port}/graphql`);
      const { code, output } = await runShell(recipe('curl').replaceAll('4000', String(port)));
      expect(code, output).toBe(0);
      const answer = JSON.parse(output) as {
        data: { personalizeDatasets: { nodes: unknown[] } };
        errors?: unknown;
      };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.personalizeDatasets.nodes).toHaveLength(3);
    } finally {
      await gateway.kill();
    }
  });
});
