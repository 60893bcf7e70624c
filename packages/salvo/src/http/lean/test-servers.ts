import * as http from 'node:http';
import * as net from 'node:net';
import type { Timeouts, TransportOptions, TransportRequest } from '../types.ts';

/** Servers and request builders shared by the lean transport's tests. */

export const TIMEOUTS: Timeouts = { connectMs: 2000, headersMs: 2000, bodyMs: 2000, requestMs: 5000 };

export const OPTIONS: TransportOptions = {
  tls: { insecureSkipVerify: false },
  maxConnectionsPerOrigin: 1,
  pipelining: 1,
  http2: false,
};

export interface TestServer {
  url: string;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

function track(server: net.Server, url: string): TestServer {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    url,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

export async function startHttpServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  const port = await listen(server);
  return track(server, `http://127.0.0.1:${port}`);
}

/** A raw TCP server: `onRequest` gets each socket and the count of request heads it has sent so far. */
export async function startRawServer(
  onRequest: (socket: net.Socket, nth: number) => void,
): Promise<TestServer> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    let seen = 0;
    let buffered = '';
    socket.on('data', (d: Buffer) => {
      buffered += d.toString('latin1');
      let end = buffered.indexOf('\r\n\r\n');
      while (end !== -1) {
        const head = buffered.slice(0, end);
        const length = /content-length: *(\d+)/i.exec(head);
        const total = end + 4 + (length === null ? 0 : Number(length[1]));
        if (buffered.length < total) return;
        buffered = buffered.slice(total);
        onRequest(socket, ++seen);
        end = buffered.indexOf('\r\n\r\n');
      }
    });
  });
  const port = await listen(server);
  return track(server, `http://127.0.0.1:${port}`);
}

/** A loopback port with nothing listening on it (opened, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function request(url: string | URL, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    method: 'GET',
    url: typeof url === 'string' ? new URL(url) : url,
    headers: [],
    body: undefined,
    timeouts: TIMEOUTS,
    discardBody: false,
    ...overrides,
  };
}
