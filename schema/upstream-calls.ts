// Which fields make upstream calls, and how many their arguments fix: the plan estimate behind
// GATEWAY_MAX_UPSTREAM_CALLS (src/limits/upstream-calls.ts), taken before any call is made. A
// connection reads at least the upstream pages its `first`/`last` needs; `node`, `nodes` and
// `_entities` one Describe per distinct id; `totalCount` at least one more page. Calls that depend
// on what AWS answers (a backward walk's extra pages, a Describe per listed object for fields
// such as `schemaArn`) are counted as they happen, by the same ceiling in the upstream runner.
import type { RequestContext } from '../resolvers/context.js';
import { requestedEdges, type ConnectionSizeArgs } from './complexity.js';

export interface FieldCalls {
  /** Upstream calls the field makes for each instance of its parent. */
  readonly calls: number;
  /**
   * How many times the field's own selection runs for each instance of it; for a connection, how
   * many times what is under its `edges` and `nodes` runs (its `totalCount` and `pageInfo` once).
   */
  readonly multiplier: number;
  readonly connection?: boolean;
  /** Objects fetched by key (global ids, entity representations): each distinct one costs a call. */
  readonly keys?: readonly string[];
}

type EstimateContext = Pick<RequestContext, 'paging' | 'pageSizes' | 'maxNodeIds'>;
type FieldArgs = Readonly<Record<string, unknown>> & ConnectionSizeArgs;
type FieldEstimate = (args: FieldArgs, context: EstimateContext) => FieldCalls;

function connection(service: keyof RequestContext['pageSizes']): FieldEstimate {
  return (args, context) => {
    const size = requestedEdges(args, context.paging);
    return {
      calls: Math.ceil(size / context.pageSizes[service]),
      multiplier: size,
      connection: true,
    };
  };
}

function byKeys(keys: readonly string[], context: EstimateContext): FieldCalls {
  // More ids than GATEWAY_MAX_NODE_IDS are refused by the resolver before any call.
  const asked = keys.slice(0, context.maxNodeIds);
  return { calls: 0, multiplier: Math.max(1, new Set(asked).size), keys: asked };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    : [];

const FIELDS: ReadonlyMap<string, FieldEstimate> = new Map([
  ['Query.cognitoDatasets', connection('cognitoSync')],
  ['Query.personalizeDatasets', connection('personalize')],
  ['Query.personalizeDatasetGroups', connection('personalize')],
  ['PersonalizeDatasetGroup.datasets', connection('personalize')],
  ['Query.node', (args, context) => byKeys(strings([args['id']]), context)],
  ['Query.nodes', (args, context) => byKeys(strings(args['ids']), context)],
  ['Query._entities', (args, context) => byKeys(strings(args['representations']), context)],
]);

/** Counting reads the listing's pages again: at least one more call. */
const TOTAL_COUNT: FieldCalls = { calls: 1, multiplier: 1 };

/** The estimate of one field, or undefined when it makes no upstream call of its own. */
export function fieldUpstreamCalls(
  typeName: string,
  fieldName: string,
  args: Readonly<Record<string, unknown>>,
  context: EstimateContext,
): FieldCalls | undefined {
  if (fieldName === 'totalCount' && typeName.endsWith('Connection')) return TOTAL_COUNT;
  return FIELDS.get(`${typeName}.${fieldName}`)?.(args, context);
}
