import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** A running test server: its base URL (no trailing slash), and how to stop it. */
export interface TestServer {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Requests seen so far for a `key` query value (see /flaky). */
  hits(key: string): number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => void;

/**
 * Routes (query parameters in brackets):
 * - /echo: JSON { method, url, headers, body } of the request
 * - /status/<code> [retryAfter, location]: that status, with Retry-After / Location when given
 * - /redirect/<n> [status]: a chain of n redirects (302 unless given) ending at /echo
 * - /flaky [key, failures, status, retryAfter]: `failures` times `status` for a key, then 200
 * - /cookies/set [name, value, attrs]: Set-Cookie `name=value; attrs`; /cookies: the Cookie header
 * - /chunked [size], /length [size]: a body of `size` bytes, chunked or with Content-Length
 * - /trailers: a chunked body "payload", then trailers `x-checksum: 7` and `x-status: 0`
 * - /empty: 204; /not-modified: 304; HEAD works on every route
 * - /early-hints: 103 Early Hints, then 200
 * - /delay [ms]: the response head after `ms`
 * - /slow-body [chunks, gapMs]: the head at once, then a chunk every `gapMs`
 * - /close: a response with `Connection: close`
 * Anything else: 200 "ok".
 */
export const routeTestRequest: Handler = (req, res, body, url) => {
  const q = url.searchParams;
  const path = url.pathname;
  if (path === '/echo') {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8') }),
    );
  } else if (path.startsWith('/status/')) {
    if (q.has('retryAfter')) res.setHeader('retry-after', q.get('retryAfter')!);
    if (q.has('location')) res.setHeader('location', q.get('location')!);
    res.statusCode = Number(path.slice('/status/'.length));
    res.end(`status ${res.statusCode}`);
  } else if (path.startsWith('/redirect/')) {
    const left = Number(path.slice('/redirect/'.length));
    res.statusCode = Number(q.get('status') ?? '302');
    res.setHeader('location', left > 1 ? `/redirect/${left - 1}${url.search}` : '/echo');
    res.end();
  } else if (path === '/cookies/set') {
    const attrs = q.get('attrs');
    res.setHeader('set-cookie', `${q.get('name')}=${q.get('value')}${attrs ? `; ${attrs}` : ''}`);
    res.end('set');
  } else if (path === '/cookies') {
    res.end(req.headers.cookie ?? '');
  } else if (path === '/chunked' || path === '/length') {
    const payload = Buffer.alloc(Number(q.get('size') ?? '1000'), 'x');
    if (path === '/length') res.setHeader('content-length', payload.length);
    const half = payload.length >> 1;
    res.write(payload.subarray(0, half));
    res.end(payload.subarray(half));
  } else if (path === '/trailers') {
    res.setHeader('trailer', 'x-checksum, x-status');
    res.write('payload');
    res.addTrailers({ 'x-checksum': '7', 'x-status': '0' });
    res.end();
  } else if (path === '/empty') {
    res.statusCode = 204;
    res.end();
  } else if (path === '/not-modified') {
    res.statusCode = 304;
    res.end();
  } else if (path === '/early-hints') {
    res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
    res.end('after hints');
  } else if (path === '/delay') {
    const timer = setTimeout(() => res.end('late'), Number(q.get('ms') ?? '100'));
    res.on('close', () => clearTimeout(timer));
  } else if (path === '/slow-body') {
    slowBody(res, Number(q.get('chunks') ?? '3'), Number(q.get('gapMs') ?? '100'));
  } else if (path === '/close') {
    res.setHeader('connection', 'close');
    res.end('closing');
  } else {
    res.end('ok');
  }
};

function slowBody(res: ServerResponse, chunks: number, gapMs: number): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    if (sent >= chunks) {
      clearInterval(timer);
      res.end('.');
    } else res.write('.');
  }, gapMs);
  res.on('close', () => clearInterval(timer));
}

/** Wraps a route handler with request-body collection and /flaky's per-key counters. */
export function collectingHandler(
  hitsByKey: Map<string, number>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://test.invalid');
      const key = url.searchParams.get('key');
      if (key !== null) hitsByKey.set(key, (hitsByKey.get(key) ?? 0) + 1);
      if (url.pathname === '/flaky' && key !== null) {
        const failures = Number(url.searchParams.get('failures') ?? '1');
        if (hitsByKey.get(key)! <= failures) {
          const retryAfter = url.searchParams.get('retryAfter');
          if (retryAfter !== null) res.setHeader('retry-after', retryAfter);
          res.statusCode = Number(url.searchParams.get('status') ?? '503');
          res.end('not yet');
          return;
        }
      }
      routeTestRequest(req, res, Buffer.concat(chunks), url);
    });
  };
}

/** Starts the HTTP test server on 127.0.0.1, port 0. */
export async function startTestServer(): Promise<TestServer> {
  const hitsByKey = new Map<string, number>();
  const server = createServer({ keepAliveTimeout: 30_000 }, collectingHandler(hitsByKey));
  return listenTestServer(server, 'http', 'connection', hitsByKey);
}

/** Listens on 127.0.0.1:0 and wraps a server as a TestServer. */
export async function listenTestServer(
  server: Server & { closeAllConnections?: () => void },
  scheme: 'http' | 'https',
  connectionEvent: string,
  hitsByKey: Map<string, number>,
): Promise<TestServer> {
  let accepted = 0;
  server.on(connectionEvent, () => {
    accepted++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    connections: () => accepted,
    hits: (key) => hitsByKey.get(key) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
