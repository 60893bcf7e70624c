import { isIP } from 'node:net';
import type * as tls from 'node:tls';
import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, expireQueued, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import { faultLogAdopted, routeFor } from '../fault-routing.ts';
import type { NetworkErrorKind, TlsOptions, TransportOptions } from '../types.ts';
import { LeanConnection } from './connection.ts';
import type { LeanExchange } from './exchange.ts';
import { type HeadTemplates, sharedTemplates } from './head-parser.ts';

/**
 * One VU's connections to one origin: up to `maxConnectionsPerOrigin` sockets, each taking
 * `pipelining` requests at a time; requests beyond wait in a FIFO queue (their blocked time),
 * bounded by their whole-request deadline.
 */
export class OriginPool implements DeadlineEntry {
  /** `scheme://host:port` as URL gives it. */
  readonly origin: string;
  readonly hostname: string;
  readonly port: number;
  /** Where sockets connect: the origin's host and port, or the run's fault proxy (fault-routing.ts). */
  readonly connectHost: string;
  readonly connectPort: number;
  /**
   * Connections go through the run's fault proxy, or a proxy's log is read (any origin may
   * be behind it): their failures may be marked as injected.
   */
  readonly marked: boolean;
  /** Connections go through the run's fault proxy (not only its log). */
  readonly routed: boolean;
  readonly secure: boolean;
  readonly servername: string | undefined;
  readonly tlsOptions: TlsOptions;
  readonly pipelining: number;
  readonly maxConnections: number;
  /** Response head templates, shared with every other VU's pool for this origin. */
  readonly headTemplates: HeadTemplates;
  /** The last TLS session, offered again on reconnect. */
  tlsSession: Buffer | undefined;
  closed = false;
  deadlineMs = Number.POSITIVE_INFINITY;
  readonly connections: LeanConnection[] = [];
  private readonly queue: LeanExchange[] = [];
  private watched = false;

  constructor(url: URL, options: TransportOptions) {
    this.secure = url.protocol === 'https:';
    // URL keeps the brackets of an IPv6 literal.
    this.hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.port = url.port === '' ? (this.secure ? 443 : 80) : Number(url.port);
    this.tlsOptions = options.tls;
    const servername = options.tls.servername ?? this.hostname;
    this.servername = isIP(servername) === 0 ? servername : undefined;
    this.pipelining = Math.max(1, options.pipelining);
    this.maxConnections = Math.max(1, options.maxConnectionsPerOrigin);
    this.origin = url.origin;
    const route = routeFor(url.origin);
    this.routed = route !== undefined;
    this.marked = this.routed || faultLogAdopted();
    this.connectHost = route?.host ?? this.hostname;
    this.connectPort = route?.port ?? this.port;
    this.headTemplates = sharedTemplates(url.origin);
  }

  dispatch(ex: LeanExchange, nowMs: number): void {
    const connections = this.connections;
    let open = 0;
    for (let i = 0; i < connections.length; i++) {
      const conn = connections[i] as LeanConnection;
      if (conn.canAccept()) {
        ex.assignedMs = nowMs;
        conn.send(ex, nowMs);
        return;
      }
      if (!conn.closing) open++;
    }
    // A closing socket no longer counts: its replacement may open at once.
    if (open < this.maxConnections) {
      connections.push(new LeanConnection(this, ex, nowMs));
      return;
    }
    this.queue.push(ex);
    this.armDeadline(ex.deadlineMs);
  }

  /**
   * Sends `ex` on a TLS socket the h2 transport opened at `connectStartMs` and whose server
   * chose HTTP/1.1 (see LeanTransport.sendOnSocket). Through a fault proxy the socket is not
   * the proxy's: it is closed and `ex` takes a connection of the pool's own.
   */
  adopt(ex: LeanExchange, socket: tls.TLSSocket, connectStartMs: number, tcpConnectedMs: number): void {
    if (this.routed) {
      socket.destroy();
      this.dispatch(ex, monotonicMs());
      return;
    }
    this.connections.push(new LeanConnection(this, ex, connectStartMs, { socket, tcpConnectedMs }));
  }

  /**
   * Ends `ex` now (its signal aborted): out of the queue, or its connection dropped. The
   * connection is looked up here, on the rare abort, so that no request pays to note it.
   */
  abort(ex: LeanExchange, kind: NetworkErrorKind, message: string): void {
    const queued = this.queue.indexOf(ex);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      ex.fail(kind, message, monotonicMs());
      return;
    }
    for (const conn of this.connections) {
      if (conn.opener === ex || conn.inFlight.includes(ex)) {
        conn.abort(ex, kind, message);
        return;
      }
    }
  }

  /** A connection can take more: hand it queued requests. */
  connectionFree(conn: LeanConnection): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    const nowMs = monotonicMs();
    while (queue.length > 0 && conn.canAccept()) {
      const ex = queue.shift() as LeanExchange;
      ex.assignedMs = nowMs;
      conn.send(ex, nowMs);
    }
  }

  connectionClosed(conn: LeanConnection): void {
    const i = this.connections.indexOf(conn);
    if (i !== -1) this.connections.splice(i, 1);
    const next = this.queue.shift();
    if (next !== undefined && !this.closed) this.dispatch(next, monotonicMs());
  }

  /** The stale keep-alive retry: on a connection being opened (one is opened if none is). */
  retry(ex: LeanExchange): void {
    const opening = this.connections.find((conn) => conn.opener !== undefined && !conn.closing);
    if (opening === undefined) {
      this.connections.push(new LeanConnection(this, ex, monotonicMs()));
      return;
    }
    this.queue.unshift(ex);
    this.armDeadline(ex.deadlineMs);
  }

  onDeadline(): void {
    this.watched = false;
    this.deadlineMs = Number.POSITIVE_INFINITY;
    const next = expireQueued(this.queue, (ex: LeanExchange) => ex.deadlineMs, 'a connection', monotonicMs());
    if (next !== Number.POSITIVE_INFINITY) this.armDeadline(next);
  }

  /** Closes every connection; queued and in-flight requests end as interrupted, with their times. */
  close(): Promise<void> {
    this.closed = true;
    if (this.watched) unwatchDeadline(this);
    const nowMs = monotonicMs();
    for (const ex of this.queue.splice(0)) ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
    const closing: Promise<void>[] = [];
    for (const conn of this.connections.slice()) closing.push(conn.shutdown());
    return Promise.all(closing).then(() => undefined);
  }

  private armDeadline(deadlineMs: number): void {
    if (deadlineMs < this.deadlineMs) this.deadlineMs = deadlineMs;
    if (!this.watched) {
      this.watched = true;
      watchDeadline(this);
    }
  }
}
