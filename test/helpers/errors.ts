// What tests read of the gateway's errors: the coded GatewayError a function throws, and the
// `extensions.code` of each error in a GraphQL response.
import { expect } from 'vitest';

import { GatewayError, type ErrorCode } from '../../resolvers/errors.js';
import type { GraphQLErrorBody } from './stack.js';

/** The GatewayError `run` throws, checked to carry `code`; fails the test when it returns. */
export function rejection(run: () => unknown, code: ErrorCode = 'BAD_USER_INPUT'): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.extensions['code']).toBe(code);
    return gatewayError;
  }
  throw new Error(`expected a ${code} GatewayError, but the call returned`);
}

/** The `extensions.code` of each error of a response, in order (undefined where there is none). */
export function codes(response: {
  readonly body: { readonly errors?: readonly GraphQLErrorBody[] | undefined };
}): (string | undefined)[] {
  return (response.body.errors ?? []).map((error) => error.extensions?.code);
}
