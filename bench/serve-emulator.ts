// The emulator for `npm run bench`, in its own process, loaded with a large generated listing.
// Prints one JSON line with its URL and credentials, then serves until it is killed.
import { generateSeed, startEmulator } from '../src/emulator/index.js';

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
const { issuer, jwksUrl, clientId } = emulator.identityProvider;
process.stdout.write(
  `${JSON.stringify({
    url: emulator.url,
    credentials: emulator.credentials,
    identityProvider: { issuer, jwksUrl, clientId },
  })}\n`,
);

const stop = (): void => {
  void emulator.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
