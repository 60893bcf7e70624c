import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '@prometheus-io/client';
import { getCounter, getGauge, getHistogram } from './metric-factory.ts';
import { DEFAULT_MAX_ROUTES } from './options.ts';

/** The single `route` value shared by every request that matched no route. */
export const UNMATCHED_ROUTE = '__unmatched__';
/** The single `route` value of new routes once `maxRoutes` distinct ones were seen. */
export const OVERFLOW_ROUTE = '__overflow__';
/** `status` of a request whose response never completed (client went away), as nginx logs it. */
export const CLIENT_CLOSED_STATUS = '499';
/** `method` of any request method outside the standard set. */
export const OTHER_METHOD = 'OTHER';

const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);

/** Collapses a request method to a bounded label value. */
export function methodLabel(method: string | undefined): string {
  if (method === undefined) return OTHER_METHOD;
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : OTHER_METHOD;
}

/** The path part of a request target: no query string, no fragment. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** One request being timed; ended at most once. */
export interface RequestSample {
  readonly method: string;
  readonly startNs: bigint;
  ended: boolean;
}

/**
 * The core every adapter shares: `start` when a request arrives, `end` once with its route
 * template and status. Adapters only find the route; counting, timing and in-flight live here.
 */
export class HttpRecorder {
  readonly #excludePaths: ReadonlySet<string>;
  readonly #routes = new Set<string>();
  readonly #maxRoutes: number;
  readonly #requests;
  readonly #duration;
  readonly #inFlight;

  constructor(
    registry: Registry,
    buckets: number[],
    excludePaths: ReadonlySet<string>,
    maxRoutes = DEFAULT_MAX_ROUTES,
  ) {
    this.#excludePaths = excludePaths;
    this.#maxRoutes = maxRoutes;
    const labelNames = ['method', 'route', 'status'] as const;
    this.#requests = getCounter(registry, {
      name: 'http_requests_total',
      help: 'HTTP requests completed, by method, route template and status code',
      labelNames,
    });
    this.#duration = getHistogram(registry, {
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, from arrival to the end of the response',
      labelNames,
      buckets,
    });
    this.#inFlight = getGauge(registry, {
      name: 'http_requests_in_flight',
      help: 'HTTP requests received and not yet answered',
    });
  }

  /** True when the request target's path is one of the excluded paths. */
  isExcluded(url: string | undefined): boolean {
    return this.#excludePaths.size > 0 && this.#excludePaths.has(pathOf(url));
  }

  start(method: string | undefined): RequestSample {
    this.#inFlight.inc();
    return { method: methodLabel(method), startNs: process.hrtime.bigint(), ended: false };
  }

  /** Records the request; a second call for the same sample does nothing. */
  end(sample: RequestSample, route: string, status: string): void {
    if (sample.ended) return;
    sample.ended = true;
    const durationS = Number(process.hrtime.bigint() - sample.startNs) / 1e9;
    const labels = { method: sample.method, route: this.#boundRoute(route), status };
    this.#inFlight.dec();
    this.#requests.inc(labels);
    this.#duration.observe(labels, durationS);
  }

  #boundRoute(route: string): string {
    if (route === UNMATCHED_ROUTE || this.#routes.has(route)) return route;
    if (this.#routes.size >= this.#maxRoutes) return OVERFLOW_ROUTE;
    this.#routes.add(route);
    return route;
  }

  /**
   * Times one node:http exchange: starts now and ends when the response closes, which happens
   * exactly once whether it completed or the client went away. `routeOf` runs at that moment,
   * when the framework has matched the route.
   */
  track(req: IncomingMessage, res: ServerResponse, routeOf: () => string | undefined): void {
    const sample = this.start(req.method);
    res.once('close', () => {
      const status = res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED_STATUS;
      this.end(sample, routeOf() ?? UNMATCHED_ROUTE, status);
    });
  }
}
