import { isIP } from 'node:net';
import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, expireQueued, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import { faultLogAdopted, routeFor } from '../fault-routing.ts';
import type { Http1Handover } from '../lean/index.ts';
import type { TlsOptions } from '../types.ts';
import type { H2Exchange } from './exchange.ts';
import { LeanH2Session } from './lean-session.ts';
import { H2Session } from './session.ts';
import type { H2SessionBase } from './session-base.ts';

/** How an origin's sessions are shared and how many streams each carries. */
interface H2OriginLimits {
  /** Sessions open at once (not counting ones draining after a GOAWAY). */
  readonly maxSessions: number;
  /** Streams one session carries at once, below the server's own limit. */
  readonly streamsPerSession: number;
  /** Who speaks HTTP/2 on the socket: Salvo's lean client (default) or node:http2. */
  readonly client: H2ClientName;
}

/** The HTTP/2 client implementations. */
export type H2ClientName = 'lean' | 'node';

/** What an origin tells the exchange's transport when the server turns out to speak HTTP/1.1 only. */
export interface H2Http1Fallback {
  /** `ex` goes over HTTP/1.1: on `handover`'s connection when given, else on one of its own. */
  sendHttp1(ex: H2Exchange, handover?: Http1Handover): void;
}

/**
 * The HTTP/2 sessions to one origin, of one VU (or of every VU of a runner, when shared):
 * a stream starts on the first session with a free slot, a session opens when all are full
 * and the limit allows, and the rest wait in a FIFO queue (their blocked time), bounded by
 * their whole-request deadline.
 */
export class H2Origin implements DeadlineEntry {
  /** `scheme://host:port` as URL gives it. */
  readonly authority: string;
  readonly hostname: string;
  readonly port: number;
  /** Where an h2c socket connects: the origin, or the run's fault proxy (fault-routing.ts). */
  readonly connectHost: string;
  readonly connectPort: number;
  /** The fault proxy's connection marks are read for its sessions' failures. */
  readonly marked: boolean;
  readonly secure: boolean;
  readonly servername: string | undefined;
  readonly tlsOptions: TlsOptions;
  readonly maxSessions: number;
  readonly streamsPerSession: number;
  readonly client: H2ClientName;
  /** The last TLS session, offered again on reconnect. */
  tlsSession: Buffer | undefined;
  /** ALPN chose HTTP/1.1: requests go to the lean transport from now on. */
  http1 = false;
  closed = false;
  deadlineMs = Number.POSITIVE_INFINITY;
  sessions: H2SessionBase[] = [];
  private readonly queue: H2Exchange[] = [];
  private watched = false;

  constructor(url: URL, tlsOptions: TlsOptions, limits: H2OriginLimits) {
    this.secure = url.protocol === 'https:';
    this.hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.port = url.port === '' ? (this.secure ? 443 : 80) : Number(url.port);
    this.authority = url.origin;
    const route = routeFor(url.origin);
    this.connectHost = route?.host ?? this.hostname;
    this.connectPort = route?.port ?? this.port;
    this.marked = route !== undefined || faultLogAdopted();
    this.tlsOptions = tlsOptions;
    const servername = tlsOptions.servername ?? this.hostname;
    this.servername = isIP(servername) === 0 ? servername : undefined;
    this.maxSessions = limits.maxSessions;
    this.streamsPerSession = limits.streamsPerSession;
    this.client = limits.client;
  }

  dispatch(ex: H2Exchange, nowMs: number): void {
    const sessions = this.sessions;
    let open = 0;
    let connecting = 0;
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions[i] as H2SessionBase;
      if (session.canAccept()) {
        session.startStream(ex, nowMs);
        return;
      }
      if (!session.closing) {
        open++;
        if (!session.ready) connecting++;
      }
    }
    // Sessions still connecting will take their share of the queue (a shared origin's VUs
    // all start at once: without this each would open its own session).
    const coming = connecting === 0 ? 0 : connecting * (this.streamsPerSession - 1) - this.queue.length;
    if (open < this.maxSessions && coming <= 0) {
      this.keep(this.openSession(ex, nowMs));
      return;
    }
    this.queue.push(ex);
    this.armDeadline(ex.requestDeadlineMs);
  }

  /** A session has a free slot (a stream ended, or the server's SETTINGS came): start queued requests. */
  sessionFree(session: H2SessionBase): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    const nowMs = monotonicMs();
    while (queue.length > 0 && session.canAccept()) session.startStream(queue.shift() as H2Exchange, nowMs);
  }

  /** A session takes no more streams (GOAWAY): a fresh one may open for the queue. */
  sessionGoingAway(_session: H2SessionBase): void {
    const next = this.queue.shift();
    if (next !== undefined && !this.closed) this.dispatch(next, monotonicMs());
  }

  sessionClosed(session: H2SessionBase): void {
    const i = this.sessions.indexOf(session);
    if (i !== -1) this.sessions.splice(i, 1);
    const next = this.queue.shift();
    if (next !== undefined && !this.closed) this.dispatch(next, monotonicMs());
  }

  /** A request sent again (refused stream, GOAWAY): ahead of the queue, on a session that takes it. */
  retry(ex: H2Exchange): void {
    const nowMs = monotonicMs();
    for (const session of this.sessions) {
      if (session.canAccept()) {
        session.startStream(ex, nowMs);
        return;
      }
    }
    const open = this.sessions.filter((session) => !session.closing).length;
    if (open < this.maxSessions) {
      this.keep(this.openSession(ex, nowMs));
      return;
    }
    this.queue.unshift(ex);
    this.armDeadline(ex.requestDeadlineMs);
  }

  /**
   * The server negotiated HTTP/1.1: the opener goes on over that connection (`handover`),
   * the queue to each one's lean transport.
   */
  useHttp1(opener: H2Exchange | undefined, handover?: Http1Handover): void {
    this.http1 = true;
    const waiting = this.queue.splice(0);
    if (opener !== undefined) (opener.owner as unknown as H2Http1Fallback).sendHttp1(opener, handover);
    for (const ex of waiting) (ex.owner as unknown as H2Http1Fallback).sendHttp1(ex);
  }

  /** Takes `ex` out of the queue, or off the session it is opening (a VU of a shared origin stopped). */
  abandon(ex: H2Exchange): void {
    const i = this.queue.indexOf(ex);
    if (i !== -1) this.queue.splice(i, 1);
    for (const session of this.sessions) if (session.opener === ex) session.opener = undefined;
  }

  onDeadline(): void {
    this.watched = false;
    this.deadlineMs = Number.POSITIVE_INFINITY;
    const next = expireQueued(
      this.queue,
      (ex: H2Exchange) => ex.requestDeadlineMs,
      'a stream',
      monotonicMs(),
    );
    if (next !== Number.POSITIVE_INFINITY) this.armDeadline(next);
  }

  /** Closes every session; queued and in-flight requests end as interrupted, with their times. */
  close(): Promise<void> {
    this.closed = true;
    if (this.watched) unwatchDeadline(this);
    const nowMs = monotonicMs();
    for (const ex of this.queue.splice(0)) ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
    return Promise.all(this.sessions.slice().map((session) => session.shutdown())).then(() => undefined);
  }

  /**
   * A VU's origin holds one session: an array literal is made to its size, where a push
   * onto an empty array reserves room for 17 (0.15 KiB a VU).
   */
  private keep(session: H2SessionBase): void {
    if (this.sessions.length === 0) this.sessions = [session];
    else this.sessions.push(session);
  }

  private openSession(opener: H2Exchange, nowMs: number): H2SessionBase {
    return this.client === 'node'
      ? new H2Session(this, opener, nowMs)
      : new LeanH2Session(this, opener, nowMs);
  }

  private armDeadline(deadlineMs: number): void {
    if (deadlineMs < this.deadlineMs) this.deadlineMs = deadlineMs;
    if (!this.watched) {
      this.watched = true;
      watchDeadline(this);
    }
  }
}
