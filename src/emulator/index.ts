// The emulator's public entry: the only module the gateway and the tests import.
import type { AddressInfo } from 'node:net';
import { createCognitoSyncService } from './cognito-sync.js';
import {
  advertisedCredentials,
  bindToIdentityPools,
  DEFAULT_CREDENTIALS,
  validateCredentials,
} from './credentials.js';
import { createFaultInjector } from './faults.js';
import { createHttpFront } from './http.js';
import { createPersonalizeService } from './personalize.js';
import { resolveQuotas } from './quotas.js';
import { createRequestLog } from './request-log.js';
import { createSigV4Verifier } from './sigv4.js';
import { loadSeed } from './store.js';
import { createTokenCodec } from './tokens.js';
import type { EmulatorOptions, RequestLog, RunningEmulator } from './types.js';

export type * from './types.js';
export { ServiceError } from './types.js';
export { DEFAULT_QUOTAS } from './quotas.js';
export { DEMO_SEED_PATH, SeedError, loadSeed } from './store.js';
export { generateSeed, type GenerateSeedOptions } from './seed/generate.js';
export type { RequestLogSummary, OperationSummary } from './request-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Starts the emulator on `host:port` (default 127.0.0.1 and an ephemeral port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? (() => new Date());
  const seed = await loadSeed(options.seed);
  validateCredentials(options.credentials ?? DEFAULT_CREDENTIALS);
  const credentials = bindToIdentityPools(options.credentials ?? DEFAULT_CREDENTIALS, seed);
  const quotas = resolveQuotas(seed);
  const tokens = createTokenCodec({ ttlMs: options.tokenTtlMs ?? DAY_MS, now });
  const faults = createFaultInjector(options.faults ?? [], options.faultSeed ?? 1);
  const log = createRequestLog();

  const server = createHttpFront({
    services: {
      'cognito-sync': createCognitoSyncService(seed, { tokens, quotas, now: now() }),
      personalize: createPersonalizeService(seed, { tokens, quotas }),
    },
    verifier: createSigV4Verifier({ credentials, now }),
    faults,
    log,
    now,
    allowRemoteAdmin: options.allowRemoteAdmin ?? false,
    onUnexpectedError: (error) => {
      process.stderr.write(
        `[emulator] unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    },
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const requests: RequestLog = {
    entries: (filter) => log.entries(filter),
    count: (filter) => log.count(filter),
    clear: () => {
      log.clear();
    },
  };

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    credentials: advertisedCredentials(credentials),
    requests,
    faults: {
      set: (rules) => {
        faults.set(rules);
      },
      clear: () => {
        faults.clear();
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        // Keep-alive sockets would hold close() open for seconds; end them now.
        server.closeAllConnections();
      }),
  };
}
