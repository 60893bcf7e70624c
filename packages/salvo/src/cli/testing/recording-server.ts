import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { selfSignedCert } from '../../http/testing/index.ts';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly body: Buffer;
}

/**
 * A server that remembers what reached it, to check flags from the far side: each
 * request, how many connections carried requests, and the most requests in flight at once
 * on one connection (pipelining). `/delay?ms=N` answers after N ms; anything else at once.
 */
export interface RecordingServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Connections that carried at least one request (the preflight's probe carries none). */
  usedConnections(): number;
  /** The most requests one connection had in flight at once. */
  maxInFlightPerConnection(): number;
  close(): Promise<void>;
}

export async function startRecordingServer(options: { http2?: boolean } = {}): Promise<RecordingServer> {
  const requests: SeenRequest[] = [];
  const inFlight = new Map<object, number>();
  let maxInFlight = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // HTTP/2 streams share a session, as pipelined HTTP/1.1 requests share a socket
    const connection: object =
      req.httpVersion === '2.0' ? (req as unknown as Http2ServerRequest).stream.session! : req.socket;
    const now = (inFlight.get(connection) ?? 0) + 1;
    inFlight.set(connection, now);
    maxInFlight = Math.max(maxInFlight, now);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        httpVersion: req.httpVersion,
        body: Buffer.concat(chunks),
      });
      const answer = () => {
        inFlight.set(connection, (inFlight.get(connection) ?? 1) - 1);
        res.end('ok');
      };
      if (url.pathname === '/delay') setTimeout(answer, Number(url.searchParams.get('ms') ?? '100'));
      else answer();
    });
  };
  const server = options.http2
    ? createSecureServer({ ...selfSignedCert(), allowHTTP1: true }, handler as never)
    : createServer({ keepAliveTimeout: 30_000 }, handler);
  const sockets = new Set<Socket>();
  server.on(options.http2 ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.http2 ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    usedConnections: () => inFlight.size,
    maxInFlightPerConnection: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
