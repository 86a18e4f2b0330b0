// Writes one wire response, unless the response has already started or the client is gone.
import type { ServerResponse } from 'node:http';
import type { WireResponse } from '../protocol/wire-errors.js';

export function send(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(response.body));
  res.end(response.body);
}

/** A JSON body with its status: what the admin and JWKS endpoints answer. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
}
