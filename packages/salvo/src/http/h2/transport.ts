import { monotonicMs } from '../../clock.ts';
import { ABORTED_MESSAGE, INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import type { Http1Handover, LeanHttp1Transport } from '../lean/index.ts';
import { sendAsPromise } from '../transport-promise.ts';
import type { ResultSink, Transport, TransportOptions, TransportRequest, TransportResult } from '../types.ts';
import { H2Exchange, type H2ExchangeOwner } from './exchange.ts';
import { type H2ClientName, type H2Http1Fallback, H2Origin } from './origin.ts';
import { h2ShapeFor } from './request-headers.ts';
import { acquireSharedOrigin, releaseSharedOrigin } from './shared-origins.ts';

const NO_SHAPE = { headers: [], headerBytes: 0 } as const;

/**
 * One VU's HTTP/2 transport. By default the VU has its own session per origin, as a browser
 * or k6 has (its parallel requests are streams of that session, up to the server's limit);
 * with `http2Sessions.shared` the VUs of a runner share sessions of up to
 * `streamsPerSession` streams each. Origins whose server negotiates HTTP/1.1 go to
 * `fallback` (the VU's lean transport).
 */
export class H2Transport implements Transport, H2ExchangeOwner, H2Http1Fallback {
  readonly name = 'h2' as const;
  private readonly options: TransportOptions;
  private readonly fallback: LeanHttp1Transport;
  private readonly shared: boolean;
  private readonly streamsPerSession: number;
  private readonly client: H2ClientName;
  /** The origin of the last URL object sent to; most VUs talk to one. */
  private lastUrl: URL | undefined;
  private lastOrigin: H2Origin | undefined;
  private readonly origins = new Map<string, H2Origin>();
  /** Shared mode: this VU's exchanges not yet settled (an interrupt ends only these). */
  private readonly unsettled: Set<H2Exchange> | undefined;
  private closed = false;

  constructor(options: TransportOptions, fallback: LeanHttp1Transport) {
    this.options = options;
    this.fallback = fallback;
    const sessions = options.http2Sessions;
    this.shared = sessions?.shared === true;
    this.streamsPerSession =
      sessions?.shared === true ? sessions.streamsPerSession : Number.POSITIVE_INFINITY;
    this.unsettled = this.shared ? new Set() : undefined;
    this.client = options.http2Client ?? 'lean';
  }

  send(req: TransportRequest, sink: ResultSink): void {
    const nowMs = monotonicMs();
    let ex: H2Exchange;
    try {
      ex = new H2Exchange(req, h2ShapeFor(req), sink, this, nowMs);
    } catch (err) {
      // Only bad input throws (an invalid method, header name or value).
      new H2Exchange(req, NO_SHAPE, sink, this, nowMs).fail('protocol', (err as Error).message, nowMs);
      return;
    }
    if (this.closed) {
      ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
      return;
    }
    const origin = req.url === this.lastUrl ? (this.lastOrigin as H2Origin) : this.originFor(req.url);
    if (origin.http1) {
      this.fallback.send(req, sink);
      return;
    }
    if (req.signal !== undefined && !watchAbort(req.signal, ex, origin, nowMs)) return;
    this.unsettled?.add(ex);
    origin.dispatch(ex, nowMs);
  }

  request(req: TransportRequest): Promise<TransportResult> {
    return sendAsPromise(this, req);
  }

  exchangeDone(ex: H2Exchange): void {
    this.unsettled?.delete(ex);
  }

  sendHttp1(ex: H2Exchange, handover?: Http1Handover): void {
    this.unsettled?.delete(ex);
    // the lean transport settles the sink from now on (an abort too): this exchange is done
    ex.settled = true;
    if (handover === undefined) this.fallback.send(ex.req, ex.sink);
    else this.fallback.sendOnSocket(ex.req, ex.sink, handover);
  }

  async interrupt(): Promise<void> {
    const origins = [...this.origins.values()];
    this.origins.clear();
    this.lastUrl = this.lastOrigin = undefined;
    const unsettled = this.unsettled;
    if (unsettled === undefined) {
      await Promise.all(origins.map((origin) => origin.close()));
      return;
    }
    // Shared sessions stay up for the other VUs: only this VU's requests end.
    const nowMs = monotonicMs();
    for (const ex of [...unsettled]) {
      for (const origin of origins) origin.abandon(ex);
      const session = ex.session;
      ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
      session?.cancel(ex);
    }
    const tls = this.options.tls;
    await Promise.all(origins.map((origin) => releaseSharedOrigin(origin, tls)));
  }

  /** Closes this transport's sessions (the fallback is the VU's lean transport: its client closes it). */
  close(): Promise<void> {
    this.closed = true;
    return this.interrupt();
  }

  private originFor(url: URL): H2Origin {
    const key = url.origin;
    let origin = this.origins.get(key);
    if (origin === undefined || origin.closed) {
      origin = this.shared
        ? acquireSharedOrigin(url, this.options.tls, this.streamsPerSession, this.client)
        : new H2Origin(url, this.options.tls, {
            maxSessions: 1,
            streamsPerSession: this.streamsPerSession,
            client: this.client,
          });
      this.origins.set(key, origin);
    }
    this.lastUrl = url;
    this.lastOrigin = origin;
    return origin;
  }
}

/**
 * Ends `ex` when its signal aborts: out of its origin's queue, or its stream cancelled (the
 * session stays up for the next request). False when the signal had aborted already (`ex`
 * has ended). Only streams set a signal, so plain requests pay nothing for this.
 */
function watchAbort(signal: AbortSignal, ex: H2Exchange, origin: H2Origin, nowMs: number): boolean {
  if (signal.aborted) {
    ex.fail('interrupted', ABORTED_MESSAGE, nowMs);
    return false;
  }
  signal.addEventListener(
    'abort',
    () => {
      if (ex.settled) return;
      origin.abandon(ex);
      const session = ex.session;
      ex.fail('interrupted', ABORTED_MESSAGE, monotonicMs());
      session?.cancel(ex);
    },
    { once: true },
  );
  return true;
}
