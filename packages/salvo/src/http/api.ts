import type { NdjsonParams, SseParams, Stream } from './streams/api.ts';
import type { SseEvent } from './streams/sse-parser.ts';
import type { ErrorKind, NetworkError, TransportName } from './types.ts';

/** What a user's code sees: `vu.http`. Implemented by `client.ts` on either transport. */
export interface HttpClient {
  request(method: string, url: string, body?: RequestBody, params?: RequestParams): Promise<Response>;
  get(url: string, params?: RequestParams): Promise<Response>;
  head(url: string, params?: RequestParams): Promise<Response>;
  options(url: string, params?: RequestParams): Promise<Response>;
  delete(url: string, params?: RequestParams): Promise<Response>;
  post(url: string, body?: RequestBody, params?: RequestParams): Promise<Response>;
  put(url: string, body?: RequestBody, params?: RequestParams): Promise<Response>;
  patch(url: string, body?: RequestBody, params?: RequestParams): Promise<Response>;
  /**
   * Server-sent events, parsed as an EventSource parses them, as they arrive; stream
   * metrics recorded (docs/streams.md).
   *
   * @example
   * for await (const event of vu.http.sse('/events')) console.log(event.data);
   */
  sse(url: string, params?: SseParams): Stream<SseEvent>;
  /**
   * Newline-delimited JSON values (Ollama's streams), as they arrive; stream metrics recorded.
   *
   * @example
   * for await (const chunk of vu.http.ndjson('/api/pull', { method: 'POST', json: { model } })) {}
   */
  ndjson<T = unknown>(url: string, params?: NdjsonParams<T>): Stream<T>;
  /** This VU's cookie jar. */
  readonly cookies: CookieJar;
}

/** A string or bytes is sent as is; use `params.json` or `params.form` for encoded bodies. */
export type RequestBody = string | Uint8Array | undefined;

export interface RequestParams {
  headers?: Record<string, string>;
  /** Groups the request in metrics; default: the URL path with ids templated away. */
  name?: string;
  /** Extra tags on this request's metrics (keep their values few). */
  tags?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean>;
  /** A duration ('5s', 5000) for the whole request, or each phase. */
  timeout?: string | number | TimeoutInput;
  /** Overrides the test's retry policy for this request; false turns retries off. */
  retry?: RetryInput | false;
  /** Statuses that count as success (default 200-399). */
  expectedStatuses?: readonly number[] | { min: number; max: number };
  /** Count the body and drop it (faster, less memory); `text()` is then empty. */
  discardBody?: boolean;
  /**
   * Receives each piece of the response body as it arrives (a Buffer it may keep), e.g. an
   * LLM's streamed tokens; the body is then not kept (`text()` is empty). Each attempt and
   * each redirect hop streams its own body. A throw stops the calls, the rest of the body
   * is read and dropped, and the request rejects with that error.
   */
  onChunk?: (chunk: Buffer) => void;
  /**
   * Aborts the request: it ends at once, recorded up to then and not as failed (the test
   * chose to end it), and its connection is dropped. Streams use it for `stop()`.
   */
  signal?: AbortSignal;
  /** Do not send or store cookies for this request. */
  noCookies?: boolean;
  /**
   * Follow up to this many redirects (default 0: a 3xx is the response). Each hop is its
   * own request in the metrics; the Response is the last hop's.
   */
  maxRedirects?: number;
}

export interface TimeoutInput {
  connect?: string | number;
  headers?: string | number;
  body?: string | number;
  request?: string | number;
}

export interface RetryInput {
  /** Retries after the first attempt (default 2 when a policy is given). */
  attempts?: number;
  /** First backoff (default 100ms), doubled each time with full jitter, capped by maxDelay. */
  baseDelay?: string | number;
  maxDelay?: string | number;
  /** Of those attempts, how many may be spent on 5xx and 429 (default 1). */
  statusAttempts?: number;
}

/** Timing phases in milliseconds, named as k6 names them. */
export interface ResponseTimings {
  readonly blocked: number;
  readonly connecting: number;
  readonly tls_handshaking: number;
  readonly sending: number;
  readonly waiting: number;
  readonly receiving: number;
  readonly duration: number;
}

export interface Response {
  /** 0 when no response arrived (see `error`). */
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Trailer fields sent after the body (HTTP/2 trailers such as gRPC's `grpc-status`, HTTP/1.1
   * chunked trailers), lower-case names; empty when there were none.
   */
  readonly trailers: Readonly<Record<string, string>>;
  readonly url: string;
  readonly method: string;
  /** The metrics name this request was grouped under. */
  readonly name: string;
  readonly timings: ResponseTimings;
  /** Set when the request failed: a network kind, or http_4xx / http_5xx. */
  readonly error: { readonly kind: ErrorKind; readonly message: string } | undefined;
  /** The status was expected and no network error happened. */
  readonly ok: boolean;
  /** Retries made for this request (0 when the first attempt was final). */
  readonly retries: number;
  readonly transport: TransportName;
  readonly body: Buffer | undefined;
  text(): string;
  /** Parses the body as JSON; throws a script error with the name when it is not JSON. */
  json<T = unknown>(): T;
}

export interface CookieJar {
  /** The cookies that would be sent to `url`, as name → value. */
  get(url: string): Record<string, string>;
  set(url: string, name: string, value: string): void;
  clear(): void;
}

export type { NetworkError };
