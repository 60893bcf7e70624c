import type * as tls from 'node:tls';
import { monotonicMs } from '../../clock.ts';
import { ABORTED_MESSAGE, INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import { sendAsPromise } from '../transport-promise.ts';
import type { ResultSink, Transport, TransportOptions, TransportRequest, TransportResult } from '../types.ts';
import { LeanExchange } from './exchange.ts';
import { OriginPool } from './origin-pool.ts';
import { RequestHeadCache } from './request-head.ts';

/** A TLS connection another transport opened, on which the server chose HTTP/1.1 in ALPN. */
export interface Http1Handover {
  readonly socket: tls.TLSSocket;
  /** When the request was handed to the other transport (its blocked time starts there). */
  readonly startMs: number;
  /** When the connection was opened, and when TCP connected (the TLS handshake ended now). */
  readonly connectStartMs: number;
  readonly tcpConnectedMs: number;
}

/** One VU's lean HTTP/1.1 transport: a pool per origin and the cache of request heads. */
export class LeanTransport implements Transport {
  readonly name = 'lean' as const;
  private readonly options: TransportOptions;
  /** By origin; most VUs talk to one, so the map is made for a second. */
  private firstPool: OriginPool | undefined;
  private pools: Map<string, OriginPool> | undefined;
  private readonly heads = new RequestHeadCache();
  private closed = false;

  constructor(options: TransportOptions) {
    this.options = options;
  }

  send(req: TransportRequest, sink: ResultSink): void {
    const nowMs = monotonicMs();
    const ex = new LeanExchange(req, sink, nowMs);
    if (this.closed) {
      ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
      return;
    }
    try {
      const pool = this.prepare(req, ex);
      if (req.signal !== undefined && !watchAbort(req.signal, ex, pool, nowMs)) return;
      pool.dispatch(ex, nowMs);
    } catch (err) {
      // Only bad input throws (an invalid method, header name or value, or URL scheme).
      ex.fail('protocol', (err as Error).message, nowMs);
    }
  }

  /**
   * Sends `req` on a connection the h2 transport opened, whose server chose HTTP/1.1 in ALPN
   * (a browser, too, goes on in HTTP/1.1 on that connection): no second handshake, and the
   * request's blocked, connecting and TLS times are the ones it spent on it. The socket then
   * serves this VU's later requests to the origin like any of the pool's.
   */
  sendOnSocket(req: TransportRequest, sink: ResultSink, handover: Http1Handover): void {
    const ex = new LeanExchange(req, sink, handover.startMs);
    const socket = handover.socket;
    if (this.closed) {
      socket.destroy();
      ex.fail('interrupted', INTERRUPTED_MESSAGE, monotonicMs());
      return;
    }
    try {
      const pool = this.prepare(req, ex);
      if (req.signal !== undefined && !watchAbort(req.signal, ex, pool, monotonicMs())) {
        socket.destroy();
        return;
      }
      pool.adopt(ex, socket, handover.connectStartMs, handover.tcpConnectedMs);
    } catch (err) {
      socket.destroy();
      ex.fail('protocol', (err as Error).message, monotonicMs());
    }
  }

  /** Sets `ex`'s head and returns the pool for `req`; throws only on bad input. */
  private prepare(req: TransportRequest, ex: LeanExchange): OriginPool {
    const shape = this.heads.shapeFor(req);
    ex.head = shape.headFor(req.body);
    let pool = shape.pool;
    if (pool === undefined || pool.closed) pool = shape.pool = this.poolFor(req.url);
    return pool;
  }

  request(req: TransportRequest): Promise<TransportResult> {
    return sendAsPromise(this, req);
  }

  async interrupt(): Promise<void> {
    const closing: Promise<void>[] = [];
    if (this.firstPool !== undefined) closing.push(this.firstPool.close());
    for (const pool of this.pools?.values() ?? []) closing.push(pool.close());
    // request shapes still point at the closed pools: they take new ones (see send)
    this.firstPool = undefined;
    this.pools = undefined;
    await Promise.all(closing);
  }

  close(): Promise<void> {
    this.closed = true;
    return this.interrupt();
  }

  private poolFor(url: URL): OriginPool {
    const key = url.origin;
    const first = this.firstPool;
    if (first === undefined) return (this.firstPool = new OriginPool(url, this.options));
    if (first.origin === key) return first;
    this.pools ??= new Map();
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new OriginPool(url, this.options);
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/**
 * Ends `ex` when its signal aborts: taken out of the queue, or its socket dropped (the rest
 * of the body is never read). False when the signal had aborted already (`ex` has ended).
 * Only streams set a signal, so plain requests pay nothing for this.
 */
function watchAbort(signal: AbortSignal, ex: LeanExchange, pool: OriginPool, nowMs: number): boolean {
  if (signal.aborted) {
    ex.fail('interrupted', ABORTED_MESSAGE, nowMs);
    return false;
  }
  signal.addEventListener(
    'abort',
    () => {
      if (!ex.settled) pool.abort(ex, 'interrupted', ABORTED_MESSAGE);
    },
    { once: true },
  );
  return true;
}
