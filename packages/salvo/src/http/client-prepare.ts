import { SalvoError } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import type { HttpDefaults } from '../plan/types.ts';
import type { RequestBody, RequestParams } from './api.ts';
import type { VuCookieJar } from './cookies.ts';
import { requestNameFromPath } from './naming.ts';
import type { Timeouts, TransportRequest } from './types.ts';

export const USER_AGENT = 'salvo/0.1.0';

/** Which Content-Type the client adds: an index into the cached header arrays. */
export const CONTENT = { none: 0, json: 1, form: 2 } as const;
type ContentKind = (typeof CONTENT)[keyof typeof CONTENT];
const CONTENT_TYPES = [undefined, 'application/json', 'application/x-www-form-urlencoded'] as const;

/** A resolved URL and what is cached with it, so one request shape reuses one `url` object. */
export interface UrlEntry {
  readonly url: URL;
  readonly href: string;
  readonly name: string;
  /** Whether the lean transport may take it (decided once per URL). */
  readonly lean: boolean;
  /** Whether HTTP/2 carries it (decided once per URL). */
  readonly h2: boolean;
  cookieVersion: number;
  /** Header arrays with this URL's Cookie header, by content kind, valid for `cookieVersion`. */
  cookieHeaders: (string[] | undefined)[];
  /** The last request sent to this URL, reused while nothing in it changes (transports never mutate one). */
  lastRequest: TransportRequest | undefined;
}

/** Past this many distinct URLs the cache starts over (ids in URLs would grow it forever). */
const MAX_URL_ENTRIES = 1000;
/** Likewise for distinct sets of per-request headers (a token per request, say). */
const MAX_USER_HEADER_SETS = 1000;

export class UrlCache {
  private readonly entries = new Map<string, UrlEntry>();
  /** Default names given so far, to cap them (see OVERFLOW_NAME). */
  private names: Set<string> | undefined;
  private readonly baseUrl: string | undefined;
  private readonly leanCanHandle: (url: URL) => boolean;
  private readonly h2CanHandle: (url: URL) => boolean;
  private readonly rewrite: UrlRewrite | undefined;

  /** `rewrite`: A/B's target B, whose requests to A's base URL go to B's (docs/ab.md). */
  constructor(
    baseUrl: string | undefined,
    leanCanHandle: (url: URL) => boolean,
    h2CanHandle: (url: URL) => boolean = () => false,
    rewrite?: UrlRewrite,
  ) {
    this.baseUrl = baseUrl;
    this.leanCanHandle = leanCanHandle;
    this.h2CanHandle = h2CanHandle;
    this.rewrite = rewrite;
  }

  private defaultName(pathname: string): string {
    const name = requestNameFromPath(pathname);
    const names = (this.names ??= new Set());
    if (names.has(name)) return name;
    if (names.size >= MAX_DEFAULT_NAMES) return OVERFLOW_NAME;
    names.add(name);
    return name;
  }

  get(input: string): UrlEntry {
    let entry = this.entries.get(input);
    if (entry === undefined) {
      const resolved = resolveUrl(input, this.baseUrl);
      // named by the URL as the test wrote it: A's and B's requests share their names
      const url = this.rewrite ? rewritten(resolved, this.rewrite) : resolved;
      entry = {
        url,
        href: url.href,
        name: this.defaultName(resolved.pathname),
        lean: this.leanCanHandle(url),
        h2: this.h2CanHandle(url),
        cookieVersion: -1,
        cookieHeaders: [],
        lastRequest: undefined,
      };
      if (this.entries.size >= MAX_URL_ENTRIES) this.entries.clear();
      this.entries.set(input, entry);
    }
    return entry;
  }
}

/** A/B: URLs that start with `from` (A's base URL, as `URL.href`) start with `to` instead. */
export interface UrlRewrite {
  readonly from: string;
  readonly to: string;
}

function rewritten(url: URL, rewrite: UrlRewrite): URL {
  return url.href.startsWith(rewrite.from) ? new URL(rewrite.to + url.href.slice(rewrite.from.length)) : url;
}

/**
 * Paths whose ids no rule recognises would give every request its own name and metrics
 * series; past MAX_DEFAULT_NAMES distinct default names, a VU files new ones under one.
 */
export const OVERFLOW_NAME = '(other paths)';
const MAX_DEFAULT_NAMES = 500;

function resolveUrl(input: string, baseUrl: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(input, baseUrl);
  } catch {
    const hint = baseUrl === undefined ? ' (relative URLs need http.baseUrl)' : '';
    throw new SalvoError('SALVO_ERR_SCRIPT', `invalid URL "${input}"${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SalvoError('SALVO_ERR_SCRIPT', `unsupported URL scheme "${url.protocol}" in "${input}"`);
  }
  return url;
}

/** The base header arrays by the defaults they were built from (see HeaderShapes). */
const BASE_SHAPES = new WeakMap<HttpDefaults, readonly string[][]>();

/** The header arrays every request starts from, built once per client. */
export class HeaderShapes {
  /** By content kind: defaults, X-Load-Test, User-Agent, Content-Type. */
  private readonly base: readonly string[][];
  private readonly defaults: Readonly<Record<string, string>>;
  private readonly loadTestHeader: boolean;
  private byUserHeaders: Map<string, string[]> | undefined;

  constructor(defaults: HttpDefaults) {
    this.defaults = defaults.headers;
    this.loadTestHeader = defaults.loadTestHeader;
    // The VUs of a scenario share one defaults object, so they share these arrays (never
    // mutated: cookies go into copies): 1 000 VUs held 0.4 MiB of copies.
    let base = BASE_SHAPES.get(defaults);
    if (base === undefined) {
      base = [0, 1, 2].map((kind) => this.compose(kind as ContentKind, undefined, undefined));
      BASE_SHAPES.set(defaults, base);
    }
    this.base = base;
  }

  /** The header array for a request; the same array for the same shape when `user` is undefined. */
  forRequest(
    kind: ContentKind,
    user: Record<string, string> | undefined,
    entry: UrlEntry,
    jar: VuCookieJar | undefined,
  ): readonly string[] {
    if (user !== undefined) {
      if (jar !== undefined && jar.size > 0) return this.compose(kind, user, jar.headerFor(entry.url));
      return this.forUserHeaders(kind, user);
    }
    if (jar === undefined || jar.size === 0) return this.base[kind]!;
    if (entry.cookieVersion !== jar.version || Date.now() >= jar.nextExpiryMs) {
      entry.cookieVersion = jar.version;
      entry.cookieHeaders = [];
    }
    let headers = entry.cookieHeaders[kind];
    if (headers === undefined) {
      const cookie = jar.headerFor(entry.url);
      headers = cookie === undefined ? this.base[kind]! : withCookie([...this.base[kind]!], cookie);
      entry.cookieHeaders[kind] = headers;
    }
    return headers;
  }

  /**
   * One array per distinct set of user headers (by content, not by object), so requests
   * with equal headers are one request shape, which the lean transport serializes once.
   */
  private forUserHeaders(kind: ContentKind, user: Record<string, string>): readonly string[] {
    const key = JSON.stringify([kind, user]);
    this.byUserHeaders ??= new Map();
    let headers = this.byUserHeaders.get(key);
    if (headers === undefined) {
      headers = this.compose(kind, user, undefined);
      if (this.byUserHeaders.size >= MAX_USER_HEADER_SETS) this.byUserHeaders.clear();
      this.byUserHeaders.set(key, headers);
    }
    return headers;
  }

  private compose(
    kind: ContentKind,
    user: Record<string, string> | undefined,
    cookie: string | undefined,
  ): string[] {
    const out: string[] = [];
    const userNames = user === undefined ? undefined : new Set(Object.keys(user).map((n) => n.toLowerCase()));
    let hasAgent = false;
    let hasType = false;
    for (const layer of [this.defaults, user]) {
      if (layer === undefined) continue;
      for (const name in layer) {
        const lower = name.toLowerCase();
        if (layer === this.defaults && userNames?.has(lower)) continue;
        if (lower === 'user-agent') hasAgent = true;
        if (lower === 'content-type') hasType = true;
        out.push(name, layer[name]!);
      }
    }
    if (this.loadTestHeader) out.push('x-load-test', 'salvo');
    if (!hasAgent) out.push('user-agent', USER_AGENT);
    const type = CONTENT_TYPES[kind];
    if (type !== undefined && !hasType) out.push('content-type', type);
    return cookie === undefined ? out : withCookie(out, cookie);
  }
}

/**
 * Adds the jar's cookies to `headers`: into a Cookie header the test set itself, as one
 * field (RFC 6265 5.4: a client sends one Cookie header), or as a header of their own.
 */
function withCookie(headers: string[], cookie: string): string[] {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.toLowerCase() === 'cookie') {
      headers[i + 1] = `${headers[i + 1]}; ${cookie}`;
      return headers;
    }
  }
  headers.push('cookie', cookie);
  return headers;
}

export interface PreparedBody {
  readonly kind: ContentKind;
  readonly bytes: Uint8Array | undefined;
}

export const NO_BODY: PreparedBody = { kind: CONTENT.none, bytes: undefined };

export function prepareBody(body: RequestBody, params: RequestParams | undefined): PreparedBody {
  const json = params?.json;
  const form = params?.form;
  if (json !== undefined || form !== undefined) {
    if (body !== undefined || (json !== undefined && form !== undefined)) {
      throw new SalvoError(
        'SALVO_ERR_SCRIPT',
        'give one request body: the body argument, params.json or params.form',
      );
    }
    if (json !== undefined) return { kind: CONTENT.json, bytes: Buffer.from(JSON.stringify(json)) };
    const fields: Record<string, string> = {};
    for (const key in form) fields[key] = String(form[key]);
    return { kind: CONTENT.form, bytes: Buffer.from(new URLSearchParams(fields).toString()) };
  }
  if (body === undefined) return NO_BODY;
  return { kind: CONTENT.none, bytes: typeof body === 'string' ? Buffer.from(body) : body };
}

/** The test's timeouts, overridden by a request's `timeout` (a scalar bounds the whole request). */
export function timeoutsFor(defaults: Timeouts, input: RequestParams['timeout']): Timeouts {
  if (input === undefined) return defaults;
  if (typeof input === 'string' || typeof input === 'number') {
    return { ...defaults, requestMs: positiveDuration(input, 'timeout') };
  }
  return {
    connectMs:
      input.connect === undefined ? defaults.connectMs : positiveDuration(input.connect, 'timeout.connect'),
    headersMs:
      input.headers === undefined ? defaults.headersMs : positiveDuration(input.headers, 'timeout.headers'),
    bodyMs: input.body === undefined ? defaults.bodyMs : positiveDuration(input.body, 'timeout.body'),
    requestMs:
      input.request === undefined ? defaults.requestMs : positiveDuration(input.request, 'timeout.request'),
  };
}

function positiveDuration(input: string | number, what: string): number {
  const ms = parseDuration(input, what);
  if (ms <= 0) throw new SalvoError('SALVO_ERR_DURATION', `${what} must be greater than 0, got "${input}"`);
  return ms;
}
