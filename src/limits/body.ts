// The body size limit (GATEWAY_MAX_BODY_BYTES), declared and actual, checked before the body is
// parsed as GraphQL.
import { IncomingMessage } from 'node:http';

import type { FetchAPI, Plugin } from 'graphql-yoga';

import { GatewayError } from '../../resolvers/errors.js';

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

/**
 * Whether the body is known to hold at most the declared Content-Length: a request read by
 * node:http, whose parser ends the body after that many bytes (what follows is the connection's
 * next request, and a Content-Length beside chunked encoding, or two different ones, are refused
 * before any handler runs), and not compressed. A request handed to yoga in process carries only
 * a claim.
 */
function lengthEnforced(
  request: Request,
  serverContext: unknown,
  declared: string | null,
): boolean {
  if (declared === null || !/^\d+$/.test(declared)) return false;
  // A compressed body, if a plugin ever inflates it, is counted as the bytes it inflates to.
  if (request.headers.get('content-encoding') !== null) return false;
  const { req } = (serverContext ?? {}) as { req?: unknown };
  return req instanceof IncomingMessage && req.headers['content-length'] === declared;
}

export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
      if (requestParser === undefined || request.body === null) return;
      // Within the limit as declared, and node:http reads no more: counting the bytes again (as a
      // web stream, then a second Request around them) was ~3% of a cached first page's CPU.
      if (lengthEnforced(request, serverContext, declared)) return;
      setRequestParser(async (parsed) =>
        requestParser(withBody(parsed, await readBody(parsed, maxBytes), fetchAPI)),
      );
    },
  };
}
