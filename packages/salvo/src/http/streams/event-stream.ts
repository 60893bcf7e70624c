import { monotonicMs } from '../../clock.ts';
import type { Recorder } from '../../metrics/types.ts';
import type { RequestBody, RequestParams, Response } from '../api.ts';
import type { RequestSeries } from '../client-metrics.ts';
import type { Stream } from './api.ts';
import { StreamMeter, type StreamOutcome, type StreamSeriesCache } from './stream-metrics.ts';

/** What a stream needs from the VU's HTTP client: requests, its metrics, its VU's signal. */
export interface StreamHost {
  request(method: string, url: string, body?: RequestBody, params?: RequestParams): Promise<Response>;
  /** The request series a request of this shape records into (bad URLs throw a script error). */
  requestSeriesFor(method: string, url: string, params: RequestParams | undefined): RequestSeries;
  readonly recorder: Recorder;
  readonly streamSeries: StreamSeriesCache;
  /** The VU's signal now: an interrupt ends the stream and its reconnection waits. */
  readonly signal: AbortSignal;
}

/** Turns body pieces into values; `end` at the end of each response body. */
export interface StreamDecoder {
  push(chunk: Buffer): void;
  end(): void;
}

/** One request of a stream (the first, or a reconnection). */
export interface StreamRequest {
  readonly method: string;
  readonly url: string;
  readonly body: RequestBody;
  /** The user's params, without onChunk (the stream sets it). */
  readonly params: RequestParams;
}

/** Decides whether and when a stream reconnects after a response ended (SSE does). */
export interface Reconnector {
  /** The next request after `last` ended, with the delay before it; undefined: the stream ends. */
  next(last: Response, attempt: number): { request: StreamRequest; delayMs: number } | undefined;
}

/** How much of a body is kept for error messages (a 4xx or 5xx body says why). */
const KEPT_BODY_BYTES = 4096;

/**
 * An async iterator of the values a streamed response carries, recording the stream's
 * metrics as values arrive (not as the test code reads them: a slow consumer does not
 * stretch the gaps). Values wait in a queue until read. Ends when the response (and any
 * reconnection) ends, when `stop()` is called or the iterator is left early (`break`), or
 * at the value the caller's `done` predicate marks as the last.
 */
export class EventStream<T> implements Stream<T> {
  /** The last response once the stream has ended (its body not kept: see `bodyHead`). */
  readonly response: Promise<Response>;
  private readonly queue: T[] = [];
  /** When each queued value arrived (monotonic ms), beside `queue`. */
  private readonly arrivals: number[] = [];
  private lastArrivalMs = Number.NaN;
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private waiterFail: ((error: unknown) => void) | undefined;
  private finished = false;
  private failure: { error: unknown } | undefined;
  private readonly meter: StreamMeter;
  private readonly decoder: StreamDecoder;
  private readonly host: StreamHost;
  private readonly isLast: ((value: T) => boolean) | undefined;
  private readonly refuse: ((response: Response) => string | undefined) | undefined;
  private stoppedByClient = false;
  /** Aborts the request in flight when the test stops the stream (its connection is dropped). */
  private readonly abort = new AbortController();
  private parseError: string | undefined;
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private lastResponse: Response | undefined;

  constructor(
    host: StreamHost,
    first: StreamRequest,
    makeDecoder: (emit: (value: T) => void, fail: (message: string) => void) => StreamDecoder,
    options: {
      reconnector?: Reconnector;
      isLast?: (value: T) => boolean;
      /** Why a response is not a stream of this kind (it ends the stream as `error`), if it is not. */
      refuse?: (response: Response) => string | undefined;
    },
  ) {
    this.host = host;
    this.isLast = options.isLast;
    this.refuse = options.refuse;
    const startedMs = monotonicMs();
    // Throws a script error for a bad URL before any request: the caller's call throws.
    const series = host.streamSeries.for(host.requestSeriesFor(first.method, first.url, first.params));
    this.meter = new StreamMeter(host.recorder, series, startedMs);
    this.decoder = makeDecoder(
      (value) => this.emit(value),
      (message) => {
        this.parseError ??= message;
      },
    );
    this.response = this.run(first, options.reconnector);
    // the iterator reports a failure; a test that never awaits `response` must not crash on it
    this.response.catch(() => {});
  }

  /** How the stream ended; undefined while it runs. */
  get outcome(): StreamOutcome | undefined {
    return this.meter.outcome;
  }

  /** Values received so far (read or not). */
  get events(): number {
    return this.meter.events;
  }

  /** Body bytes received so far, every response of the stream together. */
  get bytes(): number {
    return this.meter.bytes;
  }

  /** Why the stream ended in `error`: the response's error, or a value that did not parse. */
  get error(): string | undefined {
    return this.lastResponse?.error?.message ?? this.parseError;
  }

  /** The first bytes (up to 4 KiB) of the last response's body, for error messages. */
  get bodyHead(): string {
    return Buffer.concat(this.kept).toString('utf8');
  }

  /**
   * When the value `next()` returned last arrived (monotonic ms, `performance.now()`), so a
   * reader that is late by a turn of the event loop still times the value exactly.
   */
  get receivedAtMs(): number {
    return this.lastArrivalMs;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      this.lastArrivalMs = this.arrivals.shift() as number;
      return Promise.resolve({ value: this.queue.shift() as T, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.waiterFail = reject;
    });
  }

  /** Leaving a `for await` early: the stream ends as `done`. */
  return(): Promise<IteratorResult<T>> {
    this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * Ends the stream now, as `done`: values still queued are dropped, later ones are not
   * delivered, and the request is aborted (its connection dropped; a transport that does
   * not take the signal reads the rest and drops it). The request does not count as failed.
   */
  stop(): void {
    if (this.finished) return;
    this.queue.length = 0;
    this.arrivals.length = 0;
    this.stoppedByClient = true;
    this.finish('done');
    this.abort.abort();
  }

  private emit(value: T): void {
    if (this.finished) return;
    const nowMs = monotonicMs();
    this.meter.event(nowMs);
    this.deliver(value, nowMs);
    if (this.isLast?.(value)) {
      this.stoppedByClient = true;
      this.finish('done');
    }
  }

  private deliver(value: T, nowMs: number): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      this.waiterFail = undefined;
      this.lastArrivalMs = nowMs;
      waiter({ value, done: false });
    } else {
      this.queue.push(value);
      this.arrivals.push(nowMs);
    }
  }

  private finish(outcome: StreamOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.meter.end(outcome, monotonicMs());
    const waiter = this.waiter;
    this.waiter = undefined;
    this.waiterFail = undefined;
    waiter?.({ value: undefined, done: true });
  }

  private fail(error: unknown): void {
    this.failure = { error };
    this.finished = true;
    this.meter.end('error', monotonicMs());
    const fail = this.waiterFail;
    this.waiter = undefined;
    this.waiterFail = undefined;
    fail?.(error);
  }

  private async run(first: StreamRequest, reconnector: Reconnector | undefined): Promise<Response> {
    let request = first;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.send(request);
      } catch (error) {
        this.fail(error);
        throw error;
      }
      this.lastResponse = response;
      const next = this.finished ? undefined : reconnector?.next(response, attempt);
      if (next === undefined || this.host.signal.aborted) {
        this.finish(this.outcomeOf(response));
        return response;
      }
      await sleep(next.delayMs, this.host.signal);
      if (this.finished || this.host.signal.aborted) {
        this.finish(this.outcomeOf(response));
        return response;
      }
      this.meter.reconnected();
      request = next.request;
    }
  }

  private send(request: StreamRequest): Promise<Response> {
    this.kept = [];
    this.keptBytes = 0;
    const onChunk = (chunk: Buffer): void => {
      this.meter.received(chunk.length);
      if (this.keptBytes < KEPT_BODY_BYTES) {
        this.kept.push(chunk.subarray(0, KEPT_BODY_BYTES - this.keptBytes));
        this.keptBytes += Math.min(chunk.length, KEPT_BODY_BYTES - this.keptBytes);
      }
      if (!this.finished) this.decoder.push(chunk);
    };
    const done = (response: Response): Response => {
      if (!this.finished) this.decoder.end();
      const refused = response.error === undefined ? this.refuse?.(response) : undefined;
      if (refused !== undefined) this.parseError ??= refused;
      return response;
    };
    return this.host
      .request(request.method, request.url, request.body, {
        ...request.params,
        onChunk,
        signal: this.abort.signal,
      })
      .then(done);
  }

  private outcomeOf(response: Response): StreamOutcome {
    const kind = response.error?.kind;
    // interrupted: the run stopped the VU, so the test ended the stream
    if (this.stoppedByClient || kind === 'interrupted') return 'done';
    if (kind === 'timeout') return 'timeout';
    if (kind !== undefined || this.parseError !== undefined) return 'error';
    return 'closed';
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (!(ms > 0) || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
