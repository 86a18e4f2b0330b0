// The whole stack for integration tests: the AWS emulator on a loopback port and the gateway on
// another, wired the way production is (real SDK clients over HTTP, real yoga over HTTP).
import { loadConfig, withLocalUpstream } from '../../src/config/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, RunningEmulator, Seed } from '../../src/emulator/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.js';

export interface StartStackOptions {
  /** The emulator's seed (overrides `emulator.seed`). Default: the emulator's demo seed. */
  readonly seed?: Seed;
  readonly emulator?: Partial<EmulatorOptions>;
  /**
   * Gateway settings (environment variable names, see src/config/settings/), over the test defaults; a
   * function gets the running emulator (e.g. for its identity provider's issuer and JWKS URL).
   */
  readonly env?: Record<string, string> | ((emulator: RunningEmulator) => Record<string, string>);
  /** Options for createGateway that are not settings (e.g. `now`, a clock the test advances). */
  readonly gateway?: GatewayOptions;
}

export interface GraphQLErrorBody {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string } & Record<string, unknown>;
}

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly body: { readonly data?: T; readonly errors?: GraphQLErrorBody[] };
}

export interface Stack {
  /** The GraphQL endpoint, http://127.0.0.1:PORT/graphql */
  readonly url: string;
  readonly emulator: RunningEmulator;
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

// Fixed so a test can compare cursors across stacks; long enough for the config's minimum.
const TEST_CURSOR_SECRET = 'integration-test-cursor-secret-0123456789abcdef';

const TEST_ENV: Readonly<Record<string, string>> = {
  GATEWAY_DEMO: 'false',
  // Closing a test gateway need not wait for load balancers.
  GATEWAY_SHUTDOWN_DRAIN_MS: '0',
  AWS_REGION: 'us-east-1',
  HOST: '127.0.0.1',
  PORT: '0',
  GATEWAY_CURSOR_SECRET: TEST_CURSOR_SECRET,
  LOG_LEVEL: 'silent',
  // Most tests are about data, not callers; the auth tests set their mode explicitly.
  GATEWAY_AUTH_MODE: 'none',
  // Most tests count the upstream calls of each request; the cache tests turn it on.
  GATEWAY_CACHE: 'off',
};

export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({
    ...options.emulator,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  try {
    const env = typeof options.env === 'function' ? options.env(emulator) : options.env;
    const gateway = await startGatewayOn(emulator, env, options.gateway);
    return {
      url: gateway.url,
      emulator,
      graphql: gateway.graphql,
      close: async () => {
        try {
          await gateway.close();
        } finally {
          await emulator.close();
        }
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

export interface RunningGateway {
  readonly url: string;
  readonly gateway: Gateway;
  graphql: Stack['graphql'];
  /** Closes the gateway only (the emulator is the caller's). */
  close(): Promise<void>;
}

/**
 * One gateway over an emulator the caller owns, with the test settings under `env`: several of
 * them over one emulator are replicas behind one load balancer.
 */
export async function startGatewayOn(
  emulator: RunningEmulator,
  env: Record<string, string> = {},
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const config = withLocalUpstream(loadConfig({ ...TEST_ENV, ...env }), {
    endpoint: emulator.url,
    credentials: emulator.credentials,
  });
  const gateway = await createGateway(config, options);
  const { url } = await gateway.listen();
  return {
    url,
    gateway,
    graphql: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    close: () => gateway.close(),
  };
}

async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string> | undefined,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as GraphQLResponse<T>['body'] };
  } catch (error) {
    throw new Error(`expected a JSON GraphQL response, got HTTP ${response.status}: ${text}`, {
      cause: error,
    });
  }
}
