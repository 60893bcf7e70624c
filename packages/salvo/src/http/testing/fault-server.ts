import { type AddressInfo, createServer, type Socket } from 'node:net';

export interface FaultServer {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /**
   * Requests received so far (each complete request head read, answered or not), of every
   * path or of those starting with `pathPrefix`.
   */
  requests(pathPrefix?: string): number;
  close(): Promise<void>;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

/**
 * A raw TCP server that misbehaves on purpose, by request path:
 * - /reset: half a response head, then a TCP reset
 * - /stall: reads the request and never answers
 * - /garbage: bytes that are not HTTP, then close
 * - /close-after/<n>: 200 "ok" with keep-alive, but the server closes the connection after
 *   its n-th response without saying so
 * - /bad-chunk: a chunked body with an invalid chunk size
 * - /cl-te: Content-Length and Transfer-Encoding together
 * - /reset-every-other: of the requests to this path, every second one (server-wide) is
 *   answered with a TCP reset and no byte; the others get 200 "ok" with keep-alive
 * - /half-close: 200 "ok" with keep-alive, then a FIN; requests that arrive after it are
 *   read and counted, never answered
 * - /idle-close/<ms>: 200 "ok" with keep-alive; the server closes the connection once it
 *   has been idle for ms
 * Anything else: 200 "ok". Request bodies are not expected (GET only).
 */
export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const counts: Counts = { byPath: new Map(), resetTurn: 0 };
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serveConnection(socket, counts);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    requests: (pathPrefix = '/') => {
      let total = 0;
      for (const [path, count] of counts.byPath) if (path.startsWith(pathPrefix)) total += count;
      return total;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface Counts {
  readonly byPath: Map<string, number>;
  /** Requests to /reset-every-other so far. */
  resetTurn: number;
}

function serveConnection(socket: Socket, counts: Counts): void {
  let buffered = '';
  let served = 0;
  let answering = true;
  let idleTimer: NodeJS.Timeout | undefined;
  socket.on('close', () => clearTimeout(idleTimer));
  socket.on('data', (chunk: Buffer) => {
    clearTimeout(idleTimer);
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
      const head = buffered.slice(0, end);
      buffered = buffered.slice(end + 4);
      const path = head.split(' ', 2)[1] ?? '/';
      // counted whatever happens next: what the server saw, for the tests that compare
      counts.byPath.set(path, (counts.byPath.get(path) ?? 0) + 1);
      served++;
      if (!answering) continue;
      if (path.startsWith('/reset-every-other')) {
        if (counts.resetTurn++ % 2 === 1) {
          socket.resetAndDestroy();
          return;
        }
        socket.write(OK);
        continue;
      }
      if (path.startsWith('/idle-close/')) {
        socket.write(OK);
        idleTimer = setTimeout(() => socket.destroy(), Number(path.split('/')[2]));
        continue;
      }
      answering = answer(socket, path, served);
    }
  });
}

/** Writes the answer for one request; false when the connection answers nothing more. */
function answer(socket: Socket, path: string, served: number): boolean {
  if (path.startsWith('/reset')) {
    socket.write('HTTP/1.1 200 OK\r\nContent-Len');
    setTimeout(() => socket.resetAndDestroy(), 20);
    return false;
  }
  if (path.startsWith('/stall')) return false;
  if (path.startsWith('/garbage')) {
    socket.end('SSH-2.0-OpenSSH_9.6 not http at all\r\n\r\n');
    return false;
  }
  if (path.startsWith('/close-after/')) {
    socket.write(OK);
    if (served >= Number(path.split('/')[2])) {
      socket.end();
      return false;
    }
    return true;
  }
  if (path.startsWith('/bad-chunk')) {
    socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n');
    return false;
  }
  if (path.startsWith('/half-close')) {
    socket.end(OK);
    return false;
  }
  if (path.startsWith('/cl-te')) {
    socket.end(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    );
    return false;
  }
  socket.write(OK);
  return true;
}
