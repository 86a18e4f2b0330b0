// What one client may hold of the HTTP server, over real sockets: slow clients are cut off by
// the header and body timeouts, one address opening sockets by the thousand does not stop a
// request from another, and a body refused as too large is not read to its end.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eventually } from '../helpers/eventually.js';
import { startStack, type Stack } from '../helpers/stack.js';

const QUERY = JSON.stringify({ query: '{ personalizeDatasets(first: 1) { nodes { name } } }' });

let stack: Stack;
let port: number;
// The default timeouts (10 s for headers, 30 s for a whole request), a cap of 256 per address.
let defaults: Stack;
let crowdedPort: number;

beforeAll(async () => {
  defaults = await startStack({ env: { GATEWAY_MAX_CONNECTIONS_PER_IP: '256' } });
  crowdedPort = Number(new URL(defaults.url).port);
  stack = await startStack({
    env: {
      GATEWAY_HEADERS_TIMEOUT_MS: '500',
      GATEWAY_BODY_TIMEOUT_MS: '1000',
      GATEWAY_MAX_CONNECTIONS_PER_IP: '256',
    },
  });
  port = Number(new URL(stack.url).port);
});

afterAll(async () => {
  await stack.close();
  await defaults.close();
});

/** A socket from `localAddress`, connected; resolves with it and what it later receives. */
function open(
  localAddress: string,
  to = port,
): Promise<{ socket: Socket; received: () => string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port: to, localAddress }, () => {
      resolve({ socket, received: () => text });
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else
      socket.once('close', () => {
        resolve();
      });
  });

/** A POST of QUERY from `localAddress` over a fresh connection. */
function post(localAddress: string, to = port): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: to,
        localAddress,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    request.on('error', reject);
    request.end(QUERY);
  });
}

describe('slow clients', () => {
  it('closes a connection whose headers do not arrive in time, with 408', async () => {
    const { socket, received } = await open('127.0.0.1');
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n');
    await closed(socket);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body does not arrive in time, with 408', async () => {
    const { socket, received } = await open('127.0.0.1');
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
    );
    await closed(socket);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('many connections from one address', () => {
  it('1,200 idle sockets from 127.0.0.1 do not stop a request from 127.0.0.2', async () => {
    const opened = await Promise.all(
      Array.from({ length: 1_200 }, () => open('127.0.0.1', crowdedPort)),
    );
    const sockets = opened.map(({ socket }) => socket);
    try {
      for (const socket of sockets) socket.write('GET /graphql HTTP/1.1\r\n');
      const answer = await post('127.0.0.2', crowdedPort);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        data: { personalizeDatasets: { nodes: [expect.any(Object)] } },
      });
      // Those past the cap were closed at once, before a byte was answered.
      await eventually(
        'the sockets past the cap closed',
        () => sockets.filter((socket) => socket.destroyed).length >= 1_200 - 256,
      );
      expect(sockets.filter((socket) => !socket.destroyed)).toHaveLength(256);
      expect(opened.filter(({ received }) => received() !== '')).toHaveLength(0);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  }, 60_000);
});

describe('a body refused as too large', () => {
  it('answers 413 and closes the connection instead of reading 200 MB from a client that keeps sending', async () => {
    const TOTAL = 200 * 1024 * 1024;
    const payload = Buffer.alloc(64 * 1024, 0x20);
    // A raw socket that ignores the answer and keeps uploading, as an attacker would; chunked,
    // so there is no Content-Length to refuse up front and the bytes themselves must be counted.
    const frame = Buffer.concat([
      Buffer.from(`${payload.length.toString(16)}\r\n`),
      payload,
      Buffer.from('\r\n'),
    ]);
    // Another address than the crowd's, whose sockets the server may still be closing.
    const { socket, received } = await open('127.0.0.3', crowdedPort);
    let sent = 0;
    await new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      const pump = (): void => {
        while (sent < TOTAL && !socket.destroyed) {
          sent += payload.length;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!socket.destroyed) socket.end('0\r\n\r\n');
      };
      pump();
    });
    expect(received()).toMatch(/^HTTP\/1\.1 413/);
    expect(received().toLowerCase()).toContain('connection: close');
    // The body limit is 100,000 bytes; socket buffers hold a few MB more, not 200.
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);
});
