import type { ConnectionStamp } from '../fault-routing.ts';
import { ExchangeMoments, phaseTimings } from '../phase-timings.ts';
import type { NetworkErrorKind, ResultSink, TransportRequest, TransportResult } from '../types.ts';
import type { ResponseParser } from './response-parser.ts';

/** One request's journey through the lean transport: its times and bytes, and where it ends. */
export class LeanExchange extends ExchangeMoments {
  readonly req: TransportRequest;
  readonly deadlineMs: number;
  /** Serialized head; the body (if any) is `req.body`. */
  head: Buffer | undefined;
  private readonly sink: ResultSink;
  bytesSent = 0;
  reused = false;
  retried = false;
  settled = false;
  /** The connection it went out on, when the fault proxy's marks are read (fault-routing.ts). */
  via: ConnectionStamp | undefined;

  constructor(req: TransportRequest, sink: ResultSink, startMs: number) {
    super();
    this.req = req;
    this.sink = sink;
    this.startMs = startMs;
    this.deadlineMs = startMs + req.timeouts.requestMs;
  }

  /**
   * Starts over on a fresh connection (the stale keep-alive retry) as a new attempt: its
   * times and bytes count from `nowMs`; the whole-request deadline stays the first one's.
   */
  restart(nowMs: number): void {
    this.retried = true;
    this.startMs = nowMs;
    this.assignedMs = 0;
    this.clearAfterAssigned();
    this.bytesSent = 0;
  }

  /** Reports the attempt that failed and is about to go again (it did leave the client). */
  resent(kind: NetworkErrorKind, message: string, endMs: number): void {
    this.sink.resent?.(this.result(0, {}, NO_COOKIES, undefined, undefined, 0, endMs, kind, message));
  }

  /** A complete response; `error` set when it broke after the head (status kept). */
  succeed(parser: ResponseParser, endMs: number, error?: string): void {
    const head = parser.head;
    const hasHead = parser.headDone;
    const body = error === undefined && !this.req.discardBody ? parser.takeBody() : undefined;
    const trailers = parser.takeTrailers();
    this.settle(
      this.result(
        hasHead ? head.status : 0,
        hasHead ? head.headers : {},
        hasHead ? head.setCookies : NO_COOKIES,
        error === undefined ? trailers : undefined,
        body,
        parser.bytesReceived,
        endMs,
        error === undefined ? undefined : 'protocol',
        error,
      ),
    );
  }

  /** A failure; `parser` given when part of this exchange's response arrived. */
  fail(kind: NetworkErrorKind, message: string, endMs: number, parser?: ResponseParser): void {
    const hasHead = parser?.headDone === true;
    this.settle(
      this.result(
        hasHead ? parser.head.status : 0,
        hasHead ? parser.head.headers : {},
        hasHead ? parser.head.setCookies : NO_COOKIES,
        undefined,
        undefined,
        parser === undefined ? 0 : parser.bytesReceived,
        endMs,
        kind,
        message,
      ),
    );
  }

  private settle(result: TransportResult): void {
    if (this.settled) return;
    this.settled = true;
    this.sink.settle(result);
  }

  private result(
    status: number,
    headers: Record<string, string>,
    setCookies: readonly string[],
    trailers: Record<string, string> | undefined,
    body: Buffer | undefined,
    bytesReceived: number,
    endMs: number,
    kind: NetworkErrorKind | undefined,
    message: string | undefined,
  ): TransportResult {
    return {
      status,
      headers,
      setCookies,
      trailers,
      body,
      bytesSent: this.bytesSent,
      bytesReceived,
      timings: phaseTimings(this, endMs),
      error: kind === undefined ? undefined : { kind, message: oneLine(message as string) },
      connection: kind === undefined ? undefined : this.via,
      reusedConnection: this.reused,
      protocol: 'http/1.1',
    };
  }
}

const NO_COOKIES: readonly string[] = Object.freeze([]);

/** Error samples are one line (OpenSSL's messages end in a newline). */
function oneLine(message: string): string {
  const newline = message.indexOf('\n');
  return (newline === -1 ? message : message.slice(0, newline)).trim();
}
