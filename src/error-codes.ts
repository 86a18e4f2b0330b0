// Stable codes on every error of every response, not only the limits' refusals: the gateway's
// own errors carry theirs, and this plugin gives one to the few errors that graphql-js and
// graphql-yoga leave without (variable coercion, unsupported operation types, non-null
// violations), drops the parser's echo of a malformed JSON body, and hides "Did you mean …?"
// hints when suggestions are off.
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, processRegularResult, type Plugin } from 'graphql-yoga';

import { GatewayError, type ErrorCode } from '../resolvers/errors.js';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
// graphql-js variable and argument coercion (the client sent a value of the wrong type).
const INPUT_COERCION = /^(?:Variable|Argument) "/;
// graphql-js execution when the operation cannot be chosen or its type has no root.
const OPERATION_RESOLUTION =
  /^(?:Schema is not configured to execute|Must provide an operation|Must provide operation name|Unknown operation named)/;
// graphql-yoga's own body limit (above ours, so only reached if ours is raised past it).
const YOGA_BODY_TOO_LARGE = 'REQUEST_ENTITY_TOO_LARGE';

function codeFor(error: GraphQLError): ErrorCode {
  // Typed as the gateway's, but graphql-yoga's and graphql-js's errors bring their own.
  const code: unknown = error.extensions.code;
  if (typeof code === 'string') {
    return code === YOGA_BODY_TOO_LARGE ? 'PAYLOAD_TOO_LARGE' : (code as ErrorCode);
  }
  if (INPUT_COERCION.test(error.message)) return 'BAD_USER_INPUT';
  if (OPERATION_RESOLUTION.test(error.message)) return 'OPERATION_RESOLUTION_FAILURE';
  // Anything else without a code is a fault of the server (a non-null field resolved to null).
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * A request that is not well-formed GraphQL over HTTP (a body that is not JSON, no body, no
 * `query`) is a 400 whatever the client accepts, as the GraphQL over HTTP spec says; graphql-yoga
 * marks some of them `spec` (200 under application/json), which is the rule for requests that are
 * well-formed but fail parsing or validation. Its JSON parser's message, which quotes the client's
 * body back, is dropped too.
 */
function malformedRequestExtensions(error: GraphQLError): GraphQLError['extensions'] {
  const { originalError: echoedBody, http, ...rest } = error.extensions;
  const { spec, ...httpRest } = isRecord(http) ? http : {};
  if (echoedBody === undefined && spec === undefined) return error.extensions;
  return http === undefined ? rest : { ...rest, http: httpRest };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function normalizeError(error: unknown, hideSuggestions: boolean): GraphQLError {
  if (!(error instanceof GraphQLError)) {
    return new GatewayError('INTERNAL_SERVER_ERROR', 'Unexpected error.');
  }
  const code = codeFor(error);
  const message = hideSuggestions ? error.message.replace(SUGGESTION, '') : error.message;
  const keepExtensions =
    code === 'BAD_REQUEST' ? malformedRequestExtensions(error) : error.extensions;
  if (
    code === error.extensions.code &&
    message === error.message &&
    keepExtensions === error.extensions
  ) {
    return error;
  }
  return new GraphQLError(message, {
    ...(error.nodes === undefined ? {} : { nodes: error.nodes }),
    ...(error.source === undefined ? {} : { source: error.source }),
    ...(error.positions === undefined ? {} : { positions: error.positions }),
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.originalError === undefined ? {} : { originalError: error.originalError }),
    extensions: { ...keepExtensions, code },
  });
}

function normalizeResult<T extends ExecutionResult>(result: T, hideSuggestions: boolean): T {
  if (result.errors === undefined || result.errors.length === 0) return result;
  return {
    ...result,
    errors: result.errors.map((error) => normalizeError(error, hideSuggestions)),
  };
}

export interface StableErrorCodesOptions {
  /** When false, "Did you mean …?" hints are removed from every message. */
  readonly fieldSuggestions: boolean;
}

/**
 * Normalizes each operation's result as soon as it exists (onExecutionResult), so that the
 * logging and metrics plugins already see the final codes, and again every response (request
 * errors never reach that hook).
 */
export function useStableErrorCodes(options: StableErrorCodesOptions): Plugin {
  const hideSuggestions = !options.fieldSuggestions;
  return {
    onExecutionResult(payload) {
      const { result } = payload;
      if (result === undefined || isAsyncIterable(result)) return;
      payload.setResult(normalizeResult(result, hideSuggestions));
    },
    onResultProcess(payload) {
      const { result } = payload;
      // Nothing the client accepts: answer in JSON anyway (the spec allows ignoring Accept),
      // so that even this refusal is an error with a code rather than an empty 406.
      if (payload.resultProcessor === undefined) {
        payload.setResult({
          errors: [
            new GatewayError(
              'NOT_ACCEPTABLE',
              'This endpoint answers in application/graphql-response+json or application/json; accept one of them.',
              { http: { status: 406 } },
            ),
          ],
        });
        payload.setResultProcessor(processRegularResult, 'application/json');
        return;
      }
      if (isAsyncIterable(result)) return;
      payload.setResult(
        Array.isArray(result)
          ? result.map((item) => normalizeResult(item, hideSuggestions))
          : normalizeResult(result, hideSuggestions),
      );
    },
  };
}
