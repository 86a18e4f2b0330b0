// The user pool's JWKS endpoint, public as AWS serves it: what a relying party (the gateway in
// identity mode) fetches to verify the pool's ID tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserPool } from '../cognito-identity/user-pool.js';
import { sendJson } from './send.js';

/** Answers `GET <jwksPath>` and returns true; any other request is left alone (false). */
export function serveJwks(
  userPool: Pick<UserPool, 'jwksPath' | 'jwks'>,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  rawPath: string,
): boolean {
  if (method !== 'GET' || rawPath !== userPool.jwksPath) return false;
  req.resume();
  sendJson(res, 200, userPool.jwks());
  return true;
}
