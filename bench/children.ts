// The server processes of `npm run bench`: each bench/serve-*.ts script runs as its own child
// process, with NODE_ENV=production and the NODE_OPTIONS (V8's heap sizes) the container image
// sets, unless BENCH_NODE_OPTIONS says otherwise, and prints one JSON line once it listens. By
// default the scripts run through tsx (the TypeScript sources); with `compiled` they run on plain
// node against the `npm run build` output in dist/, each script transpiled next to it
// (dist/bench/serve-*.js, whose `../src/...` imports then resolve to dist/src/...), so neither tsx's
// loader thread nor its source transform is in the figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The NODE_OPTIONS the Dockerfile's runtime stage sets, read from it so the two cannot drift. */
export function imageNodeOptions(dockerfile: string): string {
  const match = /^(?:ENV)?\s*NODE_OPTIONS="([^"]*)"/m.exec(dockerfile);
  if (match?.[1] === undefined) throw new Error('the Dockerfile sets no NODE_OPTIONS="..."');
  return match[1];
}

/** V8 flags for every server: the image's (README › Performance), or BENCH_NODE_OPTIONS. */
export const SERVER_NODE_OPTIONS =
  process.env['BENCH_NODE_OPTIONS'] ??
  imageNodeOptions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
/**
 * BENCH_CPU_PROFILE_DIR: every server writes a V8 CPU profile (250 µs samples) there when it stops.
 * Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
 */
const PROFILE_DIR = process.env['BENCH_CPU_PROFILE_DIR'];
/** BENCH_SERVER_LOG_DIR: each server's stdout besides its JSON line (a GC trace) goes there. */
const LOG_DIR = process.env['BENCH_SERVER_LOG_DIR'];
const PROFILE_FLAGS =
  PROFILE_DIR === undefined
    ? []
    : ['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', PROFILE_DIR];

export interface Child {
  readonly pid: number;
  /** The JSON line the script printed once it listened. */
  readonly info: unknown;
}

export type Build = 'tsx' | 'compiled';

/** The command that runs bench/`script` in this build. */
function commandOf(script: string, build: Build): readonly string[] {
  const source = join(ROOT, 'bench', script);
  if (build === 'tsx') return ['--import', 'tsx', source];
  if (!existsSync(join(ROOT, 'dist', 'src', 'server.js'))) {
    throw new Error('--compiled needs the build: run `npm run build` first');
  }
  const target = join(ROOT, 'dist', 'bench', basename(script).replace(/\.ts$/, '.js'));
  mkdirSync(dirname(target), { recursive: true });
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: source,
  });
  writeFileSync(target, outputText);
  return [target];
}

/** Every child started and not yet stopped, from the moment it spawns. */
const running = new Set<ChildProcess>();

/**
 * Stops every child started so far, those still starting too: a script whose other servers failed
 * to start must not leave these running (they would load the machine under the next bench).
 */
export function stopChildren(): void {
  for (const child of running) child.kill('SIGTERM');
  running.clear();
}

/** Starts bench/`script` and resolves once it has printed the JSON line saying where it listens. */
export async function startChild(
  script: string,
  build: Build,
  env: Readonly<Record<string, string>> = {},
): Promise<Child> {
  const child = spawn(process.execPath, [...PROFILE_FLAGS, ...commandOf(script, build)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NODE_OPTIONS: SERVER_NODE_OPTIONS,
      // The SDK's notice that its 2027 releases need Node 22 would only clutter the output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout });
  // V8 tracing flags in BENCH_NODE_OPTIONS (--trace-gc) print to stdout too: the JSON line is the
  // first that starts with '{', and every other line goes to the server's own log file.
  const log =
    LOG_DIR === undefined
      ? undefined
      : createWriteStream(join(LOG_DIR, `${basename(script, '.ts')}.${String(child.pid)}.log`));
  const first = await new Promise<string>((resolve, reject) => {
    let listening = false;
    lines.on('line', (line) => {
      if (!listening && line.startsWith('{')) {
        listening = true;
        resolve(line);
      } else log?.write(`${line}\n`);
    });
    child.once('exit', (code) => {
      reject(new Error(`${script} exited with ${String(code)} before it listened`));
    });
  });
  if (child.pid === undefined) throw new Error(`${script} has no pid`);
  return { pid: child.pid, info: JSON.parse(first) as unknown };
}
