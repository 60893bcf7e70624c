import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type buildConnector, Client } from 'undici';
import { monotonicMs } from '../../clock.ts';
import { type ConnectionStamp, faultLogAdopted, routeFor } from '../fault-routing.ts';
import type { UndiciExchange } from './exchange.ts';

type Connector = buildConnector.connector;
type ConnectOptions = buildConnector.Options;
type ConnectCallback = buildConnector.Callback;

/** Builds (and caches) an undici connector for a connect timeout. */
export type ConnectorFor = (connectTimeoutMs: number) => Connector;

/** One origin's connections and the requests waiting for a free one. */
export interface OriginPool {
  readonly origin: string;
  readonly connections: UndiciConnection[];
  readonly waiting: UndiciExchange[];
}

/** Streams one h2 connection may carry at once (undici's default). */
const H2_MAX_STREAMS = 100;

/**
 * One connection: an undici `Client` (which reconnects by itself when its socket closes)
 * whose connect function wraps undici's own connector to time the TCP connect and the TLS
 * handshake. The times are handed to the first request that goes out on the new socket.
 */
export class UndiciConnection {
  readonly client: Client;
  readonly pool: OriginPool;
  readonly connectorFor: ConnectorFor;
  /** Requests dispatched on this connection and not yet released by undici. */
  inFlight = 0;
  /** Set by the request that dispatches next, read when undici (re)connects. */
  connectTimeoutMs = 10_000;
  socket: Socket | undefined;
  protocol: 'http/1.1' | 'h2' = 'http/1.1';
  /** Connected and not yet used by a request. */
  fresh = false;
  connectStartMs = 0;
  tcpDoneMs = 0;
  tlsDoneMs = 0;
  /** The run's fault proxy in front of this origin, if any: sockets connect there (fault-routing.ts). */
  private readonly route: { host: string; port: number } | undefined;
  /** The fault proxy's marks are read for this connection's failures. */
  readonly marked: boolean;
  /** The current socket's, when `marked`. */
  private localPort: number | undefined;
  private openedAtEpochMs = 0;

  constructor(pool: OriginPool, http2: boolean, connectorFor: ConnectorFor) {
    this.pool = pool;
    this.connectorFor = connectorFor;
    this.route = routeFor(pool.origin);
    this.marked = this.route !== undefined || faultLogAdopted();
    this.client = new Client(pool.origin, {
      connect: (options, callback) => this.connect(options, callback),
      allowH2: http2,
      pipelining: 1,
      maxConcurrentStreams: H2_MAX_STREAMS,
    });
  }

  /**
   * The current socket's stamp, copied: undici reconnects on the same Client, so a failure
   * classified later (under a proxy's log) must not read the next socket's port.
   */
  stamp(): ConnectionStamp {
    return { localPort: this.localPort, openedAtEpochMs: this.openedAtEpochMs };
  }

  get capacity(): number {
    return this.protocol === 'h2' ? H2_MAX_STREAMS : 1;
  }

  /** Hands the connect times to the first request on a fresh socket; marks the rest reused. */
  claim(exchange: UndiciExchange): void {
    const socket = this.socket;
    if (socket !== undefined) {
      exchange.baseWritten = socket.bytesWritten;
      exchange.baseRead = socket.bytesRead;
    }
    if (this.fresh) {
      this.fresh = false;
      exchange.reused = false;
      exchange.assignedMs = this.connectStartMs;
      exchange.connectingMs = this.tcpDoneMs - this.connectStartMs;
      exchange.tlsMs = this.tlsDoneMs === 0 ? 0 : this.tlsDoneMs - this.tcpDoneMs;
    } else {
      exchange.reused = true;
      exchange.assignedMs = exchange.sendStartMs;
    }
  }

  private connect(options: ConnectOptions, callback: ConnectCallback): Socket {
    this.connectStartMs = monotonicMs();
    this.tcpDoneMs = this.tlsDoneMs = 0;
    this.fresh = false;
    const tls = options.protocol === 'https:';
    const route = this.route;
    const to = route === undefined ? options : { ...options, hostname: route.host, port: String(route.port) };
    const socket = this.connectorFor(this.connectTimeoutMs)(to, (err, connected) => {
      if (err !== null || connected === null) {
        callback(err, null);
        return;
      }
      const doneMs = monotonicMs();
      if (tls) this.tlsDoneMs = doneMs;
      else this.tcpDoneMs = doneMs;
      if (this.tcpDoneMs === 0) this.tcpDoneMs = doneMs;
      this.socket = connected as Socket;
      if (this.marked) {
        this.localPort = this.socket.localPort;
        this.openedAtEpochMs = Date.now();
      }
      this.protocol = (connected as TLSSocket).alpnProtocol === 'h2' ? 'h2' : 'http/1.1';
      this.fresh = true;
      callback(null, connected);
    }) as unknown as Socket;
    if (tls) {
      socket.once('connect', () => {
        this.tcpDoneMs = monotonicMs();
      });
    }
    return socket;
  }
}
