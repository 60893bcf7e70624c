import type { Recorder } from '../metrics/types.ts';
import type { RequestParams } from './api.ts';
import { type RequestSeries, recordAttempt } from './client-metrics.ts';
import { classify } from './client-outcome.ts';
import type { UrlEntry } from './client-prepare.ts';
import type { HttpClientContext } from './context.ts';
import type { VuCookieJar } from './cookies.ts';
import { FAULT_HEADER, faultLogCovering, markedFault } from './fault-routing.ts';
import { HttpResponse, type ResponseError } from './response.ts';
import type { ResultSink, TransportName, TransportResult } from './types.ts';

/** What every request of one VU's client records into. */
export interface CallSink {
  readonly ctx: HttpClientContext;
  readonly recorder: Recorder;
  /** Which transport carried an attempt (the results' `meta.transport`). */
  noteCarrier(name: TransportName): void;
}

/**
 * One request (one hop of a redirect chain) from the client's side: each attempt's result
 * is classified, its cookies kept and its metrics recorded, and the last becomes the
 * user's response. Without retries it is also where the transport delivers the result
 * (`settle`): the user's promise is the request's only one.
 */
export class RequestCall implements ResultSink {
  private readonly sink: CallSink;
  private readonly entry: UrlEntry;
  private readonly method: string;
  private readonly name: string;
  private readonly series: RequestSeries;
  /** The last attempt's series: `series`, or its injected twin when the fault proxy marked it. */
  private attempt: RequestSeries;
  private readonly jar: VuCookieJar | undefined;
  private readonly params: RequestParams | undefined;
  private readonly following: boolean;
  private readonly transport: TransportName;
  /**
   * What carried the last attempt: `transport`, or `lean` when the h2 transport found an
   * origin that negotiates HTTP/1.1 and handed it to the VU's lean transport.
   */
  private carrier: TransportName;
  /** The VU's signal when the request started: a VU interrupted since gets a fresh one. */
  readonly signal: AbortSignal;
  private resolve: ((response: HttpResponse) => void) | undefined;
  private reject: ((error: unknown) => void) | undefined;
  /** Attempts beyond the first: the retry policy's and the transport's own resends. */
  private retries = 0;
  /** The user's onChunk threw: the request rejects with `chunkError` once recorded. */
  private chunkFailed = false;
  private chunkError: unknown;
  /** A resent attempt waiting for the proxy's log: the next result is observed after it. */
  private resentWaiting: Promise<void> | undefined;

  constructor(
    sink: CallSink,
    request: { entry: UrlEntry; method: string; name: string; params: RequestParams | undefined },
    series: RequestSeries,
    jar: VuCookieJar | undefined,
    following: boolean,
    transport: TransportName,
  ) {
    this.sink = sink;
    this.entry = request.entry;
    this.method = request.method;
    this.name = request.name;
    this.params = request.params;
    this.series = series;
    this.attempt = series;
    this.jar = jar;
    this.following = following;
    this.transport = transport;
    this.carrier = transport;
    this.signal = sink.ctx.signal;
  }

  /** The user's promise for a request sent once: the transport settles it through this call. */
  promise(): Promise<HttpResponse> {
    capturing = this;
    const promise = new Promise<HttpResponse>(captureSettlers);
    capturing = undefined;
    return promise;
  }

  setSettlers(resolve: (response: HttpResponse) => void, reject: (error: unknown) => void): void {
    this.resolve = resolve;
    this.reject = reject;
  }

  settle(result: TransportResult): void {
    const waiting = this.readyToObserve(result);
    if (waiting !== undefined) void waiting.then(() => this.settleNow(result));
    else this.settleNow(result);
  }

  /**
   * Under a proxy's log, a failure is classified once the log is read past it
   * (fault-routing.ts), and after the attempts resent before it: undefined when nothing waits.
   */
  readyToObserve(result: TransportResult): Promise<unknown> | undefined {
    const waiting = faultLogCovering(result);
    const resent = this.resentWaiting;
    if (resent === undefined) return waiting;
    return waiting === undefined ? resent : Promise.all([resent, waiting]);
  }

  private settleNow(result: TransportResult): void {
    // Called from the transport's socket handlers: whatever goes wrong here is the user's
    // rejection, never an exception in the transport.
    try {
      this.resolve?.(this.respond(result, this.observe(result)));
    } catch (error) {
      this.reject?.(error);
    }
  }

  fail(error: unknown): void {
    this.reject?.(error);
  }

  /** The transport resends by itself (see ResultSink): the failed attempt counts as a retried one. */
  resent(failed: TransportResult): void {
    const waiting = faultLogCovering(failed);
    if (waiting === undefined) this.resentNow(failed);
    else this.resentWaiting = waiting.then(() => this.resentNow(failed));
  }

  private resentNow(failed: TransportResult): void {
    try {
      const error = this.observe(failed);
      if (error !== undefined) this.retrying(error);
    } catch {
      // a throwing cookie store must not break the transport (the next attempt goes anyway)
    }
  }

  /** An attempt failed with `error` and goes again: its cause counts under its kind, and a retry. */
  retrying(error: ResponseError): void {
    this.countError(error);
    this.sink.recorder.count(this.attempt.retrySeries(), 1);
    this.retries++;
  }

  /** The user's onChunk as the transports may call it: never throwing, silent after a throw. */
  guardChunks(onChunk: (chunk: Buffer) => void): (chunk: Buffer) => void {
    return (chunk) => {
      if (this.chunkFailed) return;
      try {
        onChunk(chunk);
      } catch (error) {
        this.chunkFailed = true;
        this.chunkError = error;
      }
    };
  }

  /** Takes one attempt's result: classifies it, keeps its cookies, records it. */
  observe(result: TransportResult): ResponseError | undefined {
    const entry = this.entry;
    let error = classify(
      result,
      this.params?.expectedStatuses,
      this.method,
      this.name,
      this.following ? entry.url : undefined,
    );
    // ended by its own signal: the test's choice, not a failure of the service
    if (error?.kind === 'interrupted' && this.params?.signal?.aborted === true) error = undefined;
    if (this.jar !== undefined && result.setCookies.length > 0) {
      this.jar.storeFromResponse(entry.url, result.setCookies);
    }
    // Every attempt is recorded, one cut off by a stop too (kind `interrupted`): its times
    // so far are lower bounds, and leaving it out would make a stalled service look fast.
    const { ctx, recorder } = this.sink;
    const carrier = this.transport === 'h2' && result.protocol === 'http/1.1' ? 'lean' : this.transport;
    this.carrier = carrier;
    this.sink.noteCarrier(carrier);
    // the fault proxy's mark: a connection mark on a failure, or its response header
    const marked = result.connection === undefined ? undefined : markedFault(result.connection);
    const fault = marked ?? result.headers[FAULT_HEADER];
    this.attempt = fault === undefined ? this.series : this.series.injected(fault);
    const series = this.attempt.forStatus(result.status);
    recordAttempt(recorder, series, result.timings, ctx.iterationLagMs());
    recorder.count(series.dataSent, result.bytesSent);
    recorder.count(series.dataReceived, result.bytesReceived);
    return error;
  }

  /**
   * The user's response from the last attempt, its outcome recorded; throws instead what
   * the user's onChunk threw, if it did.
   */
  respond(result: TransportResult, error: ResponseError | undefined): HttpResponse {
    this.sink.recorder.rate(this.attempt.forStatus(result.status).failed, error !== undefined);
    if (error !== undefined) this.countError(error);
    if (this.chunkFailed) throw this.chunkError;
    return new HttpResponse(
      result,
      this.entry.href,
      this.method,
      this.name,
      error,
      this.retries,
      this.carrier,
    );
  }

  private countError(error: ResponseError): void {
    const recorder = this.sink.recorder;
    const id = this.attempt.errorSeries(error.kind);
    recorder.count(id, 1);
    recorder.sample(id, error.message);
  }
}

let capturing: RequestCall | undefined;

/** One executor for every request's promise: no closure per request. */
function captureSettlers(resolve: (response: HttpResponse) => void, reject: (error: unknown) => void): void {
  (capturing as RequestCall).setSettlers(resolve, reject);
}
