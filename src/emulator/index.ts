// The emulator's public entry: the only module the gateway and the tests import.
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_CREDENTIALS_TTL_SECONDS,
  createCognitoIdentityService,
} from './cognito-identity/service.js';
import { createIdentityDirectory } from './cognito-identity/state.js';
import { createUserPool } from './cognito-identity/user-pool.js';
import { createCognitoSyncService } from './cognito-sync/service.js';
import type { EmulatorOptions, RequestLog, RunningEmulator } from './contract.js';
import {
  advertisedCredentials,
  bindToIdentityPools,
  DEFAULT_CREDENTIALS,
  validateCredentials,
} from './credentials.js';
import { createFaultInjector } from './faults.js';
import { createHttpFront } from './http/server.js';
import { createPersonalizeService } from './personalize/service.js';
import { createSigV4Verifier } from './protocol/sigv4.js';
import { createRequestLog } from './request-log.js';
import { loadSeed } from './seed/load.js';
import { resolveQuotas } from './seed/quotas.js';
import { createTokenCodec } from './tokens.js';

export type * from './contract.js';
export type { OperationContext, Principal } from './protocol/operation.js';
export type {
  Quotas,
  Seed,
  SeedAuthenticatedRole,
  SeedCognitoDataset,
  SeedCognitoIdentity,
  SeedCognitoRecord,
  SeedIdentityPool,
  SeedPersonalizeDataset,
  SeedPersonalizeDatasetGroup,
  SeedPersonalizeSchema,
} from './seed/schema.js';
export { ServiceError } from './protocol/service-error.js';
export { DEFAULT_QUOTAS } from './seed/quotas.js';
export { SeedError, loadSeed } from './seed/load.js';
export { generateSeed, type GenerateSeedOptions } from './seed/generate.js';
export type { RequestLogSummary, OperationSummary } from './request-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT_ID = '123456789012';

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
  const credentialsTtlSeconds = options.credentialsTtlSeconds ?? DEFAULT_CREDENTIALS_TTL_SECONDS;
  if (!(credentialsTtlSeconds > 0 && credentialsTtlSeconds <= 7 * 24 * 3600)) {
    throw new Error('credentialsTtlSeconds must be more than 0 and at most 604800 (7 days)');
  }
  const userPool = await createUserPool({
    region: seed.region ?? DEFAULT_REGION,
    now,
    ...(options.identityProvider?.userPoolId === undefined
      ? {}
      : { userPoolId: options.identityProvider.userPoolId }),
    ...(options.identityProvider?.clientId === undefined
      ? {}
      : { clientId: options.identityProvider.clientId }),
  });
  const directory = createIdentityDirectory(seed);
  const verifier = createSigV4Verifier({ credentials, now });

  const server = createHttpFront({
    services: {
      'cognito-sync': createCognitoSyncService(seed, { tokens, quotas, now: now() }),
      personalize: createPersonalizeService(seed, { tokens, quotas }),
      'cognito-identity': createCognitoIdentityService({
        userPool,
        directory,
        accountId: seed.accountId ?? DEFAULT_ACCOUNT_ID,
        credentialsTtlSeconds,
        onIssued: (issued) => {
          verifier.learn(issued);
        },
      }),
    },
    verifier,
    faults,
    log,
    now,
    userPool,
    personalizeReadAllowed: (identityPoolId) =>
      directory.pool(identityPoolId)?.personalizeRead === true,
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
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const requests: RequestLog = {
    entries: (filter) => log.entries(filter),
    count: (filter) => log.count(filter),
    inFlight: (filter) => log.inFlight(filter),
    clear: () => {
      log.clear();
    },
  };

  return {
    url,
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
    identityProvider: {
      userPoolId: userPool.userPoolId,
      issuer: userPool.issuer,
      jwksUrl: `${url}${userPool.jwksPath}`,
      loginProvider: userPool.loginProvider,
      clientId: userPool.clientId,
      issueToken: (request) => userPool.issueToken(request),
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
