// Request bodies: read up to a limit (the client may leave half-way), and awsJson's JSON object.
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../protocol/service-error.js';

/** The client closed the connection; nothing more to send. */
export class ClientGone extends Error {}

/** The body, or undefined when it exceeds `limit` (the rest is then discarded). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.once('error', () => {
      if (!done) {
        done = true;
        reject(new ClientGone());
      }
    });
    req.once('close', () => {
      if (!done) {
        done = true;
        reject(new ClientGone());
      }
    });
  });
}

/** awsJson bodies: a JSON object; an empty body means no input members. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 400, 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError(
      'SerializationException',
      400,
      'The request body must be a JSON object.',
    );
  }
  return parsed as Record<string, unknown>;
}
