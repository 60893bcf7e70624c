import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback service that counts what reaches it, behind the proxy in tests. */
export interface CountingServer {
  readonly url: string;
  /** Requests that reached it, by path (no query). */
  count(path: string): number;
  connections(): number;
  close(): Promise<void>;
}

/**
 * Answers 200 to everything; `?size=N` sends a body of N bytes (chunked with `&chunked`);
 * `?echo` answers with the request's path and query; `?destroy` drops the connection
 * instead, `?reset` resets it (real failures, no fault of the proxy's).
 * Its keep-alive timeout is long so that connections live as long as a test's VUs.
 */
export async function startCountingServer(): Promise<CountingServer> {
  const counts = new Map<string, number>();
  let connections = 0;
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    req.resume();
    if (url.searchParams.has('destroy')) return void req.socket.destroy();
    if (url.searchParams.has('reset')) return void req.socket.resetAndDestroy();
    req.on('end', () => {
      const size = Number(url.searchParams.get('size') ?? 2);
      const body = url.searchParams.has('echo') ? Buffer.from(req.url ?? '') : Buffer.alloc(size, 'x');
      if (url.searchParams.has('echo')) return void res.end(body);
      if (!url.searchParams.has('chunked')) res.setHeader('content-length', size);
      res.end(body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
