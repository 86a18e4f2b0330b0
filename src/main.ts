// `npm start`: the gateway on real AWS, or, without AWS settings, on the built-in emulator with
// demo data. `npm start -- --help` lists the settings (`--markdown` for the README table).
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
    logger.info(`GraphQL endpoint and GraphiQL: ${url}`);
    return { gateway, emulator: undefined };
  }

  const seed = await loadSeed();
  const emulator = await startEmulator({ seed });
  try {
    const demoConfig = withLocalUpstream(config, {
      endpoint: emulator.url,
      credentials: emulator.credentials,
      ...(seed.region === undefined ? {} : { region: seed.region }),
    });
    const gateway = createGateway(demoConfig, { logger, graphiqlVariables: demoVariables(seed) });
    const { url } = await gateway.listen();
    logger.info(`Demo mode: using the built-in AWS emulator at ${emulator.url} with demo data`);
    logger.info(`GraphiQL: ${url} (set AWS_REGION or GATEWAY_DEMO=false to use real AWS)`);
    return { gateway, emulator };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

function stopOnSignals(running: Running, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    void (async () => {
      try {
        await running.gateway.close();
        await running.emulator?.close();
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
    stopOnSignals(await start(config, logger), logger);
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
