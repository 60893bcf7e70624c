import type { ClientHttp2Stream } from 'node:http2';
import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { ExchangeMoments, phaseTimings } from '../phase-timings.ts';
import type { NetworkErrorKind, ResultSink, TransportRequest, TransportResult } from '../types.ts';
import type { H2RequestShape } from './request-headers.ts';
import type { H2Session } from './session.ts';
import type { H2SessionBase } from './session-base.ts';

/** The transport an exchange belongs to (a shared session carries several VUs' exchanges). */
export interface H2ExchangeOwner {
  /** The exchange has settled: the owner stops tracking it. */
  exchangeDone(ex: H2Exchange): void;
}

/**
 * One request's journey on HTTP/2: its times and bytes, its stream's events, and where it
 * ends. The stream's listeners are module functions that find the exchange on the stream
 * (no closures per request), as the lean transport's socket listeners do.
 */
export class H2Exchange extends ExchangeMoments implements DeadlineEntry {
  readonly req: TransportRequest;
  readonly shape: H2RequestShape;
  readonly owner: H2ExchangeOwner;
  readonly sink: ResultSink;
  /** The whole-request deadline (the first attempt's, kept by a resend). */
  readonly requestDeadlineMs: number;
  /** For the deadline sweep: the nearest of the request, headers and body deadlines. */
  deadlineMs = Number.POSITIVE_INFINITY;
  session: H2SessionBase | undefined;
  /** node:http2's stream (its client only). */
  stream: ClientHttp2Stream | undefined;
  /** The lean client's stream state: its id, send window, body bytes framed, receive bytes not yet granted back. */
  streamId = 0;
  sendWindow = 0;
  bodyOffset = 0;
  recvUnacked = 0;
  status = 0;
  headers: Record<string, string> = NO_HEADERS;
  setCookies: string[] = NO_COOKIES;
  trailers: Record<string, string> | undefined;
  private chunks: Buffer[] | undefined;
  bodyBytes = 0;
  lastDataMs = 0;
  /**
   * Bytes of this request both ways: the lean client counts its stream's frames on the wire
   * (lean-session.ts), node:http2's estimate is the fields as HTTP/1.1 would write them plus
   * the bodies (the stream listeners below).
   */
  bytesSent = 0;
  bytesReceived = 0;
  reused = false;
  /** Sent once more already (a refused stream, or a reused session closed before any byte). */
  retried = false;
  settled = false;
  private watched = false;
  /** The stream's error, if Node reported one before it closed. */
  streamError: (Error & { code?: string }) | undefined;

  constructor(
    req: TransportRequest,
    shape: H2RequestShape,
    sink: ResultSink,
    owner: H2ExchangeOwner,
    nowMs: number,
  ) {
    super();
    this.req = req;
    this.shape = shape;
    this.sink = sink;
    this.owner = owner;
    this.startMs = nowMs;
    this.requestDeadlineMs = nowMs + req.timeouts.requestMs;
  }

  /** Opens the stream on `session` (connected, with a free stream slot) and writes the request (node:http2). */
  start(session: H2Session, stream: ClientHttp2Stream, nowMs: number): void {
    this.stream = stream;
    (stream as OwnedStream)[EXCHANGE] = this;
    (stream as OwnedStream)[SESSION] = session;
    stream.on('response', onResponse);
    stream.on('data', onData);
    stream.on('trailers', onTrailers);
    stream.on('error', onError);
    stream.on('close', onClose);
    const body = this.req.body;
    this.bytesSent = this.shape.headerBytes + (body === undefined ? 0 : body.length);
    if (body !== undefined) {
      // No copy: nghttp2 reads the user's buffer as the flow-control window allows.
      stream.on('finish', onFinish);
      stream.end(body);
    }
    this.begin(session, nowMs);
  }

  /** The stream is open on `session`: the deadline from here (the body, if any, is being sent). */
  begin(session: H2SessionBase, nowMs: number): void {
    this.session = session;
    if (this.req.body === undefined) this.sendEndMs = monotonicMs();
    this.deadlineMs = Math.min(
      this.requestDeadlineMs,
      (this.sendEndMs || nowMs) + this.req.timeouts.headersMs,
    );
    this.watched = true;
    watchDeadline(this);
  }

  onDeadline(): void {
    this.watched = false;
    if (this.settled) return;
    const nowMs = monotonicMs();
    const { headersMs, bodyMs, requestMs } = this.req.timeouts;
    let message: string | undefined;
    if (nowMs >= this.requestDeadlineMs) {
      message =
        this.sendEndMs === 0 && this.sendStartMs !== 0
          ? `request timed out after ${requestMs} ms while sending its body (the server's flow-control window stayed closed)`
          : `request timed out after ${requestMs} ms`;
    } else if (this.firstByteMs === 0 && this.sendEndMs !== 0 && nowMs >= this.sendEndMs + headersMs) {
      message = `no response head within ${headersMs} ms`;
    } else if (this.firstByteMs !== 0 && nowMs >= this.lastDataMs + bodyMs) {
      message = `response body stalled for ${bodyMs} ms`;
    }
    if (message !== undefined) {
      this.fail('timeout', message, nowMs);
      this.session?.cancel(this);
      return;
    }
    let next = this.requestDeadlineMs;
    if (this.firstByteMs !== 0) next = Math.min(next, this.lastDataMs + bodyMs);
    else if (this.sendEndMs !== 0) next = Math.min(next, this.sendEndMs + headersMs);
    this.deadlineMs = next;
    this.watched = true;
    watchDeadline(this);
  }

  // The stream's events (through the module listeners below).

  onBodySent(): void {
    if (this.sendEndMs === 0) {
      this.sendEndMs = monotonicMs();
      if (this.firstByteMs === 0)
        this.deadlineMs = Math.min(this.deadlineMs, this.sendEndMs + this.req.timeouts.headersMs);
    }
  }

  onResponse(raw: string[]): void {
    const nowMs = monotonicMs();
    this.firstByteMs = this.lastDataMs = nowMs;
    if (this.sendEndMs === 0) this.sendEndMs = nowMs;
    // the sweep reads the field: from now on the body timeout is the nearer one
    this.deadlineMs = Math.min(this.requestDeadlineMs, nowMs + this.req.timeouts.bodyMs);
    let headers: Record<string, string> | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as string;
      const value = raw[i + 1] as string;
      if (name.charCodeAt(0) === 58 /* : */) {
        if (name === ':status') this.status = Number(value);
        continue;
      }
      if (name === 'set-cookie') {
        if (this.setCookies === NO_COOKIES) this.setCookies = [];
        this.setCookies.push(value);
        continue;
      }
      headers ??= {};
      const prior = headers[name];
      headers[name] = prior === undefined ? value : `${prior}, ${value}`;
    }
    this.headers = headers ?? NO_HEADERS;
    const req = this.req;
    if (!req.discardBody && req.onChunk === undefined) this.chunks = [];
  }

  onData(chunk: Buffer): void {
    this.lastDataMs = monotonicMs();
    this.bodyBytes += chunk.length;
    const onChunk = this.req.onChunk;
    if (onChunk !== undefined) onChunk(chunk);
    else this.chunks?.push(chunk);
  }

  /** The trailer fields (pseudo-fields, which trailers may not carry, are left out). */
  onTrailers(raw: readonly string[]): void {
    let trailers: Record<string, string> | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.charCodeAt(0) === 58 /* : */) continue;
      const value = raw[i + 1] as string;
      trailers ??= {};
      const prior = trailers[name];
      trailers[name] = prior === undefined ? value : `${prior}, ${value}`;
    }
    this.trailers = trailers;
  }

  /** The response ended (its stream closed after the last byte). */
  complete(): void {
    if (this.settled) return;
    const chunks = this.chunks;
    let body: Buffer | undefined;
    if (chunks !== undefined && this.bodyBytes > 0)
      body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.bodyBytes);
    this.settle(this.result(body, monotonicMs(), undefined, undefined));
  }

  // Endings.

  /** Settles with a failure (its times so far; status and bytes of what arrived). */
  fail(kind: NetworkErrorKind, message: string, endMs: number): void {
    this.settle(this.result(undefined, endMs, kind, message));
  }

  /** Reports this attempt as failed and sent again (it left the client, so it counts as a request). */
  resent(kind: NetworkErrorKind, message: string, endMs: number): void {
    this.sink.resent?.(this.result(undefined, endMs, kind, message));
  }

  /** Starts over as a new attempt (a resend): times and bytes from `nowMs`, the request deadline kept. */
  restart(nowMs: number): void {
    this.unwatch();
    this.retried = true;
    this.startMs = nowMs;
    this.assignedMs = 0;
    this.clearAfterAssigned();
    this.session = undefined;
    this.stream = undefined;
    this.streamId = this.sendWindow = this.bodyOffset = this.recvUnacked = 0;
    this.status = this.bodyBytes = this.bytesReceived = this.bytesSent = this.lastDataMs = 0;
    this.headers = NO_HEADERS;
    this.trailers = undefined;
    this.setCookies = NO_COOKIES;
    this.chunks = undefined;
    this.streamError = undefined;
  }

  private settle(result: TransportResult): void {
    if (this.settled) return;
    this.settled = true;
    this.unwatch();
    this.owner.exchangeDone(this);
    this.sink.settle(result);
  }

  private unwatch(): void {
    if (!this.watched) return;
    this.watched = false;
    unwatchDeadline(this);
  }

  private result(
    body: Buffer | undefined,
    endMs: number,
    kind: NetworkErrorKind | undefined,
    message: string | undefined,
  ): TransportResult {
    return {
      status: this.status,
      headers: this.headers,
      setCookies: this.setCookies,
      trailers: this.trailers,
      body,
      bytesSent: this.sendStartMs === 0 ? 0 : this.bytesSent,
      bytesReceived: this.bytesReceived,
      timings: phaseTimings(this, endMs),
      error: kind === undefined ? undefined : { kind, message: message as string },
      connection: kind !== undefined && this.session?.origin.marked === true ? this.session : undefined,
      reusedConnection: this.reused,
      protocol: 'h2',
    };
  }
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_COOKIES: string[] = Object.freeze([]) as unknown as string[];

/** node:http2 hides the frames: fields are counted as HTTP/1.1 would write them (`name: value\r\n`). */
function fieldBytes(raw: readonly string[]): number {
  let bytes = 0;
  for (let i = 0; i + 1 < raw.length; i += 2)
    bytes += (raw[i] as string).length + (raw[i + 1] as string).length + 4;
  return bytes;
}

const EXCHANGE = Symbol('salvo.h2Exchange');
const SESSION = Symbol('salvo.h2Session');
type OwnedStream = ClientHttp2Stream & { [EXCHANGE]: H2Exchange; [SESSION]: H2Session };

// One set of listener functions for every stream (`this` is the stream). No 'end' listener:
// the response is complete when the stream closes with its readable side ended (one event
// less per request; 'close' follows 'end' in the same turn).
// An exchange sent again is on another stream by then: its old stream's events are ignored.
function onResponse(this: OwnedStream, _headers: unknown, _flags: number, raw: string[]): void {
  const ex = this[EXCHANGE];
  if (ex.stream !== this) return;
  ex.bytesReceived += fieldBytes(raw);
  ex.onResponse(raw);
}
function onData(this: OwnedStream, chunk: Buffer): void {
  const ex = this[EXCHANGE];
  if (ex.stream !== this) return;
  ex.bytesReceived += chunk.length;
  ex.onData(chunk);
}
function onTrailers(this: OwnedStream, _headers: unknown, _flags: number, raw: string[]): void {
  const ex = this[EXCHANGE];
  if (ex.stream !== this) return;
  ex.bytesReceived += fieldBytes(raw);
  ex.onTrailers(raw);
}
function onFinish(this: OwnedStream): void {
  this[EXCHANGE].onBodySent();
}
function onError(this: OwnedStream, err: Error): void {
  this[EXCHANGE].streamError ??= err;
}
function onClose(this: OwnedStream): void {
  this[SESSION].streamClosed(this[EXCHANGE], this);
}
