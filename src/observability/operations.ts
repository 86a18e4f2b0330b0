// What logs and metrics say about a GraphQL operation: its name and type, the codes of the errors
// it answered with, and labels whose number stays bounded whatever clients send.
import { getOperationAST, Kind, type DocumentNode, type ExecutionResult } from 'graphql';

export interface OperationFacts {
  /** The operation's name; "anonymous" when it has none, "invalid" when it is not a name. */
  readonly name: string;
  /** query, mutation or subscription; "unknown" when the document did not parse. */
  readonly type: string;
}

export const ANONYMOUS_OPERATION = 'anonymous';
const INVALID_NAME = 'invalid';
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function nameOrAnonymous(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return ANONYMOUS_OPERATION;
  return GRAPHQL_NAME.test(name) ? name : INVALID_NAME;
}

function isDocument(value: unknown): value is DocumentNode {
  return (
    typeof value === 'object' && value !== null && 'kind' in value && value.kind === Kind.DOCUMENT
  );
}

/**
 * The operation a request runs. `document` is what parsing gave: not a document (an Error, null)
 * when the request did not parse, and the name the client asked for is then all there is.
 */
export function operationFacts(
  document: unknown,
  requestedName: string | null | undefined,
): OperationFacts {
  if (!isDocument(document)) return { name: nameOrAnonymous(requestedName), type: 'unknown' };
  const operation = getOperationAST(document, requestedName);
  if (operation === null || operation === undefined)
    return { name: nameOrAnonymous(requestedName), type: 'unknown' };
  return { name: nameOrAnonymous(operation.name?.value), type: operation.operation };
}

/** An error without a string `extensions.code` (GraphQL errors need not have one). */
export const UNCODED_ERROR = 'NONE';

/**
 * The `extensions.code` of every error of a response: one result, a batch of results, or nothing
 * for a stream (its errors arrive later, one increment at a time).
 */
export function errorCodesOf(
  result: ExecutionResult | readonly ExecutionResult[] | AsyncIterable<unknown>,
): string[] {
  if (Symbol.asyncIterator in result) return [];
  const results: readonly ExecutionResult[] = Array.isArray(result) ? result : [result];
  return results.flatMap((one) =>
    (one.errors ?? []).map((error) => {
      // Results need not hold GraphQLError instances (a plugin may set plain objects).
      const { extensions } = error as { extensions?: Record<string, unknown> };
      const code = extensions?.['code'];
      return typeof code === 'string' && code !== '' ? code : UNCODED_ERROR;
    }),
  );
}

/** The label value given to values past the cap (and to values too long to be a label). */
export const OTHER_LABEL = 'other';

/**
 * Keeps a client-controlled label's cardinality bounded: the first `limit` distinct values pass
 * as they are, later new ones (and any longer than `maxLength`) become "other". Prometheus keeps
 * one series per label value for the life of the process, so an unbounded label is a memory leak.
 */
export function boundedLabel(limit: number, maxLength = 100): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= limit || value.length > maxLength) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
}
