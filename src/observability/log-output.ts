// Where log lines go: stdout, as JSON for machines or as readable lines for people
// (pino-pretty), written asynchronously, and flushed at exit within a time bound.
//
// Not pino's default destination: at exit it flushes synchronously, and when the reader of
// stdout is gone (a log shipper that died, `| head`) that flush retries EPIPE forever, so the
// process never exits and ignores further signals. Here a broken stdout stops the logging, and
// the final flush is a promise raced against a timeout.
import { prettyFactory } from 'pino-pretty';
import sonicBoom, { type SonicBoom as SonicBoomClass } from 'sonic-boom';

// The package is CommonJS (`module.exports = SonicBoom`); its typings describe an ES default.
const SonicBoom = sonicBoom as unknown as typeof SonicBoomClass;

export type { LogFormat } from '../config/index.js';
import type { LogFormat } from '../config/index.js';

export interface LogOutput {
  /** pino's destination: one serialized JSON line per call. */
  write(line: string): void;
  /** Resolves once what was written reached stdout, or after `timeoutMs`, whichever is first. */
  flush(timeoutMs: number): Promise<void>;
  /** False once stdout refused a write (its reader is gone); nothing is written after that. */
  readonly healthy: boolean;
}

export interface LogOutputOptions {
  readonly format: LogFormat;
  /** File descriptor to write to. Default 1 (stdout). */
  readonly fd?: number;
}

/** Errors meaning nobody will ever read what is written. */
const GONE = new Set(['EPIPE', 'EBADF', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

export function createLogOutput(options: LogOutputOptions): LogOutput {
  const boom = new SonicBoom({ fd: options.fd ?? 1, sync: false });
  let healthy = true;
  // Bytes handed to sonic-boom and bytes it reports written: its own flush() returns at once
  // when minLength is 0 (the default), even with writes in flight, so exit would drop the last
  // lines (seen: the shutdown's final "stopped" missing under load).
  let submitted = 0;
  let written = 0;
  const settled: (() => void)[] = [];
  boom.on('write', (bytes: number) => {
    written += bytes;
    if (written >= submitted) for (const resolve of settled.splice(0)) resolve();
  });
  boom.on('error', (error: NodeJS.ErrnoException) => {
    // Anything else is reported by sonic-boom's retries; a reader that is gone never comes back.
    if (error.code === undefined || GONE.has(error.code)) healthy = false;
  });
  const format =
    options.format === 'pretty'
      ? prettyFactory({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l' })
      : undefined;
  return {
    get healthy() {
      return healthy;
    },
    write(line) {
      if (!healthy) return;
      try {
        const text = format === undefined ? line : format(line);
        submitted += Buffer.byteLength(text);
        boom.write(text);
      } catch {
        healthy = false;
      }
    },
    flush(timeoutMs) {
      if (!healthy || written >= submitted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // Not unref'd: this timer bounds the wait, and holds the process until it ends.
        const timer = setTimeout(resolve, timeoutMs);
        settled.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** JSON unless a person is watching: a terminal, or demo mode. */
export function defaultLogFormat(stdoutIsTerminal: boolean, demo: boolean): LogFormat {
  return stdoutIsTerminal || demo ? 'pretty' : 'json';
}
