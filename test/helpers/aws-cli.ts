// Runs the AWS CLI (botocore, an independent client) against an emulator, isolated from any AWS
// configuration on the machine.
import { execFile } from 'node:child_process';

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cliEnvironment(): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  return {
    ...inherited,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** Runs `aws <args> --endpoint-url <url> --region us-east-1 --output json`; never rejects on exit codes. */
export function runAwsCli(endpointUrl: string, args: readonly string[]): Promise<CliResult> {
  const fullArgs = [
    ...args,
    '--endpoint-url',
    endpointUrl,
    '--region',
    'us-east-1',
    '--output',
    'json',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      fullArgs,
      { env: cliEnvironment(), timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error?.code === 'ENOENT') {
          // No `aws` on PATH: the test fails (it never skips) and says how to get the CLI.
          reject(new Error('`aws` is not on PATH: install awscli: apt-get install awscli'));
          return;
        }
        if (error && typeof error.code !== 'number') {
          reject(new Error(`could not run aws: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
