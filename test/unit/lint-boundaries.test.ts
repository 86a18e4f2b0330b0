// The import boundaries are claimed in README and docs/architecture: this proves ESLint enforces
// them. Each case writes a probe module into a real folder (the rules match on paths), lints it
// with the project's own configuration, and removes it.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];

afterAll(async () => {
  await Promise.all(probes.map((path) => rm(path, { force: true })));
});

/**
 * The source file a probe's specifier names (`.js` in ESM specifiers, `.ts` on disk). The zone
 * rule lets an unresolvable specifier through, so a probe at a path that does not exist would
 * pass as "refused" or "allowed" for the wrong reason: every case checks its target exists.
 */
function targetOf(folder: string, specifier: string): string {
  return resolve(root, folder, specifier.replace(/\.js$/, '.ts'));
}

async function restrictedImports(folder: string, specifier: string): Promise<string[]> {
  const path = `${root}${folder}/lint-boundary-probe-${probes.length}.ts`;
  probes.push(path);
  await writeFile(path, `export * from '${specifier}';\n`);
  try {
    const [result] = await eslint.lintFiles([path]);
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === 'import-x/no-restricted-paths')
      .map((message) => message.message);
  } finally {
    await rm(path, { force: true });
  }
}

describe('lint boundaries', () => {
  it.each([
    ['gateway → emulator internals', 'src/auth', '../emulator/seed/load.js'],
    ['gateway (top level) → emulator internals', 'src', './emulator/protocol/sigv4.js'],
    ['gateway → emulator subfolder', 'src/observability', '../emulator/seed/generate.js'],
    ['emulator → gateway', 'src/emulator', '../config/index.js'],
    ['emulator → gateway folder', 'src/emulator', '../auth/bearer.js'],
    ['emulator → resolvers', 'src/emulator', '../../resolvers/cursor.js'],
    ['resolvers → src', 'resolvers', '../src/config/index.js'],
    ['resolvers → schema', 'resolvers', '../schema/builder.js'],
    ['schema → src', 'schema', '../src/aws.js'],
    ['src → test', 'src/graphiql', '../../test/helpers/eventually.js'],
  ])(
    'refuses %s',
    async (_label, folder, specifier) => {
      expect(existsSync(targetOf(folder, specifier)), targetOf(folder, specifier)).toBe(true);
      expect(await restrictedImports(folder, specifier)).toHaveLength(1);
    },
    60_000,
  );

  it.each([
    ['gateway → the emulator entry point', 'src', './emulator/index.js'],
    ['emulator → its own modules', 'src/emulator', './protocol/sigv4.js'],
    ['schema → resolvers', 'schema', '../resolvers/cursor.js'],
    ['src → schema', 'src/observability', '../../schema/index.js'],
  ])(
    'allows %s',
    async (_label, folder, specifier) => {
      expect(existsSync(targetOf(folder, specifier)), targetOf(folder, specifier)).toBe(true);
      expect(await restrictedImports(folder, specifier)).toEqual([]);
    },
    60_000,
  );
});
