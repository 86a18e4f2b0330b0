// Hive Gateway configuration for a supergraph in which the dataset gateway is the subgraph named
// `datasets`: save it as gateway.config.ts next to supergraph.graphql and run
// `npx hive-gateway supergraph`. It forwards the caller's Authorization header to this subgraph
// only, and waits for it longer than its own request deadline (docs/federation.md).

/** The dataset gateway's subgraph name in the supergraph (supergraph.yaml, or the registry's). */
const DATASETS_SUBGRAPH = 'datasets';

/**
 * The dataset gateway's GATEWAY_REQUEST_TIMEOUT_MS (15 s by default) plus a margin: its own
 * deadline must pass first, so that a slow request still answers with its typed errors
 * (DEADLINE_EXCEEDED, RATE_LIMITED...) instead of the router's timeout.
 */
const DATASETS_TIMEOUT_MS = 15_000 + 5_000;

export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  propagateHeaders: {
    // The bearer token reaches the subgraph that checks it, and no other subgraph.
    fromClientToSubgraphs: ({
      request,
      subgraphName,
    }: {
      readonly request: Request;
      readonly subgraphName: string;
    }) =>
      subgraphName === DATASETS_SUBGRAPH
        ? { authorization: request.headers.get('authorization') }
        : {},
  },
  upstreamTimeout: ({ subgraphName }: { readonly subgraphName?: string }) =>
    subgraphName === DATASETS_SUBGRAPH ? DATASETS_TIMEOUT_MS : undefined,
};
