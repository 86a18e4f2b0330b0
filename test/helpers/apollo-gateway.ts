// A real Apollo Gateway (@apollo/gateway) run in-process for the federation tests: it composes
// the supergraph from the subgraphs' live `_service { sdl }` (IntrospectAndCompose), plans each
// query and fetches from the subgraphs over HTTP. graphql-yoga serves it: yoga parses and
// validates against the gateway's API schema, then hands execution to the gateway's executor.
// Every operation the gateway sends to a subgraph is recorded, so tests can count the fetches.
import { createHash } from 'node:crypto';

import {
  ApolloGateway,
  IntrospectAndCompose,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { getOperationAST, print, type ExecutionArgs } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { serveLocally } from './local-server.js';

export interface SubgraphEndpoint {
  readonly name: string;
  readonly url: string;
}

/** One operation the gateway sent to a subgraph while executing a client's query. */
export interface SubgraphFetch {
  readonly subgraph: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface RunningApolloGateway {
  /** The gateway's GraphQL endpoint. */
  readonly url: string;
  /** The composed supergraph SDL. */
  readonly supergraphSdl: string;
  readonly fetches: SubgraphFetch[];
  close(): Promise<void>;
}

type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type GatewayRequestContext = Parameters<Executor>[0];

class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly fetches: SubgraphFetch[],
  ) {
    super({ url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions): void {
    // Only fetches made for a client's query (not the schema loading nor health checks).
    if (!('incomingRequestContext' in options)) return;
    this.fetches.push({
      subgraph: this.subgraph,
      query: options.request.query ?? '',
      variables: options.request.variables ?? {},
    });
  }
}

const silentLogger: GatewayRequestContext['logger'] = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const noCache: GatewayRequestContext['cache'] = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(true),
};

/** What the gateway's executor needs of a request (Apollo Server would build this). */
function requestContext(args: ExecutionArgs): GatewayRequestContext {
  const operationName = args.operationName ?? null;
  const operation = getOperationAST(args.document, operationName);
  if (operation === null || operation === undefined) {
    throw new Error('the document has no operation to run');
  }
  const source = print(args.document);
  return {
    request: {
      query: source,
      variables: args.variableValues ?? {},
      ...(operationName === null ? {} : { operationName }),
    },
    document: args.document,
    source,
    operation,
    operationName,
    schema: args.schema,
    schemaHash: 'test' as GatewayRequestContext['schemaHash'],
    queryHash: createHash('sha256').update(source).digest('hex'),
    context: {},
    cache: noCache,
    logger: silentLogger,
    metrics: {},
    overallCachePolicy: undefined,
  };
}

function useGatewayExecutor(executor: Executor): Plugin {
  return {
    onExecute: ({ setExecuteFn }) => {
      setExecuteFn((args) => executor(requestContext(args)));
    },
  };
}

export async function startApolloGateway(
  subgraphs: readonly SubgraphEndpoint[],
): Promise<RunningApolloGateway> {
  const fetches: SubgraphFetch[] = [];
  let supergraphSdl = '';
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs: [...subgraphs] }),
    buildService: ({ name, url }) => new RecordingDataSource(name, url ?? '', fetches),
    logger: silentLogger,
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    supergraphSdl = coreSupergraphSdl;
  });
  const { schema, executor } = await gateway.load();
  const yoga = createYoga({ schema, plugins: [useGatewayExecutor(executor)], logging: false });
  const server = await serveLocally(yoga.requestListener, yoga.graphqlEndpoint);
  return {
    url: server.url,
    supergraphSdl,
    fetches,
    close: async () => {
      await server.close();
      await yoga.dispose();
      await gateway.stop();
    },
  };
}
