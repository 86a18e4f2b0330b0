// The cost model behind GATEWAY_MAX_COST (@pothos/plugin-complexity): every field costs 1, each
// upstream call a field stands for (a connection's page, a node's Describe) costs
// UPSTREAM_CALL_COST, and what is selected under a connection is multiplied by the number of
// edges asked for (first/last, else the default page size), so nested connections multiply as
// their upstream calls do. The connection's multiplier is the only one: its `edges` and `nodes`
// lists count once (they are the same page), not again as lists of unknown length.
import type { RequestContext } from '../resolvers/context.js';

/** What one upstream call (a page of a listing, one Describe) adds to an operation's cost. */
export const UPSTREAM_CALL_COST = 10;

/** What one connection field costs on its own: it means (at least) one upstream call. */
export const CONNECTION_COST = UPSTREAM_CALL_COST;

export interface ConnectionSizeArgs {
  readonly first?: number | null | undefined;
  readonly last?: number | null | undefined;
}

type CostContext = Pick<RequestContext, 'paging' | 'maxNodeIds'>;

/**
 * The edges a connection's `first`/`last` ask for (the default page size without either), within
 * the page size limits. Out-of-range sizes are refused by the resolver; in an estimate they only
 * must not break it.
 */
export function requestedEdges(args: ConnectionSizeArgs, paging: RequestContext['paging']): number {
  const asked = args.first ?? args.last ?? paging.defaultPageSize;
  return Math.min(Math.max(asked, 1), paging.maxPageSize);
}

export function connectionComplexity(
  args: ConnectionSizeArgs,
  context: CostContext,
): { field: number; multiplier: number } {
  return { field: CONNECTION_COST, multiplier: requestedEdges(args, context.paging) };
}

/**
 * A connection's `edges` and `nodes`: the connection field already multiplied their selections
 * by the page size, so they are plain fields here (the default would multiply by 10 again).
 */
export const connectionListComplexity = { field: 1, multiplier: 1 };

/** `node(id:)`: one Describe call (fewer when the request already loaded the object). */
export const nodeComplexity = { field: UPSTREAM_CALL_COST, multiplier: 1 };

/**
 * `nodes(ids:)`: one Describe call per id, and the selection once per id. More ids than
 * GATEWAY_MAX_NODE_IDS are refused by the resolver with BAD_USER_INPUT, so the estimate stops there.
 */
export function nodesComplexity(
  args: { readonly ids: readonly unknown[] },
  context: CostContext,
): { field: number; multiplier: number } {
  const ids = Math.min(args.ids.length, context.maxNodeIds);
  return { field: Math.max(1, ids * UPSTREAM_CALL_COST), multiplier: ids };
}

// No `limit` here: src/limits/cost.ts checks the estimate once, before execution. A limit in
// the plugin would compute the same estimate a second time in every request.
export const complexityOptions = {
  defaultComplexity: 1,
  defaultListMultiplier: 10,
};
