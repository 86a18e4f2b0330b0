// Writes a generated seed to a file or to stdout, e.g.
//   npm run emulator:seed -- --personalize-groups 2000 --out big.json
// (`--out`, because `npm run ... > big.json` would also write npm's own banner into the file).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { generateSeed, type GenerateSeedOptions } from './generate.js';

const USAGE = `Usage: npm run emulator:seed -- [options] --out seed.json
  --out FILE                 write the seed to FILE (default: stdout; then use npm run -s)
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

interface Command {
  readonly options: GenerateSeedOptions;
  readonly out: string | undefined;
}

function commandFrom(argv: readonly string[]): Command | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'cognito-identities': { type: 'string' },
      'cognito-datasets': { type: 'string' },
      'personalize-groups': { type: 'string' },
      'personalize-datasets': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
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
  return { options, out: values.out };
}

try {
  const command = commandFrom(process.argv.slice(2));
  if (command === undefined) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    const json = `${JSON.stringify(generateSeed(command.options), null, 2)}\n`;
    if (command.out === undefined) process.stdout.write(json);
    else writeFileSync(command.out, json);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
