// The pre-execution estimates (cost, upstream-call plan), remembered per document, operation name
// and variables. The document cache hands every request of one query text the same DocumentNode,
// and an estimate depends only on that document, the operation, the variables, the schema and the
// context's config-derived settings (page sizes, GATEWAY_MAX_NODE_IDS), which are the same for
// every request of a gateway: working it out again for each request of a repeated operation was
// ~4% of the CPU of a cached first page. Bounded by bytes, since variables are client input.
import type { DocumentNode, ExecutionArgs } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Heap of the keys one estimate remembers (the cost and the upstream-call plan have one each). */
const MAX_KEY_BYTES = 1 << 20;
/** Variables longer than this (as JSON) are estimated afresh: they would crowd out the others. */
const MAX_VARIABLES_LENGTH = 4_096;

export type Estimate = (args: ExecutionArgs) => number | undefined;

/**
 * The variables as JSON; undefined when they cannot be written (nested deeper than
 * JSON.stringify's recursion goes, though JSON.parse read them): they are then not remembered.
 */
function variablesKey(variables: ExecutionArgs['variableValues']): string | undefined {
  try {
    return JSON.stringify(variables ?? {});
  } catch {
    return undefined;
  }
}

// A number per document object, so that a document collected (evicted from the document cache)
// never shares an entry with a new one; its entries then age out of the LRUs.
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
// Each execution's key, worked out once for all the estimates of that execution (the plugins'
// onExecute hooks get the same arguments object); `{ key }`, since a key may be absent.
const keys = new WeakMap<ExecutionArgs, { readonly key: string | undefined }>();

/**
 * The key of an execution: its document, operation name and variables; undefined when the
 * variables are too large to remember or cannot be written.
 */
function keyOf(args: ExecutionArgs): string | undefined {
  const known = keys.get(args);
  if (known !== undefined) return known.key;
  let key: string | undefined;
  const variables = variablesKey(args.variableValues);
  if (variables !== undefined && variables.length <= MAX_VARIABLES_LENGTH) {
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = nextDocumentId++;
      documentIds.set(args.document, documentId);
    }
    key = `${String(documentId)}\n${args.operationName ?? ''}\n${variables}`;
  }
  keys.set(args, { key });
  return key;
}

/** `estimate`, computed once per document, operation name and variables. */
export function memoizedEstimate(estimate: Estimate): Estimate {
  // lru-cache keeps no undefined values: `{ value }` also remembers "cannot be estimated".
  const estimates = new LRUCache<string, { readonly value: number | undefined }>({
    maxSize: MAX_KEY_BYTES,
    sizeCalculation: (_entry, key) => key.length * 2,
  });
  return (args) => {
    const key = keyOf(args);
    if (key === undefined) return estimate(args);
    const known = estimates.get(key);
    if (known !== undefined) return known.value;
    const value = estimate(args);
    estimates.set(key, { value });
    return value;
  };
}
