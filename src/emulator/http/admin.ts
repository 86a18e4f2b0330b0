// The emulator's own admin API under `/_emulator/`: the request log, fault rules and login
// tokens, for tests, the bench and a developer's curl. Unauthenticated, so loopback clients only
// unless the emulator was started with allowRemoteAdmin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserPool } from '../cognito-identity/user-pool.js';
import { parseIssueTokenOptions } from '../cognito-identity/user-pool.js';
import type { FaultInjector } from '../faults.js';
import { ServiceError } from '../protocol/service-error.js';
import { errorResponse } from '../protocol/wire-errors.js';
import type { RecordingRequestLog } from '../request-log.js';
import { readBody } from './body.js';
import { send, sendJson } from './send.js';

export const ADMIN_PREFIX = '/_emulator/';

export interface AdminOptions {
  readonly log: RecordingRequestLog;
  readonly faults: FaultInjector;
  readonly userPool: Pick<UserPool, 'issueToken'>;
  readonly allowRemoteAdmin: boolean;
  readonly maxBodyBytes: number;
}

/** Serves one request whose path starts with ADMIN_PREFIX. */
export async function handleAdmin(
  options: AdminOptions,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  rawPath: string,
): Promise<void> {
  const fail = (status: number, code: string, message: string): void => {
    send(res, errorResponse('restJson1', new ServiceError(code, status, message)));
  };
  if (!options.allowRemoteAdmin && !isLoopback(req.socket.remoteAddress)) {
    fail(
      403,
      'AccessDeniedException',
      'The emulator admin endpoints answer loopback clients only.',
    );
    return;
  }
  const body = await readBody(req, options.maxBodyBytes).catch(() => undefined);
  const route = `${method} ${rawPath}`;
  if (route === 'GET /_emulator/requests') {
    sendJson(res, 200, options.log.summary());
  } else if (route === 'POST /_emulator/reset-log') {
    options.log.clear();
    sendJson(res, 200, { cleared: true });
  } else if (route === 'GET /_emulator/faults') {
    sendJson(res, 200, options.faults.rules());
  } else if (route === 'PUT /_emulator/faults') {
    try {
      options.faults.set(JSON.parse(body?.toString('utf8') ?? '') as never);
      sendJson(res, 200, options.faults.rules());
    } catch (error) {
      fail(400, 'InvalidParameterException', (error as Error).message);
    }
  } else if (route === 'POST /_emulator/tokens') {
    let request;
    try {
      request = parseIssueTokenOptions(JSON.parse(body?.toString('utf8') ?? ''));
    } catch (error) {
      fail(400, 'InvalidParameterException', (error as Error).message);
      return;
    }
    sendJson(res, 200, { token: await options.userPool.issueToken(request) });
  } else {
    fail(404, 'UnknownOperationException', `No admin endpoint ${route}.`);
  }
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}
