import type { RequestBody, RequestParams, Response } from '../api.ts';
import type { SseEvent } from './sse-parser.ts';
import type { StreamOutcome } from './stream-metrics.ts';

/**
 * A streamed response's values as an async iterator (`for await`), with how it went.
 * Leaving the loop early (`break`) or `stop()` ends it as `done`.
 */
export interface Stream<T> extends AsyncIterableIterator<T> {
  /** The last response once the stream has ended (its body is not kept: see `bodyHead`). */
  readonly response: Promise<Response>;
  /** How it ended: done (by the client), closed (by the server), error, timeout; undefined while it runs. */
  readonly outcome: StreamOutcome | undefined;
  /** Values received so far. */
  readonly events: number;
  /** Body bytes received so far, reconnections included. */
  readonly bytes: number;
  /** Why it ended in error: the response's error or a value that did not parse. */
  readonly error: string | undefined;
  /** The first 4 KiB of the last response's body (an error status's body says why). */
  readonly bodyHead: string;
  /** When the value `next()` returned last arrived (monotonic ms, as `performance.now()`). */
  readonly receivedAtMs: number;
  /** Ends the stream now as `done`: the request is aborted (not failed) and its connection dropped. */
  stop(): void;
}

/** A streamed request's params: a request's, with its method and body, and no onChunk. */
export interface StreamParams
  extends Omit<RequestParams, 'onChunk' | 'discardBody' | 'maxRedirects' | 'signal'> {
  /** Default GET. */
  method?: string;
  /** A string or bytes sent as is (or use `json` / `form`). */
  body?: RequestBody;
}

/** `vu.http.sse` params. */
export interface SseParams extends StreamParams {
  /**
   * Reconnect up to this many times when the response ends or fails below HTTP (as an
   * EventSource does), sending `Last-Event-ID` with the last id seen. Default 0: the end of
   * the response is the end of the stream. Never after an HTTP error status or 204.
   */
  reconnect?: number;
  /** Wait before reconnecting when the server sent no `retry:` (default 3s, as browsers). */
  reconnectDelay?: string | number;
  /** Sent as `Last-Event-ID` on the first request too (resuming a stream seen before). */
  lastEventId?: string;
  /** Marks the stream's last event: it is delivered, and the stream ends there as `done`. */
  done?: (event: SseEvent) => boolean;
}

/** `vu.http.ndjson` params. */
export interface NdjsonParams<T> extends StreamParams {
  /** Marks the stream's last value (Ollama's `done: true`): delivered, then the stream ends as `done`. */
  done?: (value: T) => boolean;
}
