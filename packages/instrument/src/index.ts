import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Counter,
  collectDefaultMetrics,
  type Gauge,
  type Histogram,
  Registry,
} from '@prometheus-io/client';
import type { RequestHandler } from 'express';
import type { FastifyPluginCallback } from 'fastify';
import { createExpressMiddleware } from './express.ts';
import { createFastifyPlugin } from './fastify.ts';
import { HttpRecorder } from './http-recorder.ts';
import {
  getCounter,
  getGauge,
  getHistogram,
  type HistogramConfig,
  type MetricConfig,
} from './metric-factory.ts';
import { createMetricsHandler, type HttpHandler, wrapHandler } from './node-http.ts';
import { type MetricsOptions, resolveOptions } from './options.ts';
import { createCacheCounters, createTimeDb } from './service-metrics.ts';

export { expressRoute } from './express.ts';
export {
  CLIENT_CLOSED_STATUS,
  HttpRecorder,
  methodLabel,
  OTHER_METHOD,
  OVERFLOW_ROUTE,
  pathOf,
  type RequestSample,
  UNMATCHED_ROUTE,
} from './http-recorder.ts';
export type { HistogramConfig, MetricConfig } from './metric-factory.ts';
export type { HttpHandler } from './node-http.ts';
export {
  DEFAULT_DB_BUCKETS,
  DEFAULT_EXCLUDE_PATHS,
  DEFAULT_HTTP_BUCKETS,
  DEFAULT_MAX_ROUTES,
  type MetricsOptions,
} from './options.ts';
export { compileRoutes, type RouteMatcher } from './route-matcher.ts';
export { DB_STATUS } from './service-metrics.ts';

/** Everything a service needs to expose Prometheus metrics; see {@link createMetrics}. */
export interface Metrics {
  readonly registry: Registry;
  /** Content-Type of the exposition text, for a hand-written /metrics route. */
  readonly contentType: string;
  /** The core recorder, for frameworks without an adapter here. */
  readonly http: HttpRecorder;
  /** Fastify plugin; `await app.register(metrics.fastifyPlugin)` before the routes. */
  readonly fastifyPlugin: FastifyPluginCallback;
  /** Express middleware; `app.use(metrics.expressMiddleware())` before the routes. */
  expressMiddleware(): RequestHandler;
  /** Wraps a node:http listener; `routes` are templates such as `/post/:id` or `/static/*`. */
  wrapHttpHandler<R>(routes: readonly string[], handler: HttpHandler<R>): HttpHandler<R>;
  /** node:http (and Express) listener serving the exposition text. */
  metricsHandler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  metricsText(): Promise<string>;
  /** Times `fn` (sync or async) into `db_query_duration_seconds{operation,table,status}`. */
  timeDb<T>(operation: string, table: string, fn: () => T): T;
  cacheHit(cache: string, count?: number): void;
  cacheMiss(cache: string, count?: number): void;
  /** A counter on the same registry; the same name returns the same counter. */
  counter<L extends string = string>(config: MetricConfig<L>): Counter<L>;
  /** A histogram on the same registry; the same name returns the same histogram. */
  histogram<L extends string = string>(config: HistogramConfig<L>): Histogram<L>;
  /** A gauge on the same registry; the same name returns the same gauge. */
  gauge<L extends string = string>(config: MetricConfig<L>): Gauge<L>;
}

const DEFAULT_METRIC_PROBE = 'process_cpu_user_seconds_total';

/**
 * Creates the HTTP, database and cache metrics on one registry, with adapters for Fastify,
 * Express and node:http.
 *
 * @example
 * const metrics = createMetrics({ commonLabels: { service: 'blog' } });
 * await app.register(metrics.fastifyPlugin);
 * app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metricsText()));
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const resolved = resolveOptions(options);
  const registry = options.registry ?? new Registry();
  if (Object.keys(resolved.commonLabels).length > 0) registry.setDefaultLabels(resolved.commonLabels);
  // Idempotent per registry: collecting twice would throw "already registered".
  if (resolved.collectDefaultMetrics && registry.getSingleMetric(DEFAULT_METRIC_PROBE) === undefined) {
    collectDefaultMetrics({ register: registry });
  }
  const http = new HttpRecorder(registry, resolved.buckets, resolved.excludePaths, resolved.maxRoutes);
  const cache = createCacheCounters(registry);
  return {
    registry,
    get contentType() {
      return registry.contentType;
    },
    http,
    fastifyPlugin: createFastifyPlugin(http),
    expressMiddleware: () => createExpressMiddleware(http),
    wrapHttpHandler: (routes, handler) => wrapHandler(http, routes, handler),
    metricsHandler: createMetricsHandler(registry),
    metricsText: () => registry.metrics(),
    timeDb: createTimeDb(registry, resolved.dbBuckets),
    cacheHit: cache.hit,
    cacheMiss: cache.miss,
    counter: (config) => getCounter(registry, config),
    histogram: (config) => getHistogram(registry, config),
    gauge: (config) => getGauge(registry, config),
  };
}
