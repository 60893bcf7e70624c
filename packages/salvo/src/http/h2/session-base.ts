import * as net from 'node:net';
import type * as tls from 'node:tls';
import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { INTERRUPTED_MESSAGE } from '../error-kinds.ts';
import type { ConnectionStamp } from '../fault-routing.ts';
import { connectFailureKind } from '../lean/open-socket.ts';
import type { NetworkErrorKind } from '../types.ts';
import { h2CodeName, kindForH2Code, kindForSessionEnd, REFUSED_STREAM } from './errors.ts';
import type { H2Exchange } from './exchange.ts';
import type { H2Origin } from './origin.ts';
import { secureContextFor } from './secure-context.ts';

/** Methods a client may repeat without the server doing the work twice (RFC 9110, 9.2.2). */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

let tlsModule: typeof tls | undefined;

/** The session a socket belongs to, for the listeners every session shares. */
export const SESSION = Symbol('h2 session');
export type OwnedSocket = net.Socket & { [SESSION]: H2SessionBase };

function onConnect(this: OwnedSocket): void {
  this[SESSION].onTcpConnect();
}
function onError(this: OwnedSocket, err: Error): void {
  this[SESSION].onSocketError(err);
}
function onClose(this: OwnedSocket): void {
  this[SESSION].onClose();
}
function onSecure(this: OwnedSocket): void {
  this[SESSION].onSecureConnect(this as OwnedSocket & tls.TLSSocket);
}
function onTicket(this: OwnedSocket, ticket: Buffer): void {
  this[SESSION].origin.tlsSession = ticket;
}

/**
 * One HTTP/2 connection to an origin, whichever client speaks the protocol on it (the lean
 * one, lean-session.ts, or node:http2, session.ts): the TCP (and TLS) socket Salvo opens
 * itself, so connect and handshake are timed apart, the stream slots, and why a stream that
 * ended early failed or goes again. Streams are started only within the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS (one until its SETTINGS arrive) and the origin's own cap;
 * the origin queues the rest as blocked time.
 */
export abstract class H2SessionBase implements DeadlineEntry, ConnectionStamp {
  readonly origin: H2Origin;
  readonly socket: net.Socket;
  /** The exchange that opened the session, until its stream starts. */
  opener: H2Exchange | undefined;
  /** Connected (and on TLS, h2 negotiated): streams may start. */
  ready = false;
  /** Takes no new streams: GOAWAY received, closed, or being closed. */
  closing = false;
  /** Streams open now, and started over the session's life. */
  active = 0;
  protected started = 0;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, 1 until its SETTINGS arrive. */
  protected serverLimit = 1;
  /** The stream id a GOAWAY said was the last processed; -1 before any GOAWAY. */
  protected goawayLastId = -1;
  protected goawayCode = 0;
  protected error: (Error & { code?: string }) | undefined;
  /** The client is closing it: its streams end as interrupted. */
  protected interrupting = false;
  /** The server chose HTTP/1.1: the socket went to the lean transport, and is no longer this session's. */
  private handedOver = false;
  deadlineMs: number;
  private watched = true;
  private readonly connectStartMs: number;
  protected tcpConnectedMs = 0;
  /** When the fault proxy's marks are read (origin.marked): what they are matched by. */
  localPort: number | undefined;
  openedAtEpochMs = 0;
  /** Made when someone waits for the close (shutdown): most sessions end unwaited. */
  private closedPromise: Promise<void> | undefined;
  private closedResolve: (() => void) | undefined;
  private hasEnded = false;

  constructor(origin: H2Origin, opener: H2Exchange, nowMs: number) {
    this.origin = origin;
    this.opener = opener;
    opener.assignedMs = nowMs;
    this.connectStartMs = nowMs;
    this.deadlineMs = Math.min(nowMs + opener.req.timeouts.connectMs, opener.requestDeadlineMs);
    this.socket = origin.secure ? this.openTls() : this.connectPlain();
    const socket = this.socket as OwnedSocket;
    socket[SESSION] = this;
    socket.setNoDelay(true);
    // The listeners are shared by every session (the socket says whose it is): a closure
    // and its context per listener per session were 0.5 KiB a VU. `on`: each fires once.
    socket.on('connect', onConnect);
    socket.on('error', onError);
    socket.on('close', onClose);
    if (origin.secure) {
      socket.on('secureConnect', onSecure);
      socket.on('session', onTicket);
    }
    watchDeadline(this);
  }

  /** The socket's error (its close follows). */
  onSocketError(err: Error): void {
    this.error ??= err;
  }

  /** The socket closed: the session ends, unless the socket went on as HTTP/1.1. */
  onClose(): void {
    if (!this.handedOver) this.onSocketClose();
  }

  /** Whether a stream may start now. */
  canAccept(): boolean {
    return (
      this.ready && !this.closing && this.active < Math.min(this.serverLimit, this.origin.streamsPerSession)
    );
  }

  /** Starts `ex`'s stream (its blocked time ended at `nowMs`). */
  abstract startStream(ex: H2Exchange, nowMs: number): void;

  /** Ends `ex`'s stream (it has settled: a timeout, or its VU stopped). */
  abstract cancel(ex: H2Exchange): void;

  /** Closes the session now; its requests end as interrupted. Resolves once the socket closed. */
  abstract shutdown(): Promise<void>;

  /** The socket is connected (and h2 negotiated): the protocol starts on it. */
  protected abstract openSession(): void;

  protected abstract onSocketClose(): void;

  onDeadline(): void {
    this.watched = false;
    const opener = this.opener;
    if (this.ready || opener === undefined) return;
    const nowMs = monotonicMs();
    const connectMs = opener.req.timeouts.connectMs;
    this.opener = undefined;
    opener.fail(
      'timeout',
      nowMs >= opener.requestDeadlineMs
        ? 'request timed out while connecting'
        : `connect timed out after ${connectMs} ms`,
      nowMs,
    );
    this.closing = true;
    this.socket.destroy();
  }

  // Connecting.

  /** A plain TCP socket to the origin (h2c). */
  protected connectPlain(): net.Socket {
    return net.connect({ host: this.origin.connectHost, port: this.origin.connectPort });
  }

  private openTls(): tls.TLSSocket {
    const origin = this.origin;
    const options = origin.tlsOptions;
    tlsModule ??= process.getBuiltinModule('node:tls') as typeof tls;
    const socket = tlsModule.connect({
      host: origin.hostname,
      port: origin.port,
      servername: origin.servername,
      ALPNProtocols: ['h2', 'http/1.1'],
      session: origin.tlsSession,
      rejectUnauthorized: !options.insecureSkipVerify,
      secureContext: secureContextFor(tlsModule, options),
    });
    return socket;
  }

  onTcpConnect(): void {
    this.tcpConnectedMs = monotonicMs();
    if (this.origin.marked) {
      this.localPort = this.socket.localPort;
      this.openedAtEpochMs = Date.now();
    }
    if (!this.origin.secure) this.onTransportReady();
  }

  onSecureConnect(socket: tls.TLSSocket): void {
    if (this.closing) return;
    if (socket.alpnProtocol !== 'h2') {
      // The server speaks HTTP/1.1 only here: this origin's requests go to the lean
      // transport, the opener's on this very connection (its connect and handshake times kept).
      this.stopWatching();
      this.closing = true;
      const opener = this.opener;
      this.opener = undefined;
      if (opener === undefined) {
        socket.destroy(); // its VU stopped (a shared session): the queue reconnects
        this.origin.useHttp1(undefined);
        return;
      }
      this.handedOver = true;
      const { connectStartMs, tcpConnectedMs } = this;
      this.origin.useHttp1(opener, { socket, startMs: opener.startMs, connectStartMs, tcpConnectedMs });
      this.ended();
      return;
    }
    this.onTransportReady();
  }

  private onTransportReady(): void {
    const nowMs = monotonicMs();
    this.stopWatching();
    if (this.closing) {
      this.socket.destroy();
      return;
    }
    this.openSession();
    this.ready = true;
    const opener = this.opener;
    this.opener = undefined;
    if (opener !== undefined) {
      opener.connectingMs = this.tcpConnectedMs - this.connectStartMs;
      if (this.origin.secure) opener.tlsMs = nowMs - this.tcpConnectedMs;
      this.startStream(opener, nowMs);
    } else {
      // its VU stopped while it connected (a shared session): the queue may use it
      this.origin.sessionFree(this);
    }
  }

  /** The server's SETTINGS came: its stream limit (none given: unlimited). */
  protected remoteLimit(maxConcurrentStreams: number | undefined): void {
    this.serverLimit = maxConcurrentStreams ?? 0xffffffff;
    if (!this.closing) this.origin.sessionFree(this);
  }

  protected goaway(code: number, lastStreamId: number): void {
    this.goawayCode = code;
    this.goawayLastId = lastStreamId;
    if (this.closing) return;
    this.closing = true;
    this.origin.sessionGoingAway(this);
  }

  // Ending.

  protected ended(): void {
    this.closing = true;
    this.stopWatching();
    const opener = this.opener;
    if (opener !== undefined) {
      this.opener = undefined;
      const code = this.error?.code;
      const kind = connectFailureKind(code, this.origin.secure, this.tcpConnectedMs > 0);
      opener.fail(kind, this.error?.message ?? 'connection closed while connecting', monotonicMs());
    }
    this.origin.sessionClosed(this);
    this.hasEnded = true;
    this.closedResolve?.();
  }

  /** Settles once the session has ended. */
  protected get closed(): Promise<void> {
    this.closedPromise ??= this.hasEnded
      ? Promise.resolve()
      : new Promise((resolve) => {
          this.closedResolve = resolve;
        });
    return this.closedPromise;
  }

  /** Opener first, then the socket: a session closed by the client. */
  protected shutdownSocket(): void {
    this.interrupting = true;
    this.closing = true;
    const opener = this.opener;
    this.opener = undefined;
    opener?.fail('interrupted', INTERRUPTED_MESSAGE, monotonicMs());
    this.socket.destroy();
  }

  private stopWatching(): void {
    if (!this.watched) return;
    this.watched = false;
    unwatchDeadline(this);
  }

  /**
   * A stream closed before its response was complete: why, and whether it may go again.
   * `id` is its stream id, `code` the RST_STREAM code (0 if none), `sessionGone` whether the
   * whole connection ended with it.
   */
  protected streamFailed(ex: H2Exchange, id: number, code: number, sessionGone: boolean): void {
    const nowMs = monotonicMs();
    if (this.interrupting) {
      ex.fail('interrupted', INTERRUPTED_MESSAGE, nowMs);
      return;
    }
    if (this.goawayLastId >= 0 && id > this.goawayLastId) {
      // RFC 9113 §6.8: streams above the last id were not processed, and may go again.
      const message = `GOAWAY ${h2CodeName(this.goawayCode)}: stream ${id} above the last stream id ${this.goawayLastId} was not processed`;
      this.resendOrFail(ex, 'reset', message, true);
      return;
    }
    if (!sessionGone && code === REFUSED_STREAM) {
      this.resendOrFail(ex, 'reset', 'stream refused: RST_STREAM REFUSED_STREAM (7), not processed', true);
      return;
    }
    if (!sessionGone) {
      const message =
        code === 0
          ? 'stream closed before the response was complete'
          : `stream reset: RST_STREAM ${h2CodeName(code)}`;
      ex.fail(code === 0 ? 'reset' : kindForH2Code(code), message, nowMs);
      return;
    }
    if (this.goawayLastId >= 0 && this.goawayCode !== 0) {
      ex.fail('reset', `connection closed by GOAWAY ${h2CodeName(this.goawayCode)}`, nowMs);
      return;
    }
    const err = this.error ?? ex.streamError;
    const kind = kindForSessionEnd(err?.code);
    const message = err?.message ?? 'connection closed before the response was complete';
    if (ex.firstByteMs === 0 && kind === 'reset') this.resendOrFail(ex, kind, message, false);
    else ex.fail(kind, message, nowMs);
  }

  /**
   * Sends `ex` once more on a fresh session: a stream the server refused or left above a
   * GOAWAY's last id (not processed, whatever the method), or an idempotent request on a
   * reused session that closed before any byte of the response (the lean transport's rule).
   * The failed attempt is reported first: it left the client, so it counts as a request.
   */
  private resendOrFail(ex: H2Exchange, kind: NetworkErrorKind, message: string, unprocessed: boolean): void {
    const nowMs = monotonicMs();
    const safe = unprocessed || (ex.reused && IDEMPOTENT.has(ex.req.method));
    if (!safe || ex.retried || this.origin.closed || nowMs >= ex.requestDeadlineMs) {
      ex.fail(kind, message, nowMs);
      return;
    }
    ex.resent(kind, message, nowMs);
    ex.restart(nowMs);
    this.origin.retry(ex);
  }
}
