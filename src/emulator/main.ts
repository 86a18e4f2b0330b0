// Standalone emulator: `npm run emulator -- --port 4566 --seed path.json ...`.
//
// Besides the AWS services it serves admin endpoints for out-of-process users (the bench, curl,
// a gateway under test). They are unauthenticated, so they answer loopback clients only unless
// --allow-remote-admin is given: see ADMIN_HELP.
import { parseArgs } from 'node:util';
import type { EmulatorCredentials, EmulatorOptions, FaultRule } from './contract.js';
import { CREDENTIALS_FLAG_FORM, parseCredentialsFlag } from './credentials.js';
import { parseFaultRules } from './faults.js';
import { startEmulator } from './index.js';

const ADMIN_HELP = `Admin endpoints (loopback clients only, unless --allow-remote-admin):
  GET  /_emulator/requests   Request counts by service and operation (served, errors, faults)
  POST /_emulator/reset-log  Clear the request log
  GET  /_emulator/faults     The current fault rules
  PUT  /_emulator/faults     Replace the fault rules (a JSON array, as --faults)
  POST /_emulator/tokens     Sign an ID token with the built-in user pool. JSON body:
                             {"subject": "alice", "expiresInSeconds": 3600, "audience": "...",
                              "claims": {...}}; only subject is required, a negative
                             expiresInSeconds gives an expired token. Answers {"token": "..."}.
                             Use it as Logins[<login provider>] in Cognito Identity GetId and
                             GetCredentialsForIdentity, or as a bearer token.
`;

const USAGE = `Usage: npm run emulator -- [options]

A local stand-in for Amazon Cognito Sync, Amazon Personalize and Amazon Cognito Identity
(GetId, GetCredentialsForIdentity), with a built-in Cognito user pool that signs login tokens,
for AWS SDK clients.

Options:
  --port <n>                 Port to listen on (default 4566; 0 picks a free port)
  --host <address>           Address to listen on (default 127.0.0.1)
  --seed <path.json>         Seed document (default: the shipped demo seed)
  --fault-seed <n>           Seed of the fault-injection random generator (default 1)
  --faults '<json>'          Fault rules, a JSON array such as
                             '[{"service":"personalize","operation":"ListDatasets","throttleRate":0.2,"latencyMs":50}]'
                             Rule members: service, operation, latencyMs, throttleRate,
                             errorRate, emptyPageRate (an empty page that still carries a token)
  --credentials <${CREDENTIALS_FLAG_FORM}>
                             Accepted credentials (repeatable; default test:test). With an
                             identity id they may only touch that Cognito identity's data, in
                             the identity pool after '@' (default: the one pool the seed places
                             that identity in), e.g.
                             --credentials ALICE:secret:us-east-1:1a2b-...@us-east-1:9f8e-...
  --allow-remote-admin       Serve the /_emulator/ admin endpoints to non-loopback clients
  -h, --help                 Show this help

${ADMIN_HELP}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    fail(`--${flag} must be an integer from ${min} to ${max}`);
  return value;
}

function parseOptions(argv: readonly string[]): EmulatorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'fault-seed': { type: 'string' },
        faults: { type: 'string' },
        credentials: { type: 'string', multiple: true },
        'allow-remote-admin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  let faults: FaultRule[] = [];
  if (values.faults !== undefined) {
    try {
      faults = parseFaultRules(JSON.parse(values.faults));
    } catch (error) {
      fail(`--faults: ${(error as Error).message}`);
    }
  }
  let credentials: EmulatorCredentials[] | undefined;
  try {
    credentials = values.credentials?.map(parseCredentialsFlag);
  } catch (error) {
    fail((error as Error).message);
  }
  return {
    port: values.port === undefined ? 4566 : integer('port', values.port, 0, 65535),
    host: values.host ?? '127.0.0.1',
    faults,
    allowRemoteAdmin: values['allow-remote-admin'] === true,
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    ...(values['fault-seed'] === undefined
      ? {}
      : { faultSeed: integer('fault-seed', values['fault-seed'], 0, 2 ** 32 - 1) }),
    ...(credentials === undefined ? {} : { credentials }),
  };
}

const options = parseOptions(process.argv.slice(2));
let emulator;
try {
  emulator = await startEmulator(options);
} catch (error) {
  process.stderr.write(`Cannot start the emulator: ${(error as Error).message}\n`);
  process.exit(1);
}
const running = emulator;

const accepted: readonly EmulatorCredentials[] = options.credentials ?? [running.credentials];
const idp = running.identityProvider;
process.stdout.write(
  [
    `AWS emulator (Cognito Sync + Personalize + Cognito Identity) listening on ${running.url}`,
    `  SDK: { endpoint: '${running.url}', region: <any>, credentials }`,
    ...accepted.map(
      (entry) =>
        `  credentials: AWS_ACCESS_KEY_ID=${entry.accessKeyId} AWS_SECRET_ACCESS_KEY=${entry.secretAccessKey}` +
        (entry.identityId === undefined
          ? ''
          : `  (identity ${entry.identityId}${entry.identityPoolId === undefined ? '' : ` of pool ${entry.identityPoolId}`} only)`),
    ),
    `  user pool ${idp.userPoolId}:`,
    `    issuer:         ${idp.issuer}`,
    `    JWKS:           ${idp.jwksUrl}`,
    `    login provider: ${idp.loginProvider}  (the Cognito Identity Logins key)`,
    `    client id:      ${idp.clientId}  (the tokens' audience)`,
    `    tokens:         curl -s -X POST ${running.url}/_emulator/tokens -d '{"subject":"alice"}'`,
    `  admin: GET ${running.url}/_emulator/requests, POST ${running.url}/_emulator/reset-log (--help lists all)`,
    '',
  ].join('\n'),
);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the emulator\n`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => {
  stop('SIGINT');
});
process.once('SIGTERM', () => {
  stop('SIGTERM');
});
