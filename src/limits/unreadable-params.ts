// GraphQL parameters graphql-yoga cannot read (malformed query strings, form bodies): the
// client's BAD_REQUEST, not a masked 500.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * graphql-yoga's parsers throw plain errors for some malformed input (`variables=%7B` in a GET
 * or form body, a multipart `map` of the wrong shape), which would be masked as a 500, and a few
 * GraphQL errors without a code: all of them are the client's BAD_REQUEST.
 */
export function useUnreadableParamsAsBadRequest(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (requestParser === undefined) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (isAbort(error)) throw error;
          if (error instanceof GraphQLError) {
            if (typeof error.extensions.code === 'string') throw error;
            throw new GatewayError('BAD_REQUEST', error.message, { http: { status: 400 } });
          }
          throw new GatewayError(
            'BAD_REQUEST',
            'The GraphQL parameters of this request could not be read: `query` must be a string, `variables` and `extensions` JSON objects.',
            { http: { status: 400 } },
          );
        }
      });
    },
  };
}
