import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createSecureServer,
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { Socket } from 'node:net';
import { collectingHandler, listenTestServer, type TestServer } from './test-server.ts';
import { type SelfSignedCert, selfSignedCert } from './tls-server.ts';

/**
 * The test server's routes (test-server.ts) over HTTP/2 on node:http2: over TLS with the
 * self-signed certificate (ALPN h2 only), or h2c (prior knowledge). `/close` answers, then
 * closes the session gracefully (GOAWAY), HTTP/2's `Connection: close`.
 *
 * @example
 * const server = await startH2TestServer({ tls: false });
 * try { ... `${server.url}/echo` ... } finally { await server.close(); }
 */
export async function startH2TestServer(options: { tls: boolean }): Promise<TestServer & SelfSignedCert> {
  const { cert, key } = selfSignedCert();
  const hitsByKey = new Map<string, number>();
  const routes = collectingHandler(hitsByKey);
  const handler = (req: Http2ServerRequest, res: Http2ServerResponse): void => {
    if (req.url.startsWith('/close')) {
      res.end('closing', () => req.stream.session?.close());
      return;
    }
    routes(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  };
  const server = options.tls ? createSecureServer({ cert, key }, handler) : createServer(handler);
  const sockets = new Set<Socket>();
  const connectionEvent = options.tls ? 'secureConnection' : 'connection';
  server.on(connectionEvent, (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const running = await listenTestServer(
    server as unknown as Parameters<typeof listenTestServer>[0],
    options.tls ? 'https' : 'http',
    connectionEvent,
    hitsByKey,
  );
  return {
    ...running,
    cert,
    key,
    close: () => {
      const closing = running.close();
      for (const socket of sockets) socket.destroy();
      return closing;
    },
  };
}
