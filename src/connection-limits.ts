// What one client, or all of them, may hold of the HTTP server: slow clients are cut off by the
// header and body timeouts (Node's own are 60 s and 300 s), and connections are capped in all and
// per client address, so one client opening sockets by the thousand cannot starve the others.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';

import type { ConnectionSettings } from './config/index.js';

/** How often Node looks for requests past their timeouts (its default is 30 s). */
const TIMEOUT_CHECK_MS = 1_000;

export function createHttpServer(listener: RequestListener, settings: ConnectionSettings): Server {
  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.bodyTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, settings.headersTimeoutMs),
    },
    listener,
  );
  if (settings.maxConnections > 0) server.maxConnections = settings.maxConnections;
  if (settings.maxConnectionsPerIp > 0) capPerAddress(server, settings.maxConnectionsPerIp);
  return server;
}

function capPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      // Before a byte is read: nothing to answer, and nothing held.
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
