import type { RequestParams } from './api.ts';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** What a redirect is read from: a transport's result or the user's response. */
interface RedirectSource {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly error?: unknown;
}

/**
 * Where a response redirects to (absolute http(s) href), or undefined when it does not:
 * not a redirect status, no usable Location, or an error (a response that is an error and
 * a followable redirect at once is one that failed on the wire).
 */
export function redirectTarget(result: RedirectSource, from: URL): string | undefined {
  if (result.error !== undefined || !REDIRECT_STATUSES.has(result.status)) return undefined;
  const location = result.headers.location;
  if (location === undefined || location === '') return undefined;
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return undefined;
  }
  return target.protocol === 'http:' || target.protocol === 'https:' ? target.href : undefined;
}

/** 303 turns any method but HEAD into GET; 301 and 302 turn POST into GET (as browsers do). */
export function methodAfterRedirect(status: number, method: string): string {
  if (status === 303) return method === 'HEAD' ? 'HEAD' : 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** The params for a hop to another origin: the user's credential headers stay behind (as fetch does). */
export function withoutCredentials(params: RequestParams): RequestParams {
  const given = params.headers;
  return given === undefined ? params : { ...params, headers: credentialFree(given) };
}

/** The headers less Authorization, Proxy-Authorization and Cookie. */
export function credentialFree(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) kept[name] = headers[name]!;
  return kept;
}
