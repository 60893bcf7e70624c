import { buildConnector } from 'undici';
import { monotonicMs } from '../../clock.ts';
import { INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import { sendAsPromise } from '../transport-promise.ts';
import type { ResultSink, Transport, TransportOptions, TransportRequest, TransportResult } from '../types.ts';
import { type OriginPool, UndiciConnection } from './connection.ts';
import { type ExchangeOwner, UndiciExchange } from './exchange.ts';

const CLOSED_ERROR = { kind: 'interrupted', message: INTERRUPTED_MESSAGE } as const;

function closedError(): Error {
  return Object.assign(new Error(INTERRUPTED_MESSAGE), { code: 'SALVO_TRANSPORT_CLOSED' });
}

/**
 * A VU's undici connections: one `Client` per connection driven by `dispatch` with pooled,
 * reusable handler objects, up to `maxConnectionsPerOrigin` per origin; further requests
 * wait in a FIFO queue (counted as blocked time).
 *
 * @example
 * const transport = createUndiciTransport({ tls: { insecureSkipVerify: false }, maxConnectionsPerOrigin: 1, pipelining: 1, http2: false });
 */
export function createUndiciTransport(options: TransportOptions): Transport {
  return new UndiciTransport(options);
}

class UndiciTransport implements Transport, ExchangeOwner {
  readonly name = 'undici';
  private readonly options: TransportOptions;
  private readonly pools = new Map<string, OriginPool>();
  private poolByUrl = new WeakMap<URL, OriginPool>();
  private readonly pathByUrl = new WeakMap<URL, string>();
  private readonly connectors = new Map<number, buildConnector.connector>();
  private readonly spare: UndiciExchange[] = [];
  private readonly connectorFor: (connectTimeoutMs: number) => buildConnector.connector;
  private closed = false;

  constructor(options: TransportOptions) {
    if (!(options.maxConnectionsPerOrigin >= 1)) {
      throw new RangeError(`maxConnectionsPerOrigin must be >= 1, got ${options.maxConnectionsPerOrigin}`);
    }
    this.options = options;
    this.connectorFor = (connectTimeoutMs) => this.connector(connectTimeoutMs);
  }

  send(req: TransportRequest, sink: ResultSink): void {
    const exchange = this.spare.pop() ?? new UndiciExchange(this);
    exchange.start(req, sink, this.pathOf(req.url), monotonicMs());
    if (this.closed) {
      exchange.fail(CLOSED_ERROR);
      this.spare.push(exchange);
      return;
    }
    const signal = req.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        exchange.abort();
        this.spare.push(exchange);
        return;
      }
      // exchanges are reused: the listener ends only the request it was added for
      signal.addEventListener('abort', () => exchange.req === req && exchange.abort(), { once: true });
    }
    const pool = this.poolOf(req.url);
    const conn = this.freeConnection(pool);
    if (conn === undefined) {
      exchange.queuedIn = pool.waiting;
      pool.waiting.push(exchange);
    } else {
      this.dispatch(conn, exchange);
    }
  }

  request(req: TransportRequest): Promise<TransportResult> {
    return sendAsPromise(this, req);
  }

  async interrupt(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const pool of this.pools.values()) {
      for (const exchange of pool.waiting.splice(0)) {
        exchange.queuedIn = undefined;
        exchange.fail(CLOSED_ERROR);
      }
      // requests on the connections end in their onError, as interrupted (errors.ts)
      for (const conn of pool.connections) closing.push(conn.client.destroy(closedError()));
    }
    this.pools.clear();
    this.poolByUrl = new WeakMap();
    await Promise.all(closing);
  }

  close(): Promise<void> {
    this.closed = true;
    return this.interrupt();
  }

  releaseExchange(exchange: UndiciExchange): void {
    const conn = exchange.conn;
    exchange.conn = undefined;
    exchange.req = undefined;
    this.spare.push(exchange);
    if (conn === undefined) return;
    conn.inFlight--;
    if (this.closed) return;
    const waiting = conn.pool.waiting;
    while (waiting.length > 0 && conn.inFlight < conn.capacity) {
      const next = waiting.shift()!;
      next.queuedIn = undefined;
      this.dispatch(conn, next);
    }
  }

  resend(exchange: UndiciExchange): void {
    const conn = exchange.conn;
    exchange.conn = undefined;
    if (conn !== undefined) conn.inFlight--;
    exchange.restart(monotonicMs());
    const req = exchange.req!;
    if (this.closed) {
      exchange.fail(CLOSED_ERROR);
      return;
    }
    const pool = this.poolOf(req.url);
    const free = this.freeConnection(pool);
    if (free === undefined) {
      exchange.queuedIn = pool.waiting;
      pool.waiting.unshift(exchange);
    } else {
      this.dispatch(free, exchange);
    }
  }

  dropQueued(exchange: UndiciExchange): void {
    const waiting = exchange.queuedIn;
    exchange.queuedIn = undefined;
    const index = waiting === undefined ? -1 : waiting.indexOf(exchange);
    if (index !== -1) waiting!.splice(index, 1);
    exchange.req = undefined;
    this.spare.push(exchange);
  }

  private dispatch(conn: UndiciConnection, exchange: UndiciExchange): void {
    conn.inFlight++;
    conn.connectTimeoutMs = exchange.req!.timeouts.connectMs;
    exchange.conn = conn;
    conn.client.dispatch(exchange.opts, exchange);
  }

  private freeConnection(pool: OriginPool): UndiciConnection | undefined {
    const connections = pool.connections;
    for (let i = 0; i < connections.length; i++) {
      const conn = connections[i]!;
      if (conn.inFlight < conn.capacity) return conn;
    }
    if (connections.length >= this.options.maxConnectionsPerOrigin) return undefined;
    const conn = new UndiciConnection(pool, this.options.http2 !== false, this.connectorFor);
    connections.push(conn);
    return conn;
  }

  private poolOf(url: URL): OriginPool {
    let pool = this.poolByUrl.get(url);
    if (pool === undefined) {
      const origin = url.origin;
      pool = this.pools.get(origin);
      if (pool === undefined) {
        pool = { origin, connections: [], waiting: [] };
        this.pools.set(origin, pool);
      }
      this.poolByUrl.set(url, pool);
    }
    return pool;
  }

  private pathOf(url: URL): string {
    let path = this.pathByUrl.get(url);
    if (path === undefined) {
      path = `${url.pathname}${url.search}`;
      this.pathByUrl.set(url, path);
    }
    return path;
  }

  private connector(connectTimeoutMs: number): buildConnector.connector {
    let connector = this.connectors.get(connectTimeoutMs);
    if (connector === undefined) {
      const tls = this.options.tls;
      connector = buildConnector({
        timeout: connectTimeoutMs,
        allowH2: this.options.http2 !== false,
        rejectUnauthorized: !tls.insecureSkipVerify,
        ca: tls.ca as string | string[] | undefined,
        cert: tls.cert,
        key: tls.key,
        servername: tls.servername,
      });
      this.connectors.set(connectTimeoutMs, connector);
    }
    return connector;
  }
}
