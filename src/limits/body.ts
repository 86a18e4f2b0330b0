// The body size limit (GATEWAY_MAX_BODY_BYTES), declared and actual, checked before the body is
// parsed as GraphQL.
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
