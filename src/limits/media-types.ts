// The media types the gateway reads: a POST of any other says what to send.
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

/**
 * graphql-yoga answers a POST it has no parser for with an empty 415; this says what to send.
 * Other methods are left to yoga's 405.
 */
export function useSupportedMediaTypes(): Plugin {
  return {
    onRequestParse({ request, requestParser }) {
      if (requestParser !== undefined) return;
      if (request.method !== 'GET' && request.method !== 'POST') return;
      throw new GatewayError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the operation as JSON in a POST (Content-Type: application/json), or in the query string of a GET.',
        { http: { status: 415 } },
      );
    },
  };
}
