// CSRF prevention (GATEWAY_CSRF_PREVENTION): requests a browser sends without a preflight must
// carry a header no cross-site form or link can add.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

/**
 * Requests that a browser sends without a CORS preflight (GET, form and text/plain POSTs) must
 * carry one of these headers (any value), which no cross-site form or link can add. JSON POSTs
 * are preflighted and need none.
 */
const CSRF_HEADERS: readonly string[] = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

/** @graphql-yoga/plugin-csrf-prevention, its refusal given the CSRF_PREVENTED code. */
export function useCsrfPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] });
  const check = csrf.onRequestParse;
  return {
    async onRequestParse(payload) {
      try {
        return await check?.(payload);
      } catch {
        throw new GatewayError(
          'CSRF_PREVENTED',
          `This request could be a cross-site request forgery: GET requests and form or text/plain POSTs must carry the header ${CSRF_HEADERS[0] ?? ''} (any value). JSON POSTs need none.`,
          { http: { status: 403 } },
        );
      }
    },
  };
}
