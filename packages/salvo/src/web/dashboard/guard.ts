import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may read the dashboard and who may press its stop button (docs/dashboard.md,
 * "Security"). Reading: a request whose Host is the dashboard's own, so a page on another
 * site that rebinds its DNS name to 127.0.0.1 gets nothing (its Host is its own name).
 * Stopping: that, plus the page's own origin and the token only the page was given.
 */

/** `host:port` as a Host header and a URL write it (`[::1]:5665` for IPv6). */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * The Host headers the dashboard answers: the bound `host:port`, and on a loopback address
 * its other loopback names (no other site can send those). Bound to every interface
 * (`0.0.0.0`, `::`: the user's choice), any name reaches it: 'any'.
 */
export function allowedHosts(host: string, port: number): ReadonlySet<string> | 'any' {
  if (isWildcard(host)) return 'any';
  const names = isLoopback(host) ? [host, '127.0.0.1', 'localhost', '::1'] : [host];
  return new Set(names.map((name) => hostPort(name, port).toLowerCase()));
}

export function hostAllowed(headers: IncomingHttpHeaders, allowed: ReadonlySet<string> | 'any'): boolean {
  const host = headers.host?.toLowerCase();
  return host !== undefined && (allowed === 'any' || allowed.has(host));
}

/** Why a stop request is refused, or undefined when it may stop the run. Host is checked first. */
export function stopRefusal(headers: IncomingHttpHeaders, token: string): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site is ${site}, not same-origin`;
  const origin = headers.origin;
  if (origin?.toLowerCase() !== `http://${headers.host?.toLowerCase()}`)
    return `Origin ${origin ?? '(none)'} is not this dashboard's`;
  const given = headers['x-salvo-stop'];
  if (typeof given !== 'string' || !sameSecret(given, token)) return 'missing or wrong x-salvo-stop token';
  return undefined;
}

/** Compares in constant time, so the token cannot be guessed a character at a time. */
function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
