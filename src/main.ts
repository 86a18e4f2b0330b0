// `npm start`: the gateway on real AWS, or, without AWS settings, on the built-in emulator with
// demo data. `npm start -- --help` lists the settings (`--markdown` for the README table).
// SIGTERM/SIGINT shut it down gracefully: no new connections, in-flight requests get
// GATEWAY_SHUTDOWN_GRACE_MS to finish, then exit 0; a second signal exits at once.
import { constants } from 'node:os';

import { pino, type Logger } from 'pino';

import { resolveRegion } from './aws.js';
import { ConfigError, loadConfig, renderSettings, withLocalUpstream } from './config.js';
import type { GatewayConfig } from './config.js';
import { loadSeed, startEmulator, type RunningEmulator, type Seed } from './emulator/index.js';
import { createGateway, type Gateway } from './server.js';

const USAGE = `dataset-gateway: a Relay GraphQL gateway over Cognito Sync and Personalize ListDatasets.

Usage: npm start [-- --help [--markdown]]

Settings (environment variables):
`;

/** GraphiQL opens on the demo identity with the most datasets, so paging has something to show. */
function demoVariables(seed: Seed): Record<string, unknown> {
  const identities = (seed.cognitoSync?.identityPools ?? []).flatMap((pool) =>
    pool.identities.map((identity) => ({
      identityPoolId: pool.identityPoolId,
      identityId: identity.identityId,
      datasets: identity.datasets.length,
    })),
  );
  const busiest = identities.reduce<(typeof identities)[number] | undefined>(
    (best, candidate) =>
      best === undefined || candidate.datasets > best.datasets ? candidate : best,
    undefined,
  );
  return busiest === undefined
    ? {}
    : { identityPoolId: busiest.identityPoolId, identityId: busiest.identityId };
}

interface Running {
  readonly gateway: Gateway;
  readonly emulator: RunningEmulator | undefined;
}

async function start(config: GatewayConfig, logger: Logger): Promise<Running> {
  if (config.mode === 'aws') {
    const region = await resolveRegion(config);
    const gateway = createGateway(config, { logger });
    const { url } = await gateway.listen();
    logger.info(`Using AWS in ${region} with the default credential chain`);
    logger.info({ url }, `GraphQL endpoint and GraphiQL: ${url}`);
    warnWithoutAuthentication(config, url, logger);
    return { gateway, emulator: undefined };
  }

  const seed = await loadSeed();
  const emulator = await startEmulator({ seed });
  try {
    const variables = demoVariables(seed);
    const demoPool = variables['identityPoolId'];
    const demoConfig = withLocalUpstream(config, {
      endpoint: emulator.url,
      credentials: emulator.credentials,
      ...(seed.region === undefined ? {} : { region: seed.region }),
      // GATEWAY_AUTH_MODE=identity or gateway in demo mode: the emulator's user pool signs in.
      identityProvider: emulator.identityProvider,
      ...(typeof demoPool === 'string' ? { identityPoolId: demoPool } : {}),
    });
    const gateway = createGateway(demoConfig, { logger, graphiqlVariables: variables });
    const { url } = await gateway.listen();
    logger.info(`Demo mode: using the built-in AWS emulator at ${emulator.url} with demo data`);
    logger.info({ url }, `GraphiQL: ${url} (set AWS_REGION or GATEWAY_DEMO=false to use real AWS)`);
    warnWithoutAuthentication(demoConfig, url, logger);
    if (demoConfig.auth.mode !== 'none') {
      logger.info(
        `Demo tokens: curl -s -X POST ${emulator.url}/_emulator/tokens -H 'content-type: application/json' -d '{"subject":"alice"}'` +
          (demoConfig.auth.mode === 'gateway'
            ? ` (gateway mode: add "claims":{"${demoConfig.auth.jwt?.identityClaim ?? 'identity_ids'}":["<identity id>"]})`
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

/** Time closing may take beyond the grace period (AWS clients, the demo emulator) before exit. */
const CLOSE_MARGIN_MS = 10_000;

function stopOnSignals(running: Running, graceMs: number, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now, cutting any request still in flight`);
      process.exit(signalExitCode(signal));
    }
    stopping = true;
    logger.info(
      { graceMs },
      `${signal}: shutting down; no new connections, in-flight requests get up to ${graceMs} ms`,
    );
    // The grace period bounds the wait for requests; this bounds everything else.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, graceMs + CLOSE_MARGIN_MS).unref();
    void (async () => {
      try {
        await running.gateway.close();
        await running.emulator?.close();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const markdown = argv.includes('--markdown');
    process.stdout.write(
      markdown ? `${renderSettings('markdown')}\n` : `${USAGE}\n${renderSettings()}\n`,
    );
    return;
  }
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  try {
    stopOnSignals(await start(config, logger), config.resilience.shutdownGraceMs, logger);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    logger.fatal({ err: error }, 'the gateway could not start');
    process.exitCode = 1;
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
