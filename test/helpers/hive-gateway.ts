// A real Hive Gateway (@graphql-hive/gateway-runtime, the engine of the `hive-gateway` CLI) run
// in-process for the federation tests, over a supergraph composed by The Guild's composer
// (@theguild/federation-composition) from the subgraphs' SDL. Served on its own loopback port;
// every fetch it makes to a subgraph is recorded (subgraph, query, variables, headers), so tests
// can count entity fetches and see which headers each subgraph received.

import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { serveLocally } from './local-server.js';

export interface ComposableSubgraph {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
}

/** The supergraph SDL of these subgraphs. @throws Error listing the composition errors. */
export function composeSupergraph(subgraphs: readonly ComposableSubgraph[]): string {
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.supergraphSdl === undefined) {
    throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

/** One request the gateway sent to a subgraph while executing a client's operation. */
export interface HiveSubgraphFetch {
  readonly subgraph: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RunningHiveGateway {
  readonly url: string;
  readonly fetches: HiveSubgraphFetch[];
  close(): Promise<void>;
}

/** The options of the shipped config that the test gateway applies (not `supergraph`). */
export type HiveGatewayOptions = Pick<
  GatewayConfigSupergraph,
  'propagateHeaders' | 'upstreamTimeout'
>;

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(headers).entries());
}

function parsedBody(body: unknown): { query: string; variables: Record<string, unknown> } {
  if (typeof body !== 'string') return { query: '', variables: {} };
  const parsed = JSON.parse(body) as { query?: string; variables?: Record<string, unknown> };
  return { query: parsed.query ?? '', variables: parsed.variables ?? {} };
}

export async function startHiveGateway(
  supergraphSdl: string,
  options: HiveGatewayOptions = {},
): Promise<RunningHiveGateway> {
  const fetches: HiveSubgraphFetch[] = [];
  const gateway = createGatewayRuntime({
    ...options,
    supergraph: supergraphSdl,
    logging: false,
    plugins: () => [
      {
        onFetch: ({ options: request, executionRequest }) => {
          const subgraph = executionRequest?.subgraphName;
          if (subgraph === undefined) return;
          fetches.push({
            subgraph,
            ...parsedBody(request.body),
            headers: headerRecord(request.headers),
          });
        },
      },
    ],
  });
  const server = await serveLocally(gateway.requestListener, gateway.graphqlEndpoint);
  return {
    url: server.url,
    fetches,
    close: async () => {
      await server.close();
      await gateway.dispose();
    },
  };
}
