import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createH2cServer,
  createSecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { AddressInfo, Server, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { selfSignedCert } from '../../testing/index.ts';
import { SSE_FIXTURE } from './sse-fixture.ts';

export interface StreamServer {
  readonly url: string;
  /** /forever responses whose connection closed (the client went away). */
  readonly foreverClosed: { count: number };
  /** The Last-Event-ID header of each /resume request, in order ('' when absent). */
  readonly resumeIds: string[];
  close(): Promise<void>;
}

/**
 * A loopback server of event streams with known content and timing:
 * - `/fixture`: SSE_FIXTURE written one byte per write, a turn of the event loop apart;
 * - `/timed?n=N&first=MS&gap=MS`: N events, the first after `first` ms, then one per `gap` ms;
 * - `/resume`: ids 1 and 2 with `retry: 20`, then closes; asked again with Last-Event-ID 2, id 3;
 * - `/error`: 500 with a JSON body; `/page`: 200 with an HTML page; `/stall`: one event, then silence;
 * - `/ndjson`: three JSON lines, written a line and a half at a time;
 * - `/forever`: an event every 20 ms until the client goes away (counted in foreverClosed).
 */
export async function startStreamServer(protocol: StreamProtocol = 'http1'): Promise<StreamServer> {
  const resumeIds: string[] = [];
  const foreverClosed = { count: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const events = (): void => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    };
    const route = url.pathname;
    if (route === '/fixture') {
      events();
      void writeBytes(res, Buffer.from(SSE_FIXTURE));
    } else if (route === '/timed') {
      events();
      const n = Number(url.searchParams.get('n'));
      void writeTimed(res, n, Number(url.searchParams.get('first')), Number(url.searchParams.get('gap')));
    } else if (route === '/resume') {
      const id = req.headers['last-event-id'];
      resumeIds.push(typeof id === 'string' ? id : '');
      events();
      if (id === '2') res.end('id: 3\ndata: c\n\n');
      else res.end('retry: 20\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n');
    } else if (route === '/error') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"model is overloaded"}');
    } else if (route === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html>\n<p>data: not an event</p>\n\n');
    } else if (route === '/stall') {
      events();
      res.write('data: only\n\n');
    } else if (route === '/forever') {
      events();
      let n = 0;
      const timer = setInterval(() => res.write(`data: ${n++}\n\n`), 20);
      res.on('close', () => {
        clearInterval(timer);
        foreverClosed.count++;
      });
    } else if (route === '/ndjson') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      void writeBytes(res, Buffer.from('{"n":1}\n{"n":2}\n{"n":3,"done":true}\n'), 12);
    } else {
      res.writeHead(404).end();
    }
  };
  const server = listenerFor(protocol, handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${protocol === 'h2' ? 'https' : 'http'}://127.0.0.1:${port}`,
    resumeIds,
    foreverClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `h2` is HTTP/2 over TLS (a self-signed certificate), `h2c` HTTP/2 in plain text. */
export type StreamProtocol = 'http1' | 'h2' | 'h2c';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The same routes on node:http or node:http2 (whose compatibility API has the same shape). */
function listenerFor(protocol: StreamProtocol, handler: Handler): Server {
  if (protocol === 'http1') return createServer(handler);
  const h2Handler = handler as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void;
  if (protocol === 'h2c') return createH2cServer(h2Handler) as unknown as Server;
  const { cert, key } = selfSignedCert();
  return createSecureServer({ cert, key }, h2Handler) as unknown as Server;
}

async function writeBytes(res: ServerResponse, bytes: Buffer, size = 1): Promise<void> {
  for (let i = 0; i < bytes.length && !res.destroyed; i += size) {
    res.write(bytes.subarray(i, i + size));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

async function writeTimed(res: ServerResponse, n: number, firstMs: number, gapMs: number): Promise<void> {
  await delay(firstMs);
  for (let i = 0; i < n && !res.destroyed; i++) {
    if (i > 0) await delay(gapMs);
    res.write(`id: ${i}\ndata: event ${i}\n\n`);
  }
  res.end();
}
