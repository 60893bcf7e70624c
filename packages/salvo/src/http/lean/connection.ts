import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { INTERRUPTED_MESSAGE, kindForErrorCode } from '../error-kinds.ts';
import type { ConnectionStamp } from '../fault-routing.ts';
import type { NetworkErrorKind } from '../types.ts';
import { type DeadlineState, earliestDeadlineMs, expiredTimeout } from './connection-deadlines.ts';
import type { LeanExchange } from './exchange.ts';
import { adoptTlsSocket, connectFailureKind, openSocket, type SocketOwner } from './open-socket.ts';
import type { OriginPool } from './origin-pool.ts';
import { ParserState, ResponseParser } from './response-parser.ts';
import { type BatchedWriter, queueWrite } from './write-batch.ts';

const SMALL_BODY_BYTES = 16 * 1024;
/** Methods a client may repeat without the server doing the work twice (RFC 9110, 9.2.2). */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * One socket to one origin: writes requests (pipelined up to the pool's depth), parses
 * their responses in order, and enforces the connect, headers, body and request timeouts
 * through the shared deadline sweep (one entry per connection, no timer per request).
 */
export class LeanConnection
  implements DeadlineEntry, DeadlineState, SocketOwner, BatchedWriter, ConnectionStamp
{
  readonly pool: OriginPool;
  readonly socket: net.Socket;
  readonly parser: ResponseParser;
  readonly inFlight: LeanExchange[] = [];
  /** The exchange that opened the connection, until it is written. */
  opener: LeanExchange | undefined;
  ready = false;
  closing = false;
  deadlineMs: number;
  private watched = true;
  private written = 0;
  /** Requests taken and waiting for the next write burst. */
  private writeQueued = false;
  readonly connectStartMs: number;
  lastDataMs = 0;
  private tcpConnectedMs = 0;
  /** When the fault proxy's marks are read (pool.marked): what they are matched by. */
  localPort: number | undefined;
  openedAtEpochMs = 0;
  private errorCode: string | undefined;
  private errorMessage: string | undefined;
  private closedResolve: (() => void) | undefined;
  private closedPromise: Promise<void> | undefined;

  /**
   * Opens a socket for `opener`, or, with `adopted`, takes over one another transport opened
   * at `nowMs` and that connected at `adopted.tcpConnectedMs`: the opener is written at once.
   */
  constructor(
    pool: OriginPool,
    opener: LeanExchange,
    nowMs: number,
    adopted?: { readonly socket: tls.TLSSocket; readonly tcpConnectedMs: number },
  ) {
    this.pool = pool;
    this.parser = new ResponseParser(pool.headTemplates);
    this.opener = opener;
    opener.assignedMs = nowMs;
    this.connectStartMs = nowMs;
    this.deadlineMs = Math.min(nowMs + opener.req.timeouts.connectMs, opener.deadlineMs);
    this.parser.setVolatileInput(!pool.secure);
    this.socket = adopted === undefined ? openSocket(this) : adoptTlsSocket(this, adopted.socket);
    watchDeadline(this);
    if (adopted !== undefined) {
      this.tcpConnectedMs = adopted.tcpConnectedMs;
      this.onReady();
    }
  }

  get headDone(): boolean {
    return this.parser.headDone;
  }

  canAccept(): boolean {
    return (
      this.ready && !this.closing && !this.socket.destroyed && this.inFlight.length < this.pool.pipelining
    );
  }

  /** Resolves once the socket has closed. */
  destroy(): Promise<void> {
    this.closing = true;
    if (this.closedPromise === undefined) {
      this.closedPromise = this.socket.closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.closedResolve = resolve;
          });
    }
    this.socket.destroy();
    return this.closedPromise;
  }

  /**
   * Takes `ex`. The request that opened the connection is written at once (`now`); the
   * others go out with the next write burst (write-batch.ts).
   */
  send(ex: LeanExchange, nowMs: number, now = false): void {
    ex.reused = this.written > 0;
    if (this.pool.marked) ex.via = this;
    this.written++;
    const inFlight = this.inFlight;
    if (inFlight.length === 0)
      this.parser.reset(ex.req.method === 'HEAD', ex.req.discardBody, ex.req.onChunk);
    inFlight.push(ex);
    if (now) this.write(ex, nowMs);
    else if (!this.writeQueued) {
      this.writeQueued = true;
      queueWrite(this);
    }
    if (inFlight.length === 1) this.armDeadline();
  }

  writeWaiting(nowMs: number): number {
    this.writeQueued = false;
    // A connection closed since has settled its requests or handed them to another one.
    if (this.closing || this.socket.destroyed) return nowMs;
    for (const ex of this.inFlight) {
      if (ex.sendStartMs !== 0) continue;
      ex.assignedMs = nowMs; // blocked until its bytes go out
      nowMs = this.write(ex, nowMs);
    }
    this.armDeadline();
    return nowMs;
  }

  /** Writes `ex` from `nowMs`; returns the clock after the write. */
  private write(ex: LeanExchange, nowMs: number): number {
    ex.sendStartMs = nowMs;
    const head = ex.head as Buffer;
    const body = ex.req.body;
    const socket = this.socket;
    if (body === undefined) {
      socket.write(head);
      ex.bytesSent += head.length;
    } else if (body.length <= SMALL_BODY_BYTES) {
      socket.write(Buffer.concat([head, body], head.length + body.length));
      ex.bytesSent += head.length + body.length;
    } else {
      socket.cork();
      socket.write(head);
      socket.write(body);
      socket.uncork();
      ex.bytesSent += head.length + body.length;
    }
    // Flushed to the kernel unless Node had to buffer it ('drain' or the first byte ends it then).
    const afterMs = monotonicMs();
    if (socket.writableLength === 0) ex.sendEndMs = afterMs;
    return afterMs;
  }

  onDeadline(): void {
    this.watched = false;
    if (this.closing) return;
    const expired = expiredTimeout(this, monotonicMs());
    if (expired === undefined) this.armDeadline();
    else this.abort(expired.ex, 'timeout', expired.message);
  }

  /** Sets the earliest moment a timeout could pass; onDeadline re-checks and re-arms. */
  private armDeadline(): void {
    const deadline = earliestDeadlineMs(this);
    this.deadlineMs = deadline;
    if (!this.watched && deadline !== Number.POSITIVE_INFINITY) {
      this.watched = true;
      watchDeadline(this);
    }
  }

  /** Fails `ex` with `kind`, the other exchanges on the socket with `reset`, and drops the socket. */
  abort(ex: LeanExchange, kind: NetworkErrorKind, message: string): void {
    const nowMs = monotonicMs();
    const parser = this.inFlight[0] === ex ? this.parser : undefined;
    ex.fail(kind, message, nowMs, parser);
    this.failRest('reset', 'connection dropped after another request on it failed', nowMs);
    void this.destroy();
  }

  /** The client closes this socket: its requests end as interrupted, with the time they waited. */
  shutdown(): Promise<void> {
    this.failRest('interrupted', INTERRUPTED_MESSAGE, monotonicMs());
    return this.destroy();
  }

  private failRest(kind: NetworkErrorKind, message: string, nowMs: number): void {
    const opener = this.opener;
    this.opener = undefined;
    opener?.fail(kind, message, nowMs);
    for (const other of this.inFlight) other.fail(kind, message, nowMs);
    this.inFlight.length = 0;
  }

  // The socket's events, routed here by open-socket.ts.

  onTcpConnect(): void {
    this.tcpConnectedMs = monotonicMs();
    if (this.pool.marked) {
      this.localPort = this.socket.localPort;
      this.openedAtEpochMs = Date.now();
    }
    if (!this.pool.secure) this.onReady();
  }

  onReady(): void {
    const nowMs = monotonicMs();
    const opener = this.opener;
    if (opener === undefined || this.closing) return;
    this.opener = undefined;
    this.ready = true;
    opener.connectingMs = this.tcpConnectedMs - this.connectStartMs;
    if (this.pool.secure) opener.tlsMs = nowMs - this.tcpConnectedMs;
    this.send(opener, nowMs, true);
    this.pool.connectionFree(this);
  }

  onData(buf: Buffer, end: number): void {
    const nowMs = monotonicMs();
    this.lastDataMs = nowMs;
    const inFlight = this.inFlight;
    const parser = this.parser;
    let pos = 0;
    while (pos < end) {
      const ex = inFlight[0];
      if (ex === undefined || ex.sendStartMs === 0) {
        // Bytes nobody asked for: the connection cannot be trusted (a request not yet
        // written goes again on a fresh one).
        void this.destroy();
        return;
      }
      if (ex.firstByteMs === 0) {
        ex.firstByteMs = nowMs;
        if (ex.sendEndMs === 0) ex.sendEndMs = nowMs;
      }
      pos = parser.execute(buf, pos, end);
      const state = parser.state;
      if (state === ParserState.error) {
        this.abort(ex, 'protocol', parser.error);
        return;
      }
      if (state !== ParserState.done) break; // the rest of this response comes in later reads
      // pop when alone: shift() empties the array's store and the next push reallocates it
      if (inFlight.length === 1) inFlight.pop();
      else inFlight.shift();
      // Empty lines after a response are not more body (RFC 9112 §2.2; llhttp skips them too).
      while (pos < end && (buf[pos] === 13 || buf[pos] === 10)) pos++;
      if (pos < end && (inFlight.length === 0 || !parser.keepAlive)) {
        ex.succeed(parser, nowMs, 'response longer than its declared length');
        this.failRest('reset', 'connection dropped after a malformed response', nowMs);
        void this.destroy();
        return;
      }
      ex.succeed(parser, nowMs);
      if (!parser.keepAlive) {
        this.closeAfterResponse();
        return;
      }
      const next = inFlight[0];
      if (next !== undefined)
        parser.reset(next.req.method === 'HEAD', next.req.discardBody, next.req.onChunk);
    }
    this.armDeadline();
    if (inFlight.length < this.pool.pipelining) this.pool.connectionFree(this);
  }

  /** The server said Connection: close; pipelined requests behind it go again elsewhere. */
  private closeAfterResponse(): void {
    this.closing = true;
    const rest = this.inFlight.splice(0);
    void this.destroy();
    // the server answered an earlier request and closed: these were never processed
    for (const ex of rest) this.retryOrFail(ex, 'reset', 'server closed the connection', true);
  }

  onEnd(): void {
    const ex = this.inFlight[0];
    if (ex !== undefined && this.parser.state === ParserState.bodyUntilClose) {
      this.parser.finishAtEof();
      this.inFlight.shift();
      ex.succeed(this.parser, monotonicMs());
    }
    this.closing = true;
    // Nothing more can arrive: close now, so requests still waiting settle in onClose
    // (a write the peer never reads would otherwise keep the socket open forever).
    void this.destroy();
  }

  onError(err: NodeJS.ErrnoException): void {
    this.errorCode ??= err.code;
    this.errorMessage ??= err.message;
  }

  onDrain(): void {
    const nowMs = monotonicMs();
    for (const ex of this.inFlight) if (ex.sendStartMs !== 0 && ex.sendEndMs === 0) ex.sendEndMs = nowMs;
    this.armDeadline();
  }

  onClose(): void {
    this.closing = true;
    if (this.watched) unwatchDeadline(this);
    this.watched = false;
    const nowMs = monotonicMs();
    const code = this.errorCode;
    const opener = this.opener;
    if (opener !== undefined) {
      this.opener = undefined;
      const kind = connectFailureKind(code, this.pool.secure, this.tcpConnectedMs > 0);
      opener.fail(kind, this.errorMessage ?? 'connection closed while connecting', nowMs);
    }
    const inFlight = this.inFlight.splice(0);
    for (let i = 0; i < inFlight.length; i++) {
      const ex = inFlight[i] as LeanExchange;
      if (i === 0 && this.parser.started) {
        const kind = kindForErrorCode(code) === 'reset' ? 'reset' : 'protocol';
        ex.fail(
          kind,
          this.errorMessage ?? 'connection closed before the response was complete',
          nowMs,
          this.parser,
        );
      } else {
        this.retryOrFail(
          ex,
          kindForErrorCode(code) ?? 'reset',
          this.errorMessage ?? 'connection closed before any response byte',
        );
      }
    }
    this.pool.connectionClosed(this);
    this.closedResolve?.();
  }

  /**
   * A request that got no byte back on a reused socket goes once more on a fresh one, as
   * browsers do for a keep-alive socket the server closed while idle (Chromium resends any
   * method; RFC 9110 9.2.2 asks a client not to repeat a non-idempotent one unasked, so only
   * idempotent methods here). A request never written, or one the server said it would not
   * process (it closed after an earlier response), goes again whatever its method. Once per
   * request. An attempt that was written is reported to the sink first: it left the client,
   * so it counts as a request, with its error and as a retry.
   */
  private retryOrFail(ex: LeanExchange, kind: NetworkErrorKind, message: string, unprocessed = false): void {
    const nowMs = monotonicMs();
    const written = ex.sendStartMs !== 0;
    const safe = unprocessed || !written || IDEMPOTENT.has(ex.req.method);
    if (ex.reused && !ex.retried && !this.pool.closed && safe) {
      if (written) ex.resent(kind, message, nowMs);
      ex.restart(nowMs);
      this.pool.retry(ex);
    } else {
      ex.fail(kind, message, nowMs);
    }
  }
}
