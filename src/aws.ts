// AWS SDK v3 clients for the two upstream services, configured from GatewayConfig: region,
// endpoint override, credentials, retries, per-attempt timeouts and keep-alive connections.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import { PersonalizeClient } from '@aws-sdk/client-personalize';

import { ConfigError, type GatewayConfig } from './config.js';

export interface AwsClients {
  readonly cognitoSync: CognitoSyncClient;
  readonly personalize: PersonalizeClient;
  /** Closes the clients' pooled connections. */
  destroy(): void;
}

// Enough sockets for the per-request concurrency cap times a few concurrent GraphQL requests.
const MAX_SOCKETS = 64;

export function createAwsClients(config: GatewayConfig): AwsClients {
  const { aws, upstream } = config;
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const clientConfig = (endpoint: string | undefined) => ({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(aws.region === undefined ? {} : { region: aws.region }),
    // A fresh object per client: the SDK annotates credentials in place, and config is frozen.
    ...(aws.credentials === undefined ? {} : { credentials: { ...aws.credentials } }),
    maxAttempts: upstream.maxAttempts,
    retryMode: upstream.retryMode,
    // Constructor options of the SDK's NodeHttpHandler, which the client builds from them.
    requestHandler: {
      connectionTimeout: upstream.connectTimeoutMs,
      requestTimeout: upstream.timeoutMs,
      // Without this flag the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      httpAgent,
      httpsAgent,
    },
  });
  const cognitoSync = new CognitoSyncClient(clientConfig(aws.endpoints.cognitoSync));
  const personalize = new PersonalizeClient(clientConfig(aws.endpoints.personalize));
  return {
    cognitoSync,
    personalize,
    destroy() {
      cognitoSync.destroy();
      personalize.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/**
 * The region the clients will use, resolved now (env, then the shared config profile) so a
 * missing region fails at start rather than on the first query.
 */
export async function resolveRegion(config: GatewayConfig): Promise<string> {
  if (config.aws.region !== undefined) return config.aws.region;
  const probe = new PersonalizeClient({});
  try {
    return await probe.config.region();
  } catch (error) {
    throw new ConfigError(
      ['AWS_REGION'],
      'AWS_REGION: no region configured. Set AWS_REGION, or a region in the AWS_PROFILE profile.',
      { cause: error },
    );
  } finally {
    probe.destroy();
  }
}
