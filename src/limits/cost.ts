// The cost limit, checked once per operation before execution with @pothos/plugin-complexity's
// estimate (schema/complexity.ts). The plugin's own per-root-field check is not used: it would
// answer one error per root field next to `data` of nulls, and compute the estimate again;
// refusing here gives one request error and nothing resolved.
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  getOperationAST,
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type ExecutionArgs,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';
import { memoizedEstimate } from './estimate-cache.js';

/**
 * The estimated cost of the operation that will run, or undefined when it cannot be estimated
 * (no such operation, variables of the wrong type, malformed ids): execution then reports that
 * problem itself.
 */
export function estimateCost(args: ExecutionArgs): number | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  // The plugin's helper estimates the first operation of a document: give it only this one.
  const definitions: DefinitionNode[] = [
    operation,
    ...args.document.definitions.filter(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION,
    ),
  ];
  // `__typename` is answered from the schema with no call. Routers and client caches (Apollo,
  // urql) add it to every selection: priced at 1 per field, it would refuse their operations
  // before the same operation sent without it.
  const document = withoutTypename({ kind: Kind.DOCUMENT, definitions });
  try {
    return complexityFromQuery(document, {
      schema: args.schema,
      variables: args.variableValues ?? {},
      ctx: args.contextValue as object,
    }).complexity;
  } catch {
    return undefined;
  }
}

function withoutTypename(document: DocumentNode): DocumentNode {
  return visit(document, {
    Field: (node) => (node.name.value === '__typename' ? null : undefined),
  });
}

/** The COST_LIMIT_EXCEEDED refusal of an operation whose estimate is over the limit. */
function costLimitError(cost: number, maxCost: number): GatewayError {
  return new GatewayError(
    'COST_LIMIT_EXCEEDED',
    `This operation's estimated cost ${cost} is over the limit of ${maxCost}: ask for fewer edges (first/last) or fewer nested connections.`,
    { http: { status: 400, spec: true }, extensions: { cost, maxCost } },
  );
}

export function useCostLimit(maxCost: number): Plugin {
  const estimate = memoizedEstimate(estimateCost);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = estimate(args);
      if (cost !== undefined && cost > maxCost) {
        setResultAndStopExecution({
          errors: [costLimitError(cost, maxCost)],
        });
      }
    },
  };
}
