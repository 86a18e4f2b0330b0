// The system under test for `npm run bench`, in its own process so that the load generator does
// not share an event loop with it: the emulator with a large generated listing, and the gateway in
// front of it. Prints one JSON line with both URLs, then serves until it is killed.
import { loadConfig, withLocalUpstream } from '../src/config.js';
import { generateSeed, startEmulator } from '../src/emulator/index.js';
import { createGateway } from '../src/server.js';

const groups = Number(process.env['BENCH_PERSONALIZE_GROUPS'] ?? '2000');

const emulator = await startEmulator({
  seed: generateSeed({
    personalizeDatasetGroups: groups,
    personalizeDatasetsPerGroup: 5,
    cognitoIdentities: 1,
    cognitoDatasetsPerIdentity: 20,
    seed: 7,
  }),
});
const config = withLocalUpstream(
  loadConfig({
    GATEWAY_DEMO: 'false',
    AWS_REGION: 'us-east-1',
    HOST: '127.0.0.1',
    PORT: '0',
    GATEWAY_CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'silent',
  }),
  { endpoint: emulator.url, credentials: emulator.credentials },
);
const gateway = createGateway(config);
const { url } = await gateway.listen();

process.stdout.write(
  `${JSON.stringify({ gatewayUrl: url, emulatorUrl: emulator.url, credentials: emulator.credentials })}\n`,
);

const stop = (): void => {
  void gateway
    .close()
    .then(() => emulator.close())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
