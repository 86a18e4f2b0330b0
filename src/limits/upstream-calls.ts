// GATEWAY_MAX_UPSTREAM_CALLS, checked before execution: the operation's plan (the upstream calls
// its arguments fix, schema/upstream-calls.ts) must fit, or the request is refused with one error
// and no call made. Distinct global ids count once across the whole operation, as the request's
// loaders fetch each once. What the plan cannot know is bounded at run time by the same ceiling
// in the upstream runner (src/upstream.ts).
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  isUnionType,
  Kind,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

import type { RequestContext } from '../../resolvers/context.js';
import { GatewayError } from '../../resolvers/errors.js';
import { fieldUpstreamCalls } from '../../schema/upstream-calls.js';
import { memoizedEstimate } from './estimate-cache.js';

interface Walk {
  readonly schema: GraphQLSchema;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly context: RequestContext;
  readonly keys: Set<string>;
}

function included(walk: Walk, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.['if'] !== false;
}

/** Where the walk is: how often the selection runs, and how often a connection's items do. */
interface Scope {
  readonly multiplier: number;
  /** Inside a connection: how many times its `edges` and `nodes` run. */
  readonly items?: number;
}

function callsOf(
  walk: Walk,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  scope: Scope,
  seenFragments: ReadonlySet<string>,
): number {
  let calls = 0;
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : parent;
      if (type !== undefined && (isObjectType(type) || isAbstractType(type))) {
        calls += callsOf(walk, type, selection.selectionSet, scope, seenFragments);
      }
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (
        fragment &&
        type &&
        (isObjectType(type) || isAbstractType(type)) &&
        !seenFragments.has(name)
      ) {
        calls += callsOf(
          walk,
          type,
          fragment.selectionSet,
          scope,
          new Set([...seenFragments, name]),
        );
      }
      continue;
    }
    // A union has no fields but __typename; an interface's are its own (`id` for Node).
    if (isUnionType(parent)) continue;
    const definition = parent.getFields()[selection.name.value];
    if (definition === undefined) continue;
    const isItems =
      scope.items !== undefined && (definition.name === 'edges' || definition.name === 'nodes');
    const multiplier = isItems ? (scope.items ?? 1) : scope.multiplier;
    const args = getArgumentValues(definition, selection, walk.variables);
    const field = fieldUpstreamCalls(parent.name, definition.name, args, walk.context);
    let own = (field?.calls ?? 0) * multiplier;
    if (field?.keys !== undefined) {
      for (const key of field.keys) {
        if (walk.keys.has(key)) continue;
        walk.keys.add(key);
        own += multiplier;
      }
    }
    calls += own;
    const type = getNamedType(definition.type);
    if (selection.selectionSet && (isObjectType(type) || isAbstractType(type))) {
      const inner: Scope =
        field?.connection === true
          ? { multiplier, items: multiplier * field.multiplier }
          : { multiplier: multiplier * (field?.multiplier ?? 1) };
      calls += callsOf(walk, type, selection.selectionSet, inner, seenFragments);
    }
  }
  return calls;
}

/**
 * The upstream calls the operation's arguments fix, or undefined when it cannot be estimated
 * (no such operation, variables of the wrong type): execution then reports that problem itself.
 */
export function estimateUpstreamCalls(args: ExecutionArgs): number | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation && args.schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  try {
    return callsOf(
      {
        schema: args.schema,
        variables: args.variableValues ?? {},
        fragments,
        context: args.contextValue as RequestContext,
        keys: new Set(),
      },
      root,
      operation.selectionSet,
      { multiplier: 1 },
      new Set(),
    );
  } catch {
    return undefined;
  }
}

/** The refusal of a plan over the limit, before any call. */
function upstreamCallLimitError(calls: number, maxCalls: number): GatewayError {
  return new GatewayError(
    'UPSTREAM_CALL_LIMIT_EXCEEDED',
    `This request would make at least ${calls} upstream calls, over the limit of ${maxCalls} per request: ask for fewer ids, edges or nested connections, or split it into several requests.`,
    {
      http: { status: 400, spec: true },
      extensions: { upstreamCalls: calls, maxUpstreamCalls: maxCalls },
    },
  );
}

export function useUpstreamCallLimit(maxCalls: number): Plugin {
  const estimate = memoizedEstimate(estimateUpstreamCalls);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const calls = estimate(args);
      if (calls !== undefined && calls > maxCalls) {
        setResultAndStopExecution({
          errors: [upstreamCallLimitError(calls, maxCalls)],
        });
      }
    },
  };
}
