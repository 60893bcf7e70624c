import type { ConnectionStamp } from './fault-routing.ts';
/**
 * The one request model and one result model that both transports (lean HTTP/1.1 and
 * undici) speak. The client layer (`client.ts`) turns a user's call into a
 * `TransportRequest`, hands it to the VU's `Transport`, and turns the `TransportResult`
 * into the user's `Response` and into metrics.
 */

/** Every way a request can fail, exactly as DESIGN.md names them. */
export const ERROR_KINDS = [
  'timeout',
  'connect',
  'reset',
  'dns',
  'tls',
  'protocol',
  'interrupted',
  'http_4xx',
  'http_5xx',
  'check',
  'script',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * The kinds a transport can report: the ones that happen below HTTP status codes.
 * `interrupted`: the client itself ended the request (its VU was interrupted, the run ended).
 */
export type NetworkErrorKind = 'timeout' | 'connect' | 'reset' | 'dns' | 'tls' | 'protocol' | 'interrupted';

export interface NetworkError {
  readonly kind: NetworkErrorKind;
  /** One line, for the results' error samples; never contains secrets (no header values). */
  readonly message: string;
}

/** All in milliseconds; 0 means "no limit" for none of them: every request is bounded. */
export interface Timeouts {
  /** TCP connect plus TLS handshake. */
  readonly connectMs: number;
  /** From the end of sending to the end of the response head. */
  readonly headersMs: number;
  /** Longest silence between two chunks of the body. */
  readonly bodyMs: number;
  /** The whole request, from asking for a connection to the last byte. */
  readonly requestMs: number;
}

export interface TlsOptions {
  readonly insecureSkipVerify: boolean;
  /** PEM strings. */
  readonly ca?: string | readonly string[];
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
}

/**
 * What a transport is asked to send: fully resolved, nothing left to default.
 * The client reuses the same `url` and `headers` objects for requests of the same shape
 * (same URL string, no per-request headers or cookies), so a transport may cache the
 * serialized request head on their identity.
 */
export interface TransportRequest {
  readonly method: string;
  /** Absolute http: or https: URL. */
  readonly url: URL;
  /**
   * Flat [name0, value0, name1, value1, ...], names as the user wrote them.
   * The transport adds Host and Content-Length (or nothing for a bodiless GET/HEAD).
   */
  readonly headers: readonly string[];
  readonly body: Uint8Array | undefined;
  readonly timeouts: Timeouts;
  /** True: the body is counted and dropped without being kept (the user will not read it). */
  readonly discardBody: boolean;
  /**
   * Each piece of the body as it arrives, in a Buffer the receiver may keep; the body is
   * then not kept. Must not throw (the client wraps the user's callback).
   */
  readonly onChunk?: ((chunk: Buffer) => void) | undefined;
  /**
   * Ends this request when aborted (a stream the test stopped): it settles at once with
   * an `interrupted` error and what it measured so far, and its connection is dropped
   * (the rest of its body will not be read). Optional for a transport: one that ignores
   * it reads the body to its end.
   */
  readonly signal?: AbortSignal | undefined;
}

/** Phase times in milliseconds (floats from performance.now()), k6's definitions. */
export interface PhaseTimings {
  /** Waiting for a free connection (queueing behind other requests of this VU). */
  blockedMs: number;
  /** TCP connect; 0 on a reused connection. */
  connectingMs: number;
  /** TLS handshake; 0 on plain HTTP and on a reused connection. */
  tlsHandshakingMs: number;
  /** Writing the request. */
  sendingMs: number;
  /** From the request written to the first byte of the response (TTFB). */
  waitingMs: number;
  /** From the first byte to the last byte of the response. */
  receivingMs: number;
  /** sending + waiting + receiving: what `http_req_duration` records. */
  durationMs: number;
}

export interface TransportResult {
  /** 0 when no response head arrived. */
  status: number;
  /**
   * Response headers with lower-case names. A repeated header is joined with ", ",
   * except set-cookie, which is only in `setCookies`. May be shared between results (the
   * lean transport's are frozen): never mutate it.
   */
  headers: Readonly<Record<string, string>>;
  setCookies: readonly string[];
  /**
   * The response's trailer fields (HTTP/2 trailers, HTTP/1.1 chunked trailers), lower-case
   * names, repeated ones joined with ", "; undefined when the response had none.
   */
  trailers?: Readonly<Record<string, string>> | undefined;
  /** Undefined when `discardBody` or `onChunk` was set or there was no body. */
  body: Buffer | undefined;
  /** Bytes on the wire, head and body, both ways. */
  bytesSent: number;
  bytesReceived: number;
  timings: PhaseTimings;
  /** Set when the request failed below HTTP; `status` may still be set (e.g. body cut short). */
  error: NetworkError | undefined;
  /**
   * A failure's connection, when the fault proxy's connection marks are read (a reset, a
   * request never answered, a blackhole: docs/proxy.md). Faults with a response carry
   * `salvo-fault` instead.
   */
  connection?: ConnectionStamp | undefined;
  /** Whether the request went out on a connection that had served an earlier one. */
  reusedConnection: boolean;
  protocol: 'http/1.1' | 'h2';
}

export type TransportName = 'lean' | 'undici' | 'h2';

/**
 * Where a transport delivers one request's outcome: an object the caller already has (the
 * client's RequestCall), so a request needs no promise or closure of the transport's own.
 */
export interface ResultSink {
  /** The result, network failures and timeouts included; called once. Must not throw. */
  settle(result: TransportResult): void;
  /** The transport itself broke (undici could not be loaded): the request rejects. */
  fail(error: unknown): void;
  /**
   * An attempt that left the client and failed, which the transport sends once more by
   * itself (a reused keep-alive connection closed before any byte of the response, see
   * docs/http.md); `settle` follows with the last attempt. Optional: a sink without it
   * sees only the last attempt.
   */
  resent?(failed: TransportResult): void;
}

/**
 * One VU's connections. A VU makes one request at a time (per request awaited), but a
 * user may start several at once (`Promise.all`), so a transport queues or opens more
 * connections up to `maxConnectionsPerOrigin`, and counts the wait as blocked time.
 */
export interface Transport {
  readonly name: TransportName;
  /** Sends `req` and settles `sink` once, possibly before returning. Never throws. */
  send(req: TransportRequest, sink: ResultSink): void;
  /** `send` as a promise (retries, tests): resolves with the result, failures included. */
  request(req: TransportRequest): Promise<TransportResult>;
  /**
   * Closes every connection now: requests in flight or waiting for a connection end with an
   * `interrupted` error carrying the time they had waited. The transport stays usable (the
   * VU goes on after an interrupt); resolves once the sockets are closed.
   */
  interrupt(): Promise<void>;
  /** `interrupt`, and every later request ends at once with an `interrupted` error, unsent. */
  close(): Promise<void>;
}

export interface TransportOptions {
  readonly tls: TlsOptions;
  /** Connections this VU may open to one origin (default 1: one socket per VU). */
  readonly maxConnectionsPerOrigin: number;
  /** Requests in flight on one connection (1 = no pipelining). Lean transport only. */
  readonly pipelining: number;
  /**
   * HTTP/2: `true` negotiates it with https:// origins (ALPN), `'h2c'` also speaks it in
   * plain text to http:// origins (prior knowledge). The h2 transport carries it (undici
   * when the test forces `transport: 'undici'`).
   */
  readonly http2: boolean | 'h2c';
  /** HTTP/2 sessions: each VU its own per origin (default), or shared by a runner's VUs. */
  readonly http2Sessions?: { readonly shared: boolean; readonly streamsPerSession: number };
  /** Who speaks HTTP/2: Salvo's own client on the socket (`'lean'`, the default) or node:http2 (`'node'`). */
  readonly http2Client?: 'lean' | 'node';
}
