// The batch size limit (GATEWAY_MAX_BATCH), with its own code.
import type { Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

/**
 * Runs before graphql-yoga's own batching check (configured with the same limit) so that the
 * refusal carries BATCH_LIMIT_EXCEEDED instead of yoga's generic BAD_REQUEST.
 */
export function useBatchLimit(maxBatch: number): Plugin {
  return {
    onRequestParse: () => ({
      onRequestParseDone({ requestParserResult }) {
        if (!Array.isArray(requestParserResult)) return;
        const count = requestParserResult.length;
        if (maxBatch <= 1) {
          throw new GatewayError(
            'BATCH_LIMIT_EXCEEDED',
            'This gateway does not accept batched requests: send one operation (a JSON object, not an array) per request.',
            { http: { status: 400 }, extensions: { maxBatch: 1, batch: count } },
          );
        }
        if (count === 0) {
          throw new GatewayError(
            'BAD_REQUEST',
            'A batched request must hold at least one operation.',
            { http: { status: 400 } },
          );
        }
        if (count > maxBatch) {
          throw new GatewayError(
            'BATCH_LIMIT_EXCEEDED',
            `A batched request may hold at most ${maxBatch} operations; this one holds ${count}.`,
            { http: { status: 413 }, extensions: { maxBatch, batch: count } },
          );
        }
      },
    }),
  };
}
