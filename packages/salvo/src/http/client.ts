import { SalvoError } from '../errors.ts';
import type { Recorder } from '../metrics/types.ts';
import type { HttpDefaults, RetryPolicy } from '../plan/types.ts';
import type { HttpClient, RequestBody, RequestParams } from './api.ts';
import type { RequestSeries } from './client-metrics.ts';
import { retryDelayMs } from './client-outcome.ts';
import {
  HeaderShapes,
  NO_BODY,
  type PreparedBody,
  prepareBody,
  timeoutsFor,
  UrlCache,
  type UrlEntry,
} from './client-prepare.ts';
import type { HttpClientContext } from './context.ts';
import { VuCookieJar } from './cookies.ts';
import { credentialFree, methodAfterRedirect, redirectTarget, withoutCredentials } from './redirects.ts';
import { type CallSink, RequestCall } from './request-call.ts';
import type { HttpResponse } from './response.ts';
import { AbortableSleeper, retryPolicyFor } from './retry.ts';
import {
  type NdjsonParams,
  openNdjson,
  openSse,
  type SseEvent,
  type SseParams,
  type Stream,
  type StreamHost,
  StreamSeriesCache,
} from './streams/index.ts';
import { sendAsPromise } from './transport-promise.ts';
import type { Timeouts, Transport, TransportName, TransportOptions, TransportRequest } from './types.ts';

/** The transports one VU's client sends through. */
export interface HttpTransports {
  readonly undici: Transport;
  readonly lean?: Transport;
  /** The lean transport's `leanCanHandle`: which URLs 'auto' may send through it (default: all). */
  readonly leanCanHandle?: (url: URL) => boolean;
  /** The HTTP/2 transport, when the test turned HTTP/2 on. */
  readonly h2?: Transport;
  /** Which URLs 'auto' sends over HTTP/2 (`h2CanHandle` with the test's `http2`). */
  readonly h2CanHandle?: (url: URL) => boolean;
}

export type TransportsFactory = (options: TransportOptions) => HttpTransports;

/**
 * `vu.http`, plus what the engine needs: `close()` ends the VU's connections; streams,
 * `vu.llm` and `vu.ws` record through it (StreamHost).
 */
export interface VuHttpClient extends HttpClient, StreamHost {
  readonly cookies: VuCookieJar;
  close(): Promise<void>;
}

/** The transport options a test's HTTP defaults give. */
export function transportOptionsFrom(defaults: HttpDefaults): TransportOptions {
  return {
    tls: defaults.tls,
    maxConnectionsPerOrigin: defaults.maxConnectionsPerOrigin,
    pipelining: defaults.pipelining,
    http2: defaults.http2,
    http2Sessions: defaults.http2Sessions,
    http2Client: defaults.http2Client,
  };
}

/**
 * One VU's HTTP client over its transports (or a factory called with the options the
 * defaults give). Records every request into `ctx.recorder`.
 *
 * @example
 * const http = createHttpClient(ctx, createTransports);
 * const res = await http.get('/post/1');
 * await http.close();
 */
export function createHttpClient(
  ctx: HttpClientContext,
  transports: HttpTransports | TransportsFactory,
): VuHttpClient {
  const resolved =
    typeof transports === 'function' ? transports(sharedTransportOptions(ctx.defaults)) : transports;
  return new Client(ctx, resolved);
}

/** The VUs of a scenario share one defaults object, so they share one options object too. */
const TRANSPORT_OPTIONS = new WeakMap<HttpDefaults, TransportOptions>();

function sharedTransportOptions(defaults: HttpDefaults): TransportOptions {
  let options = TRANSPORT_OPTIONS.get(defaults);
  if (options === undefined) {
    options = transportOptionsFrom(defaults);
    TRANSPORT_OPTIONS.set(defaults, options);
  }
  return options;
}

class Client implements VuHttpClient, CallSink, StreamHost {
  readonly cookies = new VuCookieJar();
  readonly ctx: HttpClientContext;
  readonly recorder: Recorder;
  /** Streams' series, made on the first stream (most tests have none). */
  private streamCache: StreamSeriesCache | undefined;
  private readonly defaults: HttpDefaults;
  private readonly transports: HttpTransports;
  private readonly urls: UrlCache;
  /** A/B: target B's URLs (ctx.target 1), A's base URL traded for B's. */
  private readonly urlsB: UrlCache | undefined;
  private readonly shapes: HeaderShapes;
  /** Header arrays for hops past a redirect to another origin (no credential defaults). */
  private crossOriginShapes: HeaderShapes | undefined;
  private readonly sleeper: AbortableSleeper;
  private readonly forcedLean: Transport | undefined;
  private readonly autoLean: Transport | undefined;
  private readonly autoH2: Transport | undefined;
  /** The VU signal the abort listener is on; a VU gets a new one after each interrupt. */
  private watched: AbortSignal;
  /** The transport that carried the previous request: the context hears only of a change. */
  private lastCarrier: TransportName | undefined;
  /** The VU was interrupted: its requests end now, as interrupted; the VU may go on after. */
  private readonly onAbort = (): void => {
    this.sleeper.wakeAll();
    Promise.all([
      this.transports.undici.interrupt(),
      this.transports.lean?.interrupt(),
      this.transports.h2?.interrupt(),
    ]).catch(() => {});
  };

  constructor(ctx: HttpClientContext, transports: HttpTransports) {
    this.ctx = ctx;
    this.recorder = ctx.recorder;
    this.defaults = ctx.defaults;
    this.transports = transports;
    const mode = ctx.defaults.transport;
    if (mode === 'lean' && transports.lean === undefined) {
      throw new SalvoError(
        'SALVO_ERR_TEST_DEFINITION',
        "http.transport is 'lean' but the lean transport is not available",
      );
    }
    this.forcedLean = mode === 'lean' ? transports.lean : undefined;
    this.autoLean = mode === 'auto' ? transports.lean : undefined;
    this.autoH2 = mode === 'auto' ? transports.h2 : undefined;
    const canHandle = this.autoLean === undefined ? () => false : (transports.leanCanHandle ?? (() => true));
    const h2CanHandle = this.autoH2 === undefined ? undefined : transports.h2CanHandle;
    this.urls = new UrlCache(ctx.defaults.baseUrl, canHandle, h2CanHandle);
    this.urlsB = ctx.targetB && new UrlCache(ctx.defaults.baseUrl, canHandle, h2CanHandle, ctx.targetB);
    this.shapes = new HeaderShapes(ctx.defaults);
    this.sleeper = new AbortableSleeper();
    this.watched = ctx.signal;
    this.watched.addEventListener('abort', this.onAbort, { once: true });
  }

  get(url: string, params?: RequestParams) {
    return this.request('GET', url, undefined, params);
  }
  head(url: string, params?: RequestParams) {
    return this.request('HEAD', url, undefined, params);
  }
  options(url: string, params?: RequestParams) {
    return this.request('OPTIONS', url, undefined, params);
  }
  delete(url: string, params?: RequestParams) {
    return this.request('DELETE', url, undefined, params);
  }
  post(url: string, body?: RequestBody, params?: RequestParams) {
    return this.request('POST', url, body, params);
  }
  put(url: string, body?: RequestBody, params?: RequestParams) {
    return this.request('PUT', url, body, params);
  }
  patch(url: string, body?: RequestBody, params?: RequestParams) {
    return this.request('PATCH', url, body, params);
  }

  sse(url: string, params?: SseParams): Stream<SseEvent> {
    return openSse(this, url, params);
  }
  ndjson<T = unknown>(url: string, params?: NdjsonParams<T>): Stream<T> {
    return openNdjson<T>(this, url, params);
  }

  get streamSeries(): StreamSeriesCache {
    this.streamCache ??= new StreamSeriesCache(this.recorder);
    return this.streamCache;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  /** The series a request of this shape records into, as `send` picks it. */
  requestSeriesFor(method: string, url: string, params: RequestParams | undefined): RequestSeries {
    const name = params?.name ?? this.urls.get(url).name;
    return this.ctx.requestSeries.for(name, method, params?.tags);
  }

  request(method: string, url: string, body?: RequestBody, params?: RequestParams): Promise<HttpResponse> {
    // Not async (one promise and frame less per request), so bad input must reject by hand.
    try {
      const entry = this.urlCache().get(url);
      const prepared = prepareBody(body, params);
      const redirects = params?.maxRedirects ?? 0;
      if (redirects <= 0) return this.send(method, entry, prepared, params, this.shapes, false);
      return this.follow(method, entry, prepared, params, redirects);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The URLs of the VU's current A/B target: B's in B's iterations. Outside A/B runs one
   * read of the client's own field, never the context's (bench/layers.ts: within noise).
   */
  private urlCache(): UrlCache {
    return this.urlsB === undefined || this.ctx.target !== 1 ? this.urls : this.urlsB;
  }

  /** A request and the redirects it leads to, at most `redirectsLeft` of them. */
  private async follow(
    method: string,
    entry: UrlEntry,
    prepared: PreparedBody,
    params: RequestParams | undefined,
    redirectsLeft: number,
  ): Promise<HttpResponse> {
    let shapes = this.shapes;
    let hop = await this.send(method, entry, prepared, params, shapes, true);
    while (redirectsLeft > 0 && !this.ctx.signal.aborted) {
      const target = redirectTarget(hop, entry.url);
      if (target === undefined) break;
      const nextMethod = methodAfterRedirect(hop.status, method);
      if (nextMethod !== method) prepared = NO_BODY;
      method = nextMethod;
      const from = entry.url;
      entry = this.urlCache().get(target);
      if (entry.url.origin !== from.origin) {
        // credentials stay with the origin they were meant for, the test's defaults included
        if (params !== undefined) params = withoutCredentials(params);
        shapes = this.crossOriginShapes ??= new HeaderShapes({
          ...this.defaults,
          headers: credentialFree(this.defaults.headers),
        });
      }
      redirectsLeft--;
      hop = await this.send(method, entry, prepared, params, shapes, redirectsLeft > 0);
    }
    return hop;
  }

  noteCarrier(name: TransportName): void {
    if (name === this.lastCarrier) return;
    this.lastCarrier = name;
    this.ctx.noteTransport(name);
  }

  /**
   * One request (one hop of a redirect chain) with its retries, recorded and classified.
   * Throws on bad params (the callers turn that into a rejection).
   */
  private send(
    method: string,
    entry: UrlEntry,
    prepared: PreparedBody,
    params: RequestParams | undefined,
    shapes: HeaderShapes,
    following: boolean,
  ): Promise<HttpResponse> {
    const name = params?.name ?? entry.name;
    const jar = params?.noCookies === true ? undefined : this.cookies;
    const transport =
      this.forcedLean ??
      (entry.h2 ? this.autoH2 : undefined) ??
      (entry.lean ? this.autoLean : undefined) ??
      this.transports.undici;
    let req = requestFor(
      entry,
      method,
      shapes.forRequest(prepared.kind, params?.headers, entry, jar),
      prepared.bytes,
      timeoutsFor(this.defaults.timeouts, params?.timeout),
      params?.discardBody ?? this.defaults.discardResponseBodies,
    );
    const policy =
      params?.retry === undefined ? this.defaults.retry : retryPolicyFor(this.defaults.retry, params.retry);
    const series = this.ctx.requestSeries.for(name, method, params?.tags);
    const call = new RequestCall(
      this,
      { entry, method, name, params },
      series,
      jar,
      following,
      transport.name,
    );
    if (call.signal !== this.watched) this.watch(call.signal);
    const onChunk = params?.onChunk;
    if (onChunk !== undefined) req = { ...req, onChunk: call.guardChunks(onChunk) };
    if (params?.signal !== undefined) req = { ...req, signal: params.signal };
    if (policy !== undefined) return this.sendWithRetries(call, transport, req, policy);
    const promise = call.promise();
    transport.send(req, call);
    return promise;
  }

  private async sendWithRetries(
    call: RequestCall,
    transport: Transport,
    req: TransportRequest,
    policy: RetryPolicy,
  ): Promise<HttpResponse> {
    const signal = call.signal;
    let retries = 0;
    let statusRetries = 0;
    for (;;) {
      // the call hears of the transport's own resends too (they count as retries)
      const result = await sendAsPromise(transport, req, call);
      const ready = call.readyToObserve(result);
      if (ready !== undefined) await ready; // no extra microtask turn when nothing waits
      const error = call.observe(result);
      if (error === undefined || signal.aborted || retries >= policy.attempts) {
        return call.respond(result, error);
      }
      const delayMs = retryDelayMs(policy, result, retries, statusRetries);
      if (delayMs === undefined) return call.respond(result, error);
      await this.sleeper.sleep(delayMs, signal);
      if (signal.aborted) return call.respond(result, error);
      call.retrying(error);
      if (result.error === undefined) statusRetries++;
      retries++;
    }
  }

  async close(): Promise<void> {
    this.watched.removeEventListener('abort', this.onAbort);
    this.sleeper.wakeAll();
    await Promise.all([
      this.transports.undici.close(),
      this.transports.lean?.close(),
      this.transports.h2?.close(),
    ]);
  }

  /** Listens on the VU's new signal (the last one aborted and the VU went on). */
  private watch(signal: AbortSignal): void {
    this.watched.removeEventListener('abort', this.onAbort);
    this.watched = signal;
    signal.addEventListener('abort', this.onAbort, { once: true });
  }
}

/** The entry's last request when this one is the same in every part, else a new one kept there. */
function requestFor(
  entry: UrlEntry,
  method: string,
  headers: readonly string[],
  body: Uint8Array | undefined,
  timeouts: Timeouts,
  discardBody: boolean,
): TransportRequest {
  const last = entry.lastRequest;
  if (
    last !== undefined &&
    last.method === method &&
    last.headers === headers &&
    last.body === body &&
    last.timeouts === timeouts &&
    last.discardBody === discardBody
  ) {
    return last;
  }
  const req: TransportRequest = {
    method,
    url: entry.url,
    headers,
    body,
    timeouts,
    discardBody,
    onChunk: undefined,
  };
  entry.lastRequest = req;
  return req;
}
