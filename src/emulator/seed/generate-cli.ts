// Writes a generated seed to stdout, e.g.
//   npx tsx src/emulator/seed/generate-cli.ts --personalize-groups 2000 > big.json
import { parseArgs } from 'node:util';

import { generateSeed, type GenerateSeedOptions } from './generate.js';

const USAGE = `Usage: generate-cli [options] > seed.json
  --cognito-identities N     Cognito identities in total (default 8)
  --cognito-datasets N       datasets per identity (default 4)
  --personalize-groups N     Personalize dataset groups (default 6)
  --personalize-datasets N   datasets per group, 0..5 (default 5)
  --seed N                   pseudo-random seed (default 1)
  --help                     show this help`;

const FLAGS = {
  'cognito-identities': 'cognitoIdentities',
  'cognito-datasets': 'cognitoDatasetsPerIdentity',
  'personalize-groups': 'personalizeDatasetGroups',
  'personalize-datasets': 'personalizeDatasetsPerGroup',
  seed: 'seed',
} as const satisfies Record<string, keyof GenerateSeedOptions>;

function optionsFrom(argv: readonly string[]): GenerateSeedOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'cognito-identities': { type: 'string' },
      'cognito-datasets': { type: 'string' },
      'personalize-groups': { type: 'string' },
      'personalize-datasets': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return undefined;
  const options: Record<string, number> = {};
  for (const [flag, key] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (!/^\d+$/.test(raw))
      throw new RangeError(`--${flag} must be a non-negative integer, got '${raw}'`);
    options[key] = Number(raw);
  }
  return options;
}

try {
  const options = optionsFrom(process.argv.slice(2));
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(generateSeed(options), null, 2)}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
