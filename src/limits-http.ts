// Checks on the HTTP request itself, before its body is parsed as GraphQL: body size (declared
// and actual), batch size, media type and CSRF. Each refusal is a GraphQL error with a code.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';

import { GatewayError } from '../resolvers/errors.js';

/**
 * Requests that a browser sends without a CORS preflight (GET, form and text/plain POSTs) must
 * carry one of these headers (any value), which no cross-site form or link can add. JSON POSTs
 * are preflighted and need none.
 */
export const CSRF_HEADERS: readonly string[] = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

function payloadTooLarge(maxBytes: number): Error {
  return new GatewayError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than this gateway accepts (at most ${maxBytes} bytes).`,
    // The rest of the body is never read: the connection closes after the answer, so a client
    // cannot make the gateway swallow an upload of any size.
    { http: { status: 413, headers: { connection: 'close' } }, extensions: { maxBytes } },
  );
}

/**
 * The body, read up to `maxBytes`: a declared Content-Length can be wrong or absent (chunked), so
 * the bytes are counted as they arrive and reading stops as soon as there are too many.
 */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = request.body;
  if (body === null) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) throw payloadTooLarge(maxBytes);
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

function withBody(request: Request, body: Uint8Array<ArrayBuffer>, fetchAPI: FetchAPI): Request {
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
}

export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
      if (requestParser === undefined || request.body === null) return;
      setRequestParser(async (parsed) =>
        requestParser(withBody(parsed, await readBody(parsed, maxBytes), fetchAPI)),
      );
    },
  };
}

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
