import {
  createServer,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
  type Settings,
} from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';

/** A bare h2c server for HTTP/2's own faults: the test's handler gets each stream. */
export interface H2StreamServer {
  readonly url: string;
  /** Sessions (connections) accepted so far. */
  sessions(): number;
  /** Streams received so far (each request the server saw, answered or not). */
  streams(): number;
  close(): Promise<void>;
}

/**
 * Starts an h2c server on 127.0.0.1, port 0, with `settings` (its stream limit, its window)
 * and `onStream` for every request.
 *
 * @example
 * const server = await startH2StreamServer({ maxConcurrentStreams: 1 }, (stream) => {
 *   stream.respond({ ':status': 200 });
 *   stream.end('ok');
 * });
 */
export async function startH2StreamServer(
  settings: Settings,
  onStream: (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, session: Http2Session) => void,
): Promise<H2StreamServer> {
  const server = createServer({ settings });
  let sessions = 0;
  let streams = 0;
  const sockets = new Set<Socket>();
  server.on('session', () => {
    sessions++;
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('stream', (stream, headers) => {
    streams++;
    stream.on('error', () => {});
    onStream(stream, headers, stream.session as Http2Session);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessions: () => sessions,
    streams: () => streams,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
