// A connection's edges and page info as plain values: the gateway reads their cursors through
// prototype getters (resolvers/paginate.ts), which deep equality does not call.
import type { Connection, PageInfo } from '../../resolvers/paginate.js';

export interface PlainEdge<T> {
  readonly node: T;
  readonly cursor: string;
}

export function plainEdges<T>(connection: Pick<Connection<T>, 'edges'>): PlainEdge<T>[] {
  return connection.edges.map(({ node, cursor }) => ({ node, cursor }));
}

export function plainPageInfo(pageInfo: PageInfo): PageInfo {
  const { hasNextPage, hasPreviousPage, startCursor, endCursor } = pageInfo;
  return { hasNextPage, hasPreviousPage, startCursor, endCursor };
}

/** The connection as the client reads it: edges and page info as values, and the known length. */
export function plainConnection<T>(connection: Connection<T>): {
  edges: PlainEdge<T>[];
  pageInfo: PageInfo;
  knownLength: number;
} {
  return {
    edges: plainEdges(connection),
    pageInfo: plainPageInfo(connection.pageInfo),
    knownLength: connection.knownLength,
  };
}
