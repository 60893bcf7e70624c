import * as net from 'node:net';

/**
 * The service's sockets read into this one buffer (net's `onread`), and each read is copied
 * out at its size: it skips the readable stream's per-read machinery and Node's 64 KiB
 * allocation per read. Reads are handled one at a time and synchronously, so one buffer
 * serves every connection.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** A connection to the service that hands each read to `onData` as a Buffer of its own. */
export function connectUpstream(host: string, port: number, onData: (buf: Buffer) => void): net.Socket {
  const socket = net.connect({
    host,
    port,
    onread: {
      buffer: READ_BUFFER,
      callback: (bytes: number): boolean => {
        const copy = Buffer.allocUnsafe(bytes);
        READ_BUFFER.copy(copy, 0, 0, bytes);
        onData(copy);
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  return socket;
}
