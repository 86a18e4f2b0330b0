// A Relay subgraph that owns Query.node / Query.nodes for the whole supergraph, the pattern
// docs/federation.md describes for a supergraph in which our subgraph runs with
// GATEWAY_SUBGRAPH_NODE_FIELDS=false: `interface Node @key(fields: "id")` (an entity interface),
// its own `User` nodes, and our three Node types as `id`-keyed stubs (Apollo's composer requires
// them; The Guild's does not). `node(id:)` answers an id of ours with `{ __typename, id }` (our
// global ids are base64 of `Type:rawId`) and the router fetches the rest from our subgraph by
// the `id` key. Built with @apollo/subgraph, served by graphql-yoga on its own loopback port.

import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { serveLocally } from './local-server.js';

export const OUR_NODE_TYPES = ['CognitoDataset', 'PersonalizeDataset', 'PersonalizeDatasetGroup'];

export const RELAY_NODE_SUBGRAPH_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  interface Node @key(fields: "id") {
    id: ID!
  }

  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }

  type User implements Node @key(fields: "id") {
    id: ID!
    name: String!
  }

  ${OUR_NODE_TYPES.map((type) => `type ${type} implements Node @key(fields: "id") { id: ID! }`).join('\n')}
`;

export interface RelayNodeSubgraph {
  readonly url: string;
  close(): Promise<void>;
}

interface NodeReference {
  readonly __typename: string;
  readonly id: string;
  readonly name?: string;
}

/** The id of one of this subgraph's users, in the same encoding as ours. */
export function userId(name: string): string {
  return Buffer.from(`User:${name}`, 'utf8').toString('base64');
}

function nodeOf(id: string, users: readonly string[]): NodeReference | null {
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = separator < 0 ? '' : decoded.slice(0, separator);
  const rawId = decoded.slice(separator + 1);
  if (typename === 'User') {
    return users.includes(rawId) ? { __typename: 'User', id, name: rawId } : null;
  }
  return OUR_NODE_TYPES.includes(typename) ? { __typename: typename, id } : null;
}

export async function startRelayNodeSubgraph(users: readonly string[]): Promise<RelayNodeSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(RELAY_NODE_SUBGRAPH_SDL),
    resolvers: {
      Query: {
        node: (_root: unknown, args: { id: string }) => nodeOf(args.id, users),
        nodes: (_root: unknown, args: { ids: readonly string[] }) =>
          args.ids.map((id) => nodeOf(id, users)),
      },
      Node: {
        __resolveType: (node: NodeReference) => node.__typename,
      },
    },
  });
  const yoga = createYoga({ schema, logging: false });
  const server = await serveLocally(yoga.requestListener, yoga.graphqlEndpoint);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await yoga.dispose();
    },
  };
}
