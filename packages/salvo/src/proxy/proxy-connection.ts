import type * as net from 'node:net';
import { ParserState, ResponseParser } from '../http/index.ts';
import { ConnectionMarks } from './connection-marks.ts';
import { drawDelayMs } from './delay.ts';
import type { FaultTable } from './fault-table.ts';
import type { Fault } from './fault-types.ts';
import { Pacer } from './pacer.ts';
import { RequestFramer, type RequestSink } from './request-framer.ts';
import { markedHead, syntheticResponse } from './responses.ts';
import { connectUpstream } from './upstream-socket.ts';

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

/** Where the proxy sends what it accepts, and what it shares with its connections. */
interface ConnectionContext {
  readonly table: FaultTable;
  readonly targetHost: string;
  readonly targetPort: number;
  /** The run's connection marks (fault-routing.ts). */
  readonly marks: SharedArrayBuffer;
}

/** One request on its way: the fault that hit it and how its response is to be handled. */
interface Exchange {
  readonly fault: Fault | undefined;
  /** `METHOD target`, for the log: faulted requests only. */
  readonly request: string | undefined;
  readonly noBody: boolean;
  /** Not sent to the service: its body is dropped. */
  readonly dropped: boolean;
  /** http-error: the answer sent instead. */
  readonly synthetic: Buffer | undefined;
  /** Response bytes held until its head is whole (to mark it, or to cut it). */
  held: Buffer[] | undefined;
  heldBytes: number;
  /** The response head went out (marked): the rest flows through. */
  headSent: boolean;
}

/**
 * A client connection and its own connection to the service (keep-alive passes through:
 * one upstream socket per client socket). Requests are framed on the way in to decide a
 * fault each; responses are framed on the way out (the lean transport's parser) to mark,
 * delay or cut the one that belongs to a faulted request. Bytes are forwarded as they came.
 */
export class ProxyConnection implements RequestSink {
  readonly #ctx: ConnectionContext;
  readonly #client: net.Socket;
  readonly #upstream: net.Socket | undefined;
  readonly #framer = new RequestFramer(this);
  readonly #parser = new ResponseParser();
  readonly #up: Pacer | undefined;
  readonly #down: Pacer | undefined;
  readonly #pending: Exchange[] = [];
  /** The request whose body is arriving. */
  #current: Exchange | undefined;
  /** A request was never answered (timeout): HTTP/1.1 answers in order, so nothing more is. */
  #stalled = false;
  /** Responses stopped making sense (or the request side went raw): forward as they are. */
  #rawDown = false;
  #closed = false;
  readonly #marks: ConnectionMarks;
  /** A bandwidth fault on this connection: its responses are marked while it holds. */
  #limited: Fault | undefined;

  constructor(client: net.Socket, ctx: ConnectionContext) {
    this.#ctx = ctx;
    this.#client = client;
    this.#marks = new ConnectionMarks(
      ctx.marks,
      ctx.table,
      client.remoteAddress ?? '',
      client.remotePort ?? 0,
    );
    client.setNoDelay(true);
    client.on('error', () => this.#close());
    client.on('close', () => this.#close());
    const fault = ctx.table.forConnection();
    if (fault?.kind === 'blackhole') {
      // accepted and read, never forwarded, never answered, never closed by the proxy
      this.#marks.mark(fault, 'blackhole');
      client.on('data', ignore);
      return;
    }
    const upstream = connectUpstream(ctx.targetHost, ctx.targetPort, (buf) => this.#fromService(buf));
    this.#upstream = upstream;
    this.#up = new Pacer(upstream, client);
    this.#down = new Pacer(client, upstream);
    if (fault?.kind === 'bandwidth') {
      this.#limited = fault;
      this.#up.limit(fault, fault.upBytesPerMs, ctx.table);
      this.#down.limit(fault, fault.downBytesPerMs, ctx.table);
    }
    client.on('data', (buf: Buffer) => this.#framer.push(buf));
    client.on('end', () => this.#up?.end());
    upstream.on('end', () => this.#serviceEnded());
    // the service reset or refused: the client sees its connection reset (a real failure, unmarked)
    // (a clean close of the service's side ends the client's once queued bytes are out: #serviceEnded)
    upstream.on('error', () => this.#abort());
  }

  // ---- requests, from the framer

  head(method: string, target: string, head: Buffer): void {
    const table = this.#ctx.table;
    const limited = this.#limited !== undefined && table.holds(this.#limited) ? this.#limited : undefined;
    const fault = this.#stalled ? undefined : (table.forRequest(method, target) ?? limited);
    this.#marks.request(fault);
    if (this.#stalled) {
      this.#current = newExchange(fault, method, undefined, true);
      return;
    }
    const request = fault === undefined ? undefined : `${method} ${target}`;
    switch (fault?.kind) {
      case 'reset':
        if (fault.at === 'request') {
          this.#marks.mark(fault, 'reset', request);
          this.#reset();
          return;
        }
        break;
      case 'timeout':
        this.#marks.mark(fault, 'timeout', request);
        this.#stalled = true;
        this.#current = newExchange(fault, method, request, true);
        if (fault.closeAfterMs > 0) setTimeout(() => this.#close(), fault.closeAfterMs).unref();
        return;
      case 'http-error':
        this.#current = newExchange(fault, method, request, true, syntheticResponse(fault));
        this.#pending.push(this.#current);
        this.#answerSynthetic();
        return;
    }
    this.#current = newExchange(fault, method, request, false);
    this.#pending.push(this.#current);
    const atMs = fault?.kind === 'latency' ? Date.now() + drawDelayMs(fault) : 0;
    this.#up?.write(head, atMs);
  }

  body(chunk: Buffer): void {
    if (this.#current !== undefined && !this.#current.dropped) this.#up?.write(chunk);
  }

  end(): void {
    this.#current = undefined;
  }

  raw(chunk: Buffer): void {
    // no more framing this way: responses cannot be matched to requests either
    this.#rawDown = true;
    this.#up?.write(chunk);
  }

  // ---- responses, from the service

  #fromService(buf: Buffer): void {
    const down = this.#down as Pacer;
    let pos = 0;
    const end = buf.length;
    while (pos < end && !this.#closed) {
      const ex = this.#pending[0];
      if (this.#rawDown || ex === undefined) {
        // bytes no request asked for (a 408 before closing, say): passed on as they are
        down.write(pos === 0 ? buf : buf.subarray(pos));
        return;
      }
      if (!this.#parser.started) this.#parser.reset(ex.noBody, true);
      const stop = this.#parser.execute(buf, pos, end);
      const piece = pos === 0 && stop === end ? buf : buf.subarray(pos, stop);
      pos = stop;
      if (this.#parser.state === ParserState.error) {
        this.#rawDown = true;
        down.write(piece);
        continue;
      }
      const done = this.#parser.state === ParserState.done;
      if (ex.fault === undefined || ex.headSent) down.write(piece);
      else this.#faultedPiece(ex, piece, done);
      if (done) this.#responseDone();
    }
  }

  /** A response piece of a faulted request: held until its head is whole, then marked and sent or cut. */
  #faultedPiece(ex: Exchange, piece: Buffer, done: boolean): void {
    const fault = ex.fault as Fault;
    ex.held ??= [];
    ex.held.push(piece);
    ex.heldBytes += piece.length;
    if (!this.#parser.headDone) return;
    const held = ex.held.length === 1 ? (ex.held[0] as Buffer) : Buffer.concat(ex.held, ex.heldBytes);
    const headEnd = held.indexOf(CRLFCRLF) + 4;
    if (fault.kind === 'truncate' || fault.kind === 'reset') {
      const keep =
        fault.kind === 'truncate' && fault.keep !== undefined
          ? fault.keep
          : halfBody(this.#parser, held, headEnd);
      if (held.length - headEnd < keep && !done) return;
      ex.held = undefined;
      const down = this.#down as Pacer;
      down.write(markedHead(held.subarray(0, headEnd), fault.kind));
      down.write(held.subarray(headEnd, headEnd + keep));
      this.#marks.mark(fault, fault.kind, ex.request);
      if (fault.kind === 'reset') this.#resetAfterFlush();
      else this.#cut();
      return;
    }
    ex.held = undefined;
    ex.headSent = true;
    const atMs = fault.kind === 'slow-first-byte' ? Date.now() + drawDelayMs(fault) : 0;
    const down = this.#down as Pacer;
    down.write(markedHead(held.subarray(0, headEnd), fault.kind), atMs);
    if (held.length > headEnd) down.write(held.subarray(headEnd));
  }

  #responseDone(): void {
    this.#pending.shift();
    this.#parser.reset(false, true);
    this.#answerSynthetic();
  }

  /** Sends the http-error answers now at the head of the line (responses go in request order). */
  #answerSynthetic(): void {
    let ex = this.#pending[0];
    while (ex?.synthetic !== undefined) {
      this.#down?.write(ex.synthetic);
      this.#pending.shift();
      ex = this.#pending[0];
    }
  }

  #serviceEnded(): void {
    if (this.#parser.state === ParserState.bodyUntilClose) {
      // a body delimited by the close ends here: one held back (to mark or cut) goes now
      this.#parser.finishAtEof();
      const ex = this.#pending[0];
      if (ex?.held !== undefined) this.#faultedPiece(ex, EMPTY, true);
    }
    if (!this.#closed) this.#down?.end();
  }

  // ---- faults that end the connection

  #reset(): void {
    this.#closed = true;
    this.#up?.clear();
    this.#down?.clear();
    this.#client.resetAndDestroy();
    this.#upstream?.destroy();
  }

  /** Mid-response: what was let through leaves first, then the reset. */
  #resetAfterFlush(): void {
    this.#closed = true;
    this.#upstream?.destroy();
    this.#client.write('', () => this.#client.resetAndDestroy());
  }

  /** Truncated: what was let through leaves, then the connection closes cleanly (FIN). */
  #cut(): void {
    this.#closed = true;
    this.#upstream?.destroy();
    this.#down?.end();
  }

  #abort(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#down?.clear();
    if (!this.#client.destroyed) this.#client.resetAndDestroy();
  }

  #close(): void {
    this.#closed = true;
    this.#up?.clear();
    this.#down?.clear();
    this.#client.destroy();
    this.#upstream?.destroy();
  }
}

function newExchange(
  fault: Fault | undefined,
  method: string,
  request: string | undefined,
  dropped: boolean,
  synthetic?: Buffer,
): Exchange {
  return {
    fault,
    request,
    noBody: method === 'HEAD',
    dropped,
    synthetic,
    held: undefined,
    heldBytes: 0,
    headSent: false,
  };
}

/** Half the body: of its Content-Length, or of what has arrived when it has none. */
function halfBody(parser: ResponseParser, held: Buffer, headEnd: number): number {
  const length = Number(parser.head.headers['content-length']);
  return Math.floor((Number.isFinite(length) ? length : held.length - headEnd) / 2);
}

function ignore(): void {}
