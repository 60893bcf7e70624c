import { monotonicMs } from '../../clock.ts';
import { type DeadlineEntry, unwatchDeadline, watchDeadline } from '../deadline-sweep.ts';
import { ABORTED_MESSAGE } from '../error-kinds.ts';
import { ExchangeMoments, phaseTimings } from '../phase-timings.ts';
import type { NetworkError, ResultSink, TransportRequest, TransportResult } from '../types.ts';
import type { UndiciConnection } from './connection.ts';
import { errorFromUndici, requestTimeoutError } from './errors.ts';

/** What an exchange reports back to the transport that owns it. */
export interface ExchangeOwner {
  /** Undici is done with the exchange: free its connection slot and pool the object. */
  releaseExchange(exchange: UndiciExchange): void;
  /** The whole-request deadline passed while the exchange waited in the owner's queue. */
  dropQueued(exchange: UndiciExchange): void;
  /** Sends the exchange again (the stale keep-alive resend), its slot on the old connection freed. */
  resend(exchange: UndiciExchange): void;
}

/** The options object handed to `Client.dispatch`, rewritten in place for each request. */
export interface DispatchOptions {
  path: string;
  method: string;
  headers: string[];
  body: Uint8Array | null;
  headersTimeout: number;
  bodyTimeout: number;
  /** false keeps the connection after HEAD (undici closes it by default); undefined: undici decides. */
  reset: boolean | undefined;
}

const EMPTY_HEADERS: string[] = [];
/** Methods a client may repeat without the server doing the work twice (RFC 9110, 9.2.2). */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * One request in flight on undici, and the handler undici calls back. Pooled and reused by
 * its transport. It uses undici's own (legacy) handler methods: they are what `Client`
 * calls natively (the newer controller API is wrapped per dispatch), and only they expose
 * `onRequestSent` and `onResponseStarted`, the send-end and first-byte moments the
 * timings need.
 */
export class UndiciExchange extends ExchangeMoments implements DeadlineEntry {
  readonly owner: ExchangeOwner;
  readonly opts: DispatchOptions = {
    path: '/',
    method: 'GET',
    headers: EMPTY_HEADERS,
    body: null,
    headersTimeout: 0,
    bodyTimeout: 0,
    reset: undefined,
  };
  sink: ResultSink | undefined;
  req: TransportRequest | undefined;
  conn: UndiciConnection | undefined;
  /** The queue this exchange waits in for a free connection, if it does. */
  queuedIn: UndiciExchange[] | undefined;
  settled = true;
  deadlineMs = 0;
  abortFn: ((err?: Error) => void) | undefined;
  reused = false;
  /** This request was sent once more already (the stale keep-alive resend). */
  resentOnce = false;
  baseWritten = 0;
  baseRead = 0;
  status = 0;
  headerBytes = 0;
  headers: Record<string, string> = {};
  setCookies: string[] = [];
  trailers: Record<string, string> | undefined;
  chunks: Buffer[] = [];
  bodyBytes = 0;

  constructor(owner: ExchangeOwner) {
    super();
    this.owner = owner;
  }

  /** Resets the state for `req`, whose result goes to `sink`. */
  start(req: TransportRequest, sink: ResultSink, path: string, nowMs: number): void {
    this.req = req;
    this.sink = sink;
    this.conn = undefined;
    this.settled = false;
    this.queuedIn = undefined;
    this.abortFn = undefined;
    this.startMs = nowMs;
    this.assignedMs = 0;
    this.clearAfterAssigned();
    this.reused = false;
    this.resentOnce = false;
    this.status = this.headerBytes = this.bodyBytes = 0;
    this.headers = {};
    this.setCookies = [];
    this.trailers = undefined;
    this.chunks = [];
    const opts = this.opts;
    opts.path = path;
    opts.method = req.method;
    opts.headers = req.headers as string[];
    opts.body = req.body ?? null;
    opts.headersTimeout = req.timeouts.headersMs;
    opts.bodyTimeout = req.timeouts.bodyMs;
    // Keep-alive after HEAD, as browsers and the lean transport do, so HEAD-heavy tests
    // measure requests rather than reconnects.
    opts.reset = req.method === 'HEAD' ? false : undefined;
    this.deadlineMs = nowMs + req.timeouts.requestMs;
    watchDeadline(this);
  }

  onDeadline(): void {
    if (this.settled) return;
    this.settle(this.buildResult(requestTimeoutError(this.req?.timeouts.requestMs ?? 0)));
    if (this.queuedIn !== undefined) this.owner.dropQueued(this);
    else this.abortFn?.(new Error('request timeout'));
  }

  /**
   * Starts a new attempt of the same request (the stale keep-alive resend): times count from
   * `nowMs`, the whole-request deadline stays the first attempt's.
   */
  restart(nowMs: number): void {
    this.resentOnce = true;
    this.abortFn = undefined;
    this.startMs = nowMs;
    this.assignedMs = 0;
    this.clearAfterAssigned();
    this.reused = false;
  }

  /** Its signal aborted: ends now as interrupted, out of the queue or its connection cut. */
  abort(): void {
    if (this.settled) return;
    this.settle(this.buildResult({ kind: 'interrupted', message: ABORTED_MESSAGE }));
    if (this.queuedIn !== undefined) this.owner.dropQueued(this);
    else this.abortFn?.(new Error(ABORTED_MESSAGE));
  }

  /** Ends the request without waiting for undici (transport closed while queued). */
  fail(error: NetworkError): void {
    this.settle(this.buildResult(error));
  }

  // ------------------------------------------------------------ undici's handler calls

  onConnect(abort: (err?: Error) => void): void {
    if (this.settled) {
      abort(new Error('request timeout'));
      return;
    }
    this.abortFn = abort;
    this.sendStartMs = monotonicMs();
    this.conn?.claim(this);
  }

  onRequestSent(): void {
    this.sendEndMs = monotonicMs();
  }

  onResponseStarted(): void {
    if (this.firstByteMs === 0) this.firstByteMs = monotonicMs();
  }

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    if (statusCode < 200) return true;
    this.status = statusCode;
    const headers = this.headers;
    let headerBytes = 0;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const nameRaw = raw[i]!;
      const valueRaw = raw[i + 1]!;
      headerBytes += nameRaw.length + valueRaw.length + 4;
      const name = nameRaw.toString('latin1').toLowerCase();
      const value = valueRaw.toString('latin1');
      if (name === 'set-cookie') this.setCookies.push(value);
      else {
        const prior = headers[name];
        headers[name] = prior === undefined ? value : `${prior}, ${value}`;
      }
    }
    this.headerBytes = headerBytes;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bodyBytes += chunk.length;
    const req = this.req;
    if (req === undefined || req.discardBody) return true;
    if (req.onChunk !== undefined) req.onChunk(chunk);
    else this.chunks.push(chunk);
    return true;
  }

  /** `trailers`: raw name/value Buffers on HTTP/1.1, node:http2's headers object on HTTP/2. */
  onComplete(trailers: RawTrailers | null): void {
    if (trailers !== null && !this.settled) this.trailers = trailerRecord(trailers);
    if (!this.settled) this.settle(this.buildResult(undefined));
    this.owner.releaseExchange(this);
  }

  onError(err: Error): void {
    if (this.settled) {
      this.owner.releaseExchange(this);
      return;
    }
    const error = errorFromUndici(err);
    if (this.mayResend(error)) {
      this.sink?.resent?.(this.buildResult(error));
      this.owner.resend(this);
      return;
    }
    this.settle(this.buildResult(error));
    this.owner.releaseExchange(this);
  }

  /**
   * The lean transport's rule (lean/connection.ts, retryOrFail): a reused connection that
   * dropped before any byte of the response, an idempotent method, once per request.
   * undici itself only re-dispatches requests it had not written yet.
   */
  private mayResend(error: NetworkError): boolean {
    return (
      error.kind === 'reset' &&
      this.reused &&
      this.firstByteMs === 0 &&
      !this.resentOnce &&
      this.req !== undefined &&
      IDEMPOTENT.has(this.req.method)
    );
  }

  // ------------------------------------------------------------ result

  private settle(result: TransportResult): void {
    this.settled = true;
    unwatchDeadline(this);
    const sink = this.sink;
    this.sink = undefined;
    sink?.settle(result);
  }

  private buildResult(error: NetworkError | undefined): TransportResult {
    const endMs = monotonicMs();
    const conn = this.conn;
    const h2 = conn?.protocol === 'h2';
    const body = this.chunks.length === 0 ? undefined : Buffer.concat(this.chunks, this.bodyBytes);
    let bytesSent = 0;
    let bytesReceived = 0;
    if (this.sendStartMs !== 0 && conn !== undefined) {
      if (h2 || conn.socket === undefined) {
        // Streams share the socket: estimate from what this request carried.
        bytesSent = estimateRequestBytes(this.opts);
        bytesReceived = this.headerBytes + this.bodyBytes;
      } else {
        bytesSent = conn.socket.bytesWritten - this.baseWritten;
        bytesReceived = conn.socket.bytesRead - this.baseRead;
      }
    }
    return {
      status: this.status,
      headers: this.headers,
      setCookies: this.setCookies,
      trailers: this.trailers,
      body,
      bytesSent,
      bytesReceived,
      timings: phaseTimings(this, endMs),
      error,
      connection: error !== undefined && conn?.marked === true ? conn.stamp() : undefined,
      reusedConnection: this.reused,
      protocol: h2 ? 'h2' : 'http/1.1',
    };
  }
}

/** What undici hands `onComplete`: raw pairs (HTTP/1.1, Buffers though typed as strings) or node:http2's object. */
type RawTrailers = (string | Buffer)[] | Record<string, string | string[] | undefined>;

function trailerRecord(trailers: RawTrailers): Record<string, string> | undefined {
  let record: Record<string, string> | undefined;
  const add = (name: string, value: string): void => {
    record ??= {};
    const prior = record[name];
    record[name] = prior === undefined ? value : `${prior}, ${value}`;
  };
  if (Array.isArray(trailers)) {
    for (let i = 0; i + 1 < trailers.length; i += 2)
      add(latin1(trailers[i] as string | Buffer).toLowerCase(), latin1(trailers[i + 1] as string | Buffer));
    return record;
  }
  for (const [name, value] of Object.entries(trailers)) {
    if (name.charCodeAt(0) === 58 /* : */ || value === undefined) continue;
    add(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return record;
}

function latin1(raw: string | Buffer): string {
  return typeof raw === 'string' ? raw : raw.toString('latin1');
}

function estimateRequestBytes(opts: DispatchOptions): number {
  let bytes = opts.method.length + opts.path.length + 12;
  const headers = opts.headers;
  for (let i = 0; i < headers.length; i++) bytes += headers[i]!.length + 2;
  return bytes + (opts.body?.byteLength ?? 0);
}
