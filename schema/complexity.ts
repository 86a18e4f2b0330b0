// The cost model behind GATEWAY_MAX_COST (@pothos/plugin-complexity): every field costs 1, a
// connection costs what one upstream page call is worth, and the selections under a connection
// are multiplied by the number of edges asked for (first/last, else the default page size), so
// nested connections multiply, as their upstream calls do.
import type { RequestContext } from '../resolvers/context.js';
import { GatewayError } from '../resolvers/errors.js';

/** What one connection field costs on its own: it means (at least) one upstream call. */
export const CONNECTION_COST = 10;

export interface ConnectionSizeArgs {
  readonly first?: number | null | undefined;
  readonly last?: number | null | undefined;
}

export function connectionComplexity(
  args: ConnectionSizeArgs,
  context: RequestContext,
): { field: number; multiplier: number } {
  const asked = args.first ?? args.last ?? context.limits.defaultPageSize;
  // Out-of-range sizes are refused by the resolver; here they only must not break the estimate.
  const edges = Math.min(Math.max(asked, 1), context.limits.maxPageSize);
  return { field: CONNECTION_COST, multiplier: edges };
}

export const complexityOptions = {
  defaultComplexity: 1,
  defaultListMultiplier: 10,
  limit: (context: RequestContext) => ({ complexity: context.maxCost }),
  complexityError: (
    _kind: string,
    result: { readonly complexity: number; readonly maxComplexity?: number },
  ) =>
    new GatewayError(
      'COST_LIMIT_EXCEEDED',
      `This operation's estimated cost ${result.complexity} is over the limit of ${result.maxComplexity ?? 'the gateway'}: ask for fewer edges (first/last) or fewer nested connections.`,
      { extensions: { cost: result.complexity, maxCost: result.maxComplexity } },
    ),
};
