// The README's shell recipes, read from the README itself, so that a test runs exactly what a
// reader would paste (with the ports it names swapped for free ones).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export const ROOT = new URL('../../', import.meta.url);
const README = readFileSync(new URL('README.md', ROOT), 'utf8');

/** The ```sh block after `<!-- recipe:NAME ... -->`. */
export function recipe(name: string): string {
  const marker = README.indexOf(`<!-- recipe:${name} `);
  if (marker < 0) throw new Error(`README.md has no recipe:${name} marker`);
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(marker));
  if (block?.[1] === undefined) throw new Error(`no sh block after recipe:${name}`);
  return block[1];
}

/** A command shown in backticks in the README, found by its beginning. */
export function inlineCommand(prefix: string): string {
  const found = new RegExp(`\`(${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\`]*)\``).exec(
    README,
  );
  if (found?.[1] === undefined) throw new Error(`README.md shows no \`${prefix}...\``);
  return found[1];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** The environment of a fresh shell: no AWS or gateway settings of the test process leak in. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(AWS_|GATEWAY_|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(name),
      ),
    ),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export interface Shell {
  readonly child: ChildProcess;
  /** Resolves to the exit code once the shell has ended and its output is read. */
  readonly exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once the output contains `text`; rejects if the shell exits first. */
  waitFor(text: string): Promise<void>;
  /** Ends the shell and everything it started (its process group). */
  kill(): Promise<void>;
}

/** Runs `script` with bash in its own process group, from the project root. */
export function startShell(script: string, env: NodeJS.ProcessEnv = cleanEnvironment()): Shell {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      if (output.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      output += `${line}\n`;
      settle();
    });
  }
  // 'close', not 'exit': by then the output has been read to its end.
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`the shell exited before printing "${waiter.text}":\n${output}`));
      }
      resolve(code);
    });
  });
  return {
    child,
    exited,
    output: () => output,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        waiters.push({ text, resolve, reject });
        settle();
        if (child.exitCode !== null && !output.includes(text)) {
          reject(new Error(`the shell has exited:\n${output}`));
        }
      }),
    kill: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await exited;
    },
  };
}

/** Runs `script` to its end; resolves to its exit code and output. */
export async function runShell(
  script: string,
  env: NodeJS.ProcessEnv = cleanEnvironment(),
): Promise<{ code: number | null; output: string }> {
  const shell = startShell(script, env);
  const code = await shell.exited;
  return { code, output: shell.output() };
}
