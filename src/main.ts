#!/usr/bin/env node
// The dataset-gateway bin and `npm start`: the gateway on real AWS, or, without AWS settings, on
// the built-in emulator with demo data. `--help` lists the settings (`--markdown` for the README
// table). SIGTERM/SIGINT shut it down gracefully (see Gateway.close: drain, grace, then the
// requests still running answer SHUTTING_DOWN), then it exits 0; a second signal exits at once.
// Exit never waits on stdout for long: a reader that is gone must not keep the process alive.
import { constants } from 'node:os';
import { getHeapStatistics } from 'node:v8';

import { pino, type Logger } from 'pino';

import { resolveRegion } from './aws.js';
import { ConfigError, loadConfig, renderSettings, withLocalUpstream } from './config/index.js';
import type { GatewayConfig } from './config/index.js';
import type { RunningEmulator } from './emulator/index.js';
import { demoIdentity, demoTokenRequest, demoVariables } from './graphiql/index.js';
import { heapBudget, MAX_CACHE_SHARE_OF_HEAP } from './heap-budget.js';
import { createLogOutput, defaultLogFormat, type LogOutput } from './observability/log-output.js';
import { createGateway, type Gateway } from './server.js';

const USAGE = `dataset-gateway: a Relay GraphQL gateway over Cognito Sync and Personalize ListDatasets.

Usage: npm start [-- --help [--markdown]]

Settings (environment variables):
`;

interface Running {
  readonly gateway: Gateway;
  readonly emulator: RunningEmulator | undefined;
}

async function start(config: GatewayConfig, logger: Logger): Promise<Running> {
  if (config.mode === 'aws') {
    const region = await resolveRegion(config);
    const gateway = await createGateway(config, { logger });
    const { url } = await gateway.listen();
    logger.info(`Using AWS in ${region} with the default credential chain`);
    logger.info({ url }, `GraphQL endpoint and GraphiQL: ${url}`);
    warnWithoutAuthentication(config, url, logger);
    return { gateway, emulator: undefined };
  }

  // The emulator (its servers, user pool and seed) loads only in demo mode: imported up front it
  // held 1.4 MB of every gateway's heap on real AWS, jose among it.
  const { loadSeed, startEmulator } = await import('./emulator/index.js');
  const seed = await loadSeed();
  const emulator = await startEmulator({ seed });
  try {
    // GraphiQL opens on the demo identity with the most datasets, so paging has something to show.
    const identity = demoIdentity(seed, emulator.identityProvider.loginProvider);
    const demoConfig = withLocalUpstream(config, {
      endpoint: emulator.url,
      credentials: emulator.credentials,
      ...(seed.region === undefined ? {} : { region: seed.region }),
      // GATEWAY_AUTH_MODE=identity or gateway in demo mode: the emulator's user pool signs in.
      identityProvider: emulator.identityProvider,
      ...(identity === undefined ? {} : { identityPoolId: identity.identityPoolId }),
    });
    const tokenRequest = demoTokenRequest(demoConfig.auth, identity);
    const gateway = await createGateway(demoConfig, {
      logger,
      graphiqlDemo: {
        variables: demoVariables(identity),
        // A fresh token per page load, signed by the emulator's user pool.
        token: () => emulator.identityProvider.issueToken(tokenRequest),
      },
    });
    const { url } = await gateway.listen();
    logger.info(`Demo mode: using the built-in AWS emulator at ${emulator.url} with demo data`);
    logger.info({ url }, `GraphiQL: ${url} (set AWS_REGION or GATEWAY_DEMO=false to use real AWS)`);
    warnWithoutAuthentication(demoConfig, url, logger);
    if (demoConfig.auth.mode !== 'none') {
      logger.info(
        `Demo tokens: curl -s -X POST ${emulator.url}/_emulator/tokens -H 'content-type: application/json' -d '{"subject":"alice"}'` +
          (demoConfig.auth.mode === 'gateway'
            ? ` (gateway mode: add "claims":{"${demoConfig.auth.jwt.identityClaim}":["<identity id>"]})`
            : ''),
      );
    }
    return { gateway, emulator };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** The banner of a gateway that serves every caller everything: it must not go unnoticed. */
function authenticationBanner(config: GatewayConfig, url: string): string | undefined {
  if (config.auth.mode !== 'none') return undefined;
  if (config.mode === 'demo') {
    return box('=', [
      'DEMO MODE — NO AUTHENTICATION',
      `Every caller of ${url} reads every identity's datasets.`,
      'Fine for the built-in emulator and its demo data on this machine; never expose it.',
      'Set GATEWAY_AUTH_MODE=identity or gateway to authenticate callers.',
    ]);
  }
  // Outside demo mode `none` is never the default: an operator chose it.
  return box('!', [
    'WARNING: CALLER AUTHENTICATION IS OFF (GATEWAY_AUTH_MODE=none)',
    'This gateway calls AWS with its own credentials and answers EVERY caller with',
    "EVERY identity's Cognito Sync datasets and the account's Personalize datasets.",
    `Anyone who can reach ${url} can read them.`,
    'Run it this way only behind a layer that authenticates callers itself.',
    'Set GATEWAY_AUTH_MODE=identity or gateway to authenticate callers here.',
  ]);
}

function box(border: string, lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => line.length)) + 6;
  const rule = border.repeat(width);
  const body = lines.map(
    (line) => `${border}${border}  ${line.padEnd(width - 6)}  ${border}${border}`,
  );
  return ['', rule, ...body, rule].join('\n');
}

function warnWithoutAuthentication(config: GatewayConfig, url: string, logger: Logger): void {
  const banner = authenticationBanner(config, url);
  if (banner === undefined) return;
  logger.warn({ authMode: config.auth.mode, mode: config.mode }, banner);
  // Also as plain lines for a person at a terminal (JSON logs escape the line breaks), and
  // outside demo mode even when the log level hides warnings: real data is open to everyone.
  const hidden = config.mode === 'aws' && !logger.isLevelEnabled('warn');
  if (process.stderr.isTTY || hidden) process.stderr.write(`${banner}\n`);
}

/** Exit code of a process ended by `signal`, as a shell reports it. */
function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/** Time closing may take beyond drain and grace (AWS clients, the demo emulator) before exit. */
const CLOSE_MARGIN_MS = 5_000;
/** The longest exit waits for log lines to reach stdout. */
const LOG_FLUSH_MS = 1_000;

/** Exits with `code` once the log lines written so far are out, or after LOG_FLUSH_MS. */
async function exit(output: LogOutput, code: number): Promise<never> {
  await output.flush(LOG_FLUSH_MS);
  process.exit(code);
}

function stopOnSignals(
  running: Running,
  config: GatewayConfig,
  logger: Logger,
  output: LogOutput,
): void {
  const { shutdownGraceMs: graceMs, shutdownDrainMs: drainMs } = config.resilience;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now, cutting any request still in flight`);
      void exit(output, signalExitCode(signal));
      return;
    }
    stopping = true;
    // Started before the line is logged: with no drain the listener is closed by then, so a
    // client that connects once it reads the line is refused, never accepted and then reset.
    const closing = running.gateway.close();
    logger.info(
      { drainMs, graceMs },
      `${signal}: shutting down; /ready answers 503, new connections stop in ${drainMs} ms, in-flight requests get up to ${graceMs} ms`,
    );
    // Drain and grace bound the wait for requests; this bounds everything else.
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time; exiting');
        void exit(output, 1);
      },
      drainMs + graceMs + CLOSE_MARGIN_MS,
    ).unref();
    void (async () => {
      try {
        await closing;
        await running.emulator?.close();
        logger.info('stopped');
        await exit(output, 0);
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        await exit(output, 1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The AWS SDK warns once per process, on stderr and in several lines, that its releases after
 * January 2027 need Node 22. The lockfile pins releases that support Node 20: say it once, in
 * the log, as a structured warning.
 */
function quietSdkNodeNotice(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  if (
    major >= 22 ||
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] !== undefined
  ) {
    return false;
  }
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  return true;
}

function warnAboutSettings(config: GatewayConfig, logger: Logger, sdkNotice: boolean): void {
  if (sdkNotice) {
    logger.warn(
      { node: process.version, requiredFromJanuary2027: '>=22' },
      'AWS SDK releases after the first week of January 2027 need Node.js 22; this build pins releases that support Node.js 20',
    );
  }
  const { requestTimeoutMs, shutdownGraceMs } = config.resilience;
  if (requestTimeoutMs > shutdownGraceMs) {
    logger.warn(
      { requestTimeoutMs, shutdownGraceMs },
      'GATEWAY_REQUEST_TIMEOUT_MS is longer than GATEWAY_SHUTDOWN_GRACE_MS: on shutdown, requests may be aborted (SHUTTING_DOWN) before their deadline',
    );
  }
  const heap = heapBudget(config, getHeapStatistics().heap_size_limit);
  if (!heap.fits) {
    logger.warn(
      { cacheBytes: heap.cacheBytes, heapLimitBytes: heap.heapLimitBytes },
      `GATEWAY_CACHE_MEMORY_BYTES and GATEWAY_DOCUMENT_CACHE_BYTES together exceed ${String(MAX_CACHE_SHARE_OF_HEAP * 100)}% of V8's heap limit: once full, the caches leave requests too little memory; raise --max-old-space-size in NODE_OPTIONS, or lower them`,
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const markdown = argv.includes('--markdown');
    process.stdout.write(
      markdown ? `${renderSettings('markdown')}\n` : `${USAGE}\n${renderSettings()}\n`,
    );
    return;
  }
  const sdkNotice = quietSdkNodeNotice();
  const config = loadConfig();
  const output = createLogOutput({
    format: config.logFormat ?? defaultLogFormat(process.stdout.isTTY, config.mode === 'demo'),
  });
  const logger = pino({ level: config.logLevel }, output);
  warnAboutSettings(config, logger, sdkNotice);
  try {
    stopOnSignals(await start(config, logger), config, logger, output);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    logger.fatal({ err: error }, 'the gateway could not start');
    await exit(output, 1);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\nRun \`npm start -- --help\` for the settings.\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
