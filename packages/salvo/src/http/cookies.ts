import { isIP } from 'node:net';
import type { CookieJar } from './api.ts';

/**
 * A VU's cookie jar: the RFC 6265 subset load tests need (Domain, Path, Expires, Max-Age,
 * Secure, HttpOnly, host-only cookies; no public-suffix list, no SameSite). Written here
 * rather than taken from npm because tough-cookie is large and async (a promise per lookup
 * on the hot path) and the small packages only parse headers; the jar itself is this file.
 */

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  /** Date.now() time it expires; Infinity for a session cookie. */
  readonly expiresAtMs: number;
}

export class VuCookieJar implements CookieJar {
  private cookies: StoredCookie[] = [];
  /** Bumped on every change, so callers may cache a Cookie header until it moves. */
  version = 0;
  /** The earliest expiry among the stored cookies (a cached header is stale after it). */
  nextExpiryMs = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.cookies.length;
  }

  get(url: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const cookie of this.matching(new URL(url))) out[cookie.name] = cookie.value;
    return out;
  }

  set(url: string, name: string, value: string): void {
    const target = new URL(url);
    this.store({
      name,
      value,
      domain: target.hostname.toLowerCase(),
      hostOnly: true,
      path: '/',
      secure: false,
      expiresAtMs: Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.cookies = [];
    this.changed();
  }

  /** The Cookie header value for a request to `url`, or undefined when none matches. */
  headerFor(url: URL): string | undefined {
    if (this.cookies.length === 0) return undefined;
    const matching = this.matching(url);
    if (matching.length === 0) return undefined;
    // RFC 6265 5.4: longer paths first.
    matching.sort((a, b) => b.path.length - a.path.length);
    let header = '';
    for (const cookie of matching)
      header += header === '' ? `${cookie.name}=${cookie.value}` : `; ${cookie.name}=${cookie.value}`;
    return header;
  }

  /** Stores the cookies a response to `url` set; malformed or foreign-domain ones are ignored. */
  storeFromResponse(url: URL, setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const cookie = parseSetCookie(line, url);
      if (cookie !== undefined) this.store(cookie);
    }
  }

  private store(cookie: StoredCookie): void {
    this.cookies = this.cookies.filter(
      (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
    );
    if (cookie.expiresAtMs > Date.now()) this.cookies.push(cookie);
    this.changed();
  }

  private matching(url: URL): StoredCookie[] {
    const nowMs = Date.now();
    if (nowMs >= this.nextExpiryMs) {
      this.cookies = this.cookies.filter((c) => c.expiresAtMs > nowMs);
      this.changed();
    }
    const host = url.hostname.toLowerCase();
    const secure = url.protocol === 'https:';
    const path = url.pathname;
    return this.cookies.filter(
      (c) =>
        (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
        pathMatches(path, c.path) &&
        (!c.secure || secure),
    );
  }

  private changed(): void {
    this.version++;
    let next = Number.POSITIVE_INFINITY;
    for (const c of this.cookies) if (c.expiresAtMs < next) next = c.expiresAtMs;
    this.nextExpiryMs = next;
  }
}

function parseSetCookie(line: string, url: URL): StoredCookie | undefined {
  const parts = line.split(';');
  const pair = parts[0]!;
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  if (name === '') return undefined;
  const host = url.hostname.toLowerCase();
  let value = pair.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  let domain = host;
  let hostOnly = true;
  let path = defaultPath(url.pathname);
  let secure = false;
  let expiresAtMs = Number.POSITIVE_INFINITY;
  let maxAgeSeen = false;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    const attr = at === -1 ? '' : part.slice(at + 1).trim();
    if (key === 'domain' && attr !== '') {
      const wanted = (attr.startsWith('.') ? attr.slice(1) : attr).toLowerCase();
      if (!domainMatches(host, wanted)) return undefined;
      domain = wanted;
      hostOnly = false;
    } else if (key === 'path' && attr.startsWith('/')) {
      path = attr;
    } else if (key === 'secure') {
      secure = true;
    } else if (key === 'max-age' && /^-?\d+$/.test(attr)) {
      maxAgeSeen = true;
      const seconds = Number(attr);
      expiresAtMs = seconds <= 0 ? 0 : Date.now() + seconds * 1000;
    } else if (key === 'expires' && !maxAgeSeen) {
      const parsed = Date.parse(attr);
      if (!Number.isNaN(parsed)) expiresAtMs = parsed;
    }
  }
  return { name, value, domain, hostOnly, path, secure, expiresAtMs };
}

/** RFC 6265 5.1.3; IP addresses only match themselves. */
function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return isIP(host) === 0 && host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 46;
}

/** RFC 6265 5.1.4. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charCodeAt(cookiePath.length) === 47;
}

/** RFC 6265 5.1.4: the request path up to its last slash. */
function defaultPath(requestPath: string): string {
  const slash = requestPath.lastIndexOf('/');
  return slash <= 0 ? '/' : requestPath.slice(0, slash);
}
