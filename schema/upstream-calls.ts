// Which fields make upstream calls, and how many their arguments fix: the plan estimate behind
// GATEWAY_MAX_UPSTREAM_CALLS (src/limits/upstream-calls.ts), taken before any call is made. A
// connection reads at least the upstream pages its `first`/`last` needs; `node`, `nodes` and
// `_entities` one call per distinct id (one per identity for Cognito datasets); `totalCount` at
// least one more page. Calls that depend on what AWS answers (a backward walk's extra pages, a
// Describe per listed object for fields such as `schemaArn`, the Describes of keys a listing did
// not hold) are counted as they happen, by the same ceiling in the upstream runner.
import { parseCognitoDatasetRawId } from '../resolvers/cognito-sync.js';
import type { RequestContext } from '../resolvers/context.js';
import { decodeGlobalId } from '../resolvers/global-id.js';
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

/**
 * What one upstream call answers for a key (a global id or an entity representation): the
 * Cognito datasets of one identity share that identity's ListDatasets (resolvers/cognito-sync.ts
 * reads them from it), so they count as one call at least; any other key is its own Describe.
 */
function callKey(item: unknown): string {
  const key = typeof item === 'string' ? item : JSON.stringify(item);
  try {
    const representation =
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
    const id = typeof item === 'string' ? item : representation?.['id'];
    let dataset: { identityPoolId: unknown; identityId: unknown } | undefined;
    if (typeof id === 'string') {
      const decoded = decodeGlobalId(id);
      if (decoded.typename === 'CognitoDataset') dataset = parseCognitoDatasetRawId(decoded.id);
    } else if (representation?.['__typename'] === 'CognitoDataset') {
      dataset = {
        identityPoolId: representation['identityPoolId'],
        identityId: representation['identityId'],
      };
    }
    return dataset === undefined
      ? key
      : JSON.stringify(['CognitoDataset', dataset.identityPoolId, dataset.identityId]);
  } catch {
    // A malformed key is refused by its resolver before any call; counted as its own here.
    return key;
  }
}

function byKeys(items: readonly unknown[], context: EstimateContext): FieldCalls {
  // More ids than GATEWAY_MAX_NODE_IDS are refused by the resolver before any call.
  const asked = items.slice(0, context.maxNodeIds);
  const objects = new Set(asked.map((item) => JSON.stringify(item)));
  return { calls: 0, multiplier: Math.max(1, objects.size), keys: asked.map(callKey) };
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const FIELDS: ReadonlyMap<string, FieldEstimate> = new Map([
  ['Query.cognitoDatasets', connection('cognitoSync')],
  ['Query.personalizeDatasets', connection('personalize')],
  ['Query.personalizeDatasetGroups', connection('personalize')],
  ['PersonalizeDatasetGroup.datasets', connection('personalize')],
  ['Query.node', (args, context) => byKeys([args['id']], context)],
  ['Query.nodes', (args, context) => byKeys(list(args['ids']), context)],
  ['Query._entities', (args, context) => byKeys(list(args['representations']), context)],
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
