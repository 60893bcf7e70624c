import * as net from 'node:net';
import { createMarkTable } from '../http/index.ts';
import { FaultTable } from './fault-table.ts';
import type { Fault } from './fault-types.ts';
import { ProxyConnection } from './proxy-connection.ts';

export interface ProxyOptions {
  /** Where it listens (default 127.0.0.1, a free port). */
  readonly host?: string;
  readonly port?: number;
  /** The service: `http://host:port`. */
  readonly target: URL;
  readonly faults: readonly Fault[];
  /** Epoch ms that the faults' `from` and `to` count from (default: now). */
  readonly startMs?: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly target: URL;
  readonly table: FaultTable;
  /** The connection marks its runners read (fault-routing.ts). */
  readonly marks: SharedArrayBuffer;
  /** Stops accepting and drops every connection. */
  close(): Promise<void>;
}

/**
 * Starts the proxy: every connection accepted is forwarded to `target` over one
 * connection of its own, with the faults of `table` applied (proxy-connection.ts).
 */
export async function listenProxy(options: ProxyOptions): Promise<FaultProxy> {
  const table = new FaultTable(options.faults, options.startMs);
  const marks = createMarkTable();
  const target = options.target;
  const ctx = {
    table,
    targetHost: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
    targetPort: target.port === '' ? 80 : Number(target.port),
    marks,
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new ProxyConnection(socket, ctx);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: address.address,
    port: address.port,
    target,
    table,
    marks,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
