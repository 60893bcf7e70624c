import { faultError } from './fault-error.ts';
import type { RouteMatch } from './fault-types.ts';

const METHOD = /^[A-Z]+$/;

/**
 * A route as users write it: an optional method, then a path where `:name` matches one
 * segment and a trailing `*` the rest; the query string is not part of the match.
 *
 * @example
 * compileRoute('GET /api/posts/:id', 'route').pattern.test('/api/posts/7'); // true
 */
export function compileRoute(value: unknown, path: string): RouteMatch {
  if (typeof value !== 'string' || value.trim() === '')
    throw faultError(path, `must be a path like '/api/posts/:id', got ${JSON.stringify(value)}`);
  const parts = value.trim().split(/\s+/);
  const [first, second] = parts;
  const method = parts.length === 2 ? first : undefined;
  const routePath = (parts.length === 2 ? second : first) as string;
  if (parts.length > 2 || (method !== undefined && !METHOD.test(method)) || !routePath.startsWith('/'))
    throw faultError(
      path,
      `must be '[METHOD] /path', e.g. 'GET /api/posts/:id', got ${JSON.stringify(value)}`,
    );
  let source = '^';
  for (const segment of routePath.split('/').slice(1)) {
    if (segment === '*') {
      source += '(?:/.*)?';
      break;
    }
    source += segment.startsWith(':') ? '/[^/]+' : `/${escapeRegExp(segment)}`;
  }
  return { method, pattern: new RegExp(`${source}$`), source: value.trim() };
}

/** Whether a request's method and target (path and query) match. */
export function routeMatches(route: RouteMatch, method: string, target: string): boolean {
  if (route.method !== undefined && route.method !== method) return false;
  const query = target.indexOf('?');
  return route.pattern.test(query === -1 ? target : target.slice(0, query));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
