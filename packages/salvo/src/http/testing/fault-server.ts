import { type AddressInfo, createServer, type Socket } from 'node:net';

export interface FaultServer {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
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
 * Anything else: 200 "ok". Request bodies are not expected (GET only).
 */
export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serveConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function serveConnection(socket: Socket): void {
  let buffered = '';
  let served = 0;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
      const head = buffered.slice(0, end);
      buffered = buffered.slice(end + 4);
      const path = head.split(' ', 2)[1] ?? '/';
      served++;
      if (!answer(socket, path, served)) return;
    }
  });
}

/** Writes the answer for one request; false when the connection is finished with. */
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
  if (path.startsWith('/cl-te')) {
    socket.end(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    );
    return false;
  }
  socket.write(OK);
  return true;
}
