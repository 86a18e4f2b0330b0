// AWS SDK v3 clients for the two upstream services, configured from GatewayConfig: region,
// endpoint override, credentials, retries, per-attempt timeouts and keep-alive connections.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import { PersonalizeClient } from '@aws-sdk/client-personalize';

import {
  SMITHY_CONTEXT_KEY,
  type BuildMiddleware,
  type MetadataBearer,
  type MiddlewareStack,
} from '@smithy/types';

import type { UpstreamClients, UpstreamService } from '../resolvers/upstream.js';
import { createRetryStrategy } from './aws-retries.js';
import {
  AWS_SETTINGS,
  ConfigError,
  type GatewayConfig,
  type StaticCredentials,
} from './config/index.js';
import { REQUEST_ID_HEADER, requestIdOfSignal } from './observability/request-id.js';

export interface AwsClients {
  readonly cognitoSync: CognitoSyncClient;
  readonly personalize: PersonalizeClient;
  /** Exchanges callers' login tokens for their credentials (identity mode). */
  readonly cognitoIdentity: CognitoIdentityClient;
  /**
   * Cognito Sync and Personalize clients that sign with these credentials (a caller's temporary
   * ones, identity mode), configured like the gateway's and sharing its connection pools. Never
   * destroy them (that would close the shared pools): they hold nothing else, dropping them is
   * enough.
   */
  withCredentials(credentials: TemporaryCredentials): UpstreamClients;
  /** Closes the clients' pooled connections. */
  destroy(): void;
}

export interface TemporaryCredentials extends StaticCredentials {
  readonly expiration?: Date;
}

/**
 * Sends the id of the GraphQL request an upstream call serves (REQUEST_ID_HEADER), found from the
 * abort signal the call was sent with (every call goes through src/upstream.ts, which notes its
 * request's signal). Added before signing, so the header is signed like any other.
 */
export function sendRequestIds<Input extends object, Output extends MetadataBearer>(client: {
  readonly middlewareStack: MiddlewareStack<Input, Output>;
}): void {
  const middleware: BuildMiddleware<Input, Output> = (next, context) => (args) => {
    const requestId = requestIdOfSignal(context[SMITHY_CONTEXT_KEY]?.abortSignal);
    const { request } = args;
    if (requestId !== undefined && typeof request === 'object' && request !== null) {
      const { headers } = request as { headers?: Record<string, string> };
      if (headers !== undefined) headers[REQUEST_ID_HEADER] = requestId;
    }
    return next(args);
  };
  client.middlewareStack.add(middleware, {
    step: 'build',
    name: 'gatewayRequestId',
    override: true,
  });
}

/**
 * What every client the gateway builds gets: request ids sent, and no SDK loggerMiddleware. That
 * middleware copies each call's input and whole output through the models' sensitive-field
 * filters for the logger the gateway never configures (the SDK's no-op one): a deep copy of every
 * 100-item page for nothing. src/upstream.ts measures and logs the calls instead.
 */
function prepare<Input extends object, Output extends MetadataBearer>(client: {
  readonly middlewareStack: MiddlewareStack<Input, Output>;
}): void {
  sendRequestIds(client);
  client.middlewareStack.remove('loggerMiddleware');
}

export function createAwsClients(config: GatewayConfig): AwsClients {
  const { aws, upstream } = config;
  // One socket per call the process-wide cap lets through. One agent pair per service: agents
  // count sockets per origin, so services sharing an endpoint (the emulator, a proxy) would
  // otherwise starve each other when one of them is slow.
  const maxSockets = config.resilience.serviceConcurrency;
  const agentsOf = () => ({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  });
  const agents = { sync: agentsOf(), personalize: agentsOf(), identity: agentsOf() };
  const clientConfig = (
    service: keyof typeof agents,
    endpoint: string | undefined,
    credentials: TemporaryCredentials | undefined = aws.credentials,
  ) => ({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(aws.region === undefined ? {} : { region: aws.region }),
    // A fresh object per client: the SDK annotates credentials in place, and config is frozen.
    ...(credentials === undefined ? {} : { credentials: { ...credentials } }),
    retryStrategy: createRetryStrategy(upstream.retryMode, upstream.maxAttempts),
    // Constructor options of the SDK's NodeHttpHandler, which the client builds from them.
    requestHandler: {
      connectionTimeout: upstream.connectTimeoutMs,
      requestTimeout: upstream.timeoutMs,
      // Without this flag the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      ...agents[service],
    },
  });
  const cognitoSync = new CognitoSyncClient(clientConfig('sync', aws.endpoints.cognitoSync));
  const personalize = new PersonalizeClient(clientConfig('personalize', aws.endpoints.personalize));
  // GetId and GetCredentialsForIdentity are unsigned: the SDK never resolves credentials for them.
  const cognitoIdentity = new CognitoIdentityClient(
    clientConfig('identity', aws.endpoints.cognitoIdentity),
  );
  prepare(cognitoSync);
  prepare(personalize);
  prepare(cognitoIdentity);
  return {
    cognitoSync,
    personalize,
    cognitoIdentity,
    withCredentials(credentials) {
      const callerSync = new CognitoSyncClient(
        clientConfig('sync', aws.endpoints.cognitoSync, credentials),
      );
      const callerPersonalize = new PersonalizeClient(
        clientConfig('personalize', aws.endpoints.personalize, credentials),
      );
      prepare(callerSync);
      prepare(callerPersonalize);
      return { cognitoSync: callerSync, personalize: callerPersonalize };
    },
    destroy() {
      cognitoSync.destroy();
      personalize.destroy();
      cognitoIdentity.destroy();
      for (const pair of Object.values(agents)) {
        pair.httpAgent.destroy();
        pair.httpsAgent.destroy();
      }
    },
  };
}

/** The endpoint a service's calls go to, for logs: the override, else the AWS regional one. */
export function endpointOf(config: GatewayConfig, service: UpstreamService): string {
  const { endpoints, region } = config.aws;
  const override = {
    'cognito-sync': endpoints.cognitoSync,
    personalize: endpoints.personalize,
    'cognito-identity': endpoints.cognitoIdentity,
  }[service];
  // The services' endpoint prefixes are their names.
  return override ?? `https://${service}.${region ?? '<region>'}.amazonaws.com`;
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
    const setting = AWS_SETTINGS.region.env;
    throw new ConfigError(
      [setting],
      `${setting}: no region configured. Set ${setting}, or a region in the AWS_PROFILE profile.`,
      { cause: error },
    );
  } finally {
    probe.destroy();
  }
}
