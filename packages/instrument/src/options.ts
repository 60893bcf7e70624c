import type { Registry } from '@prometheus-io/client';

/** Options for {@link createMetrics}; every field is optional. */
export interface MetricsOptions {
  /** Labels added to every metric of the registry (`registry.setDefaultLabels`). */
  commonLabels?: {
    service?: string;
    instance?: string;
    region?: string;
    [label: string]: string | undefined;
  };
  /** Bucket edges (seconds) of `http_request_duration_seconds`. */
  buckets?: number[];
  /** Bucket edges (seconds) of `db_query_duration_seconds`. */
  dbBuckets?: number[];
  /** Request paths (exact, query string ignored) that are never recorded. */
  excludePaths?: string[];
  /**
   * Most distinct `route` values recorded; later new values share `__overflow__`. A safety
   * net for routes that leak raw values (e.g. an Express router mounted at `/user/:id`). Default 200.
   */
  maxRoutes?: number;
  /** Collect the default process metrics (CPU, memory, event loop, GC). Default true. */
  collectDefaultMetrics?: boolean;
  /** Registry to register on. Default: a new Registry. */
  registry?: Registry;
}

/**
 * SLO-friendly edges, following OpenTelemetry's HTTP advice; 0.1, 0.25, 0.5 and 1 s are exact
 * edges so latency SLOs at those bounds are exact bucket ratios.
 */
export const DEFAULT_HTTP_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Database queries are often sub-millisecond (SQLite), so the edges start at 0.5 ms. */
export const DEFAULT_DB_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

export const DEFAULT_MAX_ROUTES = 200;

export const DEFAULT_EXCLUDE_PATHS: readonly string[] = ['/metrics', '/health', '/favicon.ico'];

/** Label names the package's own metrics use; a common label may not reuse them. */
const RESERVED_LABELS = new Set(['method', 'route', 'status', 'operation', 'table', 'cache', 'le']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface ResolvedOptions {
  commonLabels: Record<string, string>;
  buckets: number[];
  dbBuckets: number[];
  excludePaths: ReadonlySet<string>;
  maxRoutes: number;
  collectDefaultMetrics: boolean;
}

export function resolveOptions(options: MetricsOptions): ResolvedOptions {
  return {
    commonLabels: checkCommonLabels(options.commonLabels ?? {}),
    buckets: checkBuckets('buckets', options.buckets ?? DEFAULT_HTTP_BUCKETS),
    dbBuckets: checkBuckets('dbBuckets', options.dbBuckets ?? DEFAULT_DB_BUCKETS),
    excludePaths: new Set(options.excludePaths ?? DEFAULT_EXCLUDE_PATHS),
    maxRoutes: checkMaxRoutes(options.maxRoutes ?? DEFAULT_MAX_ROUTES),
    collectDefaultMetrics: options.collectDefaultMetrics ?? true,
  };
}

function checkCommonLabels(labels: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (value === undefined) continue;
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`commonLabels: "${name}" is not a valid Prometheus label name`);
    }
    if (RESERVED_LABELS.has(name)) {
      throw new Error(`commonLabels: "${name}" is used by the built-in metrics; choose another name`);
    }
    if (typeof value !== 'string') throw new Error(`commonLabels: "${name}" must be a string`);
    out[name] = value;
  }
  return out;
}

function checkBuckets(field: string, buckets: readonly number[]): number[] {
  if (buckets.length === 0) throw new Error(`${field}: give at least one bucket edge`);
  for (let i = 0; i < buckets.length; i++) {
    const edge = buckets[i]!;
    if (!Number.isFinite(edge) || edge <= 0) {
      throw new Error(`${field}: edges must be positive finite seconds, got ${edge}`);
    }
    if (i > 0 && edge <= buckets[i - 1]!) throw new Error(`${field}: edges must be strictly increasing`);
  }
  return [...buckets];
}

function checkMaxRoutes(maxRoutes: number): number {
  if (!Number.isInteger(maxRoutes) || maxRoutes < 1) {
    throw new Error(`maxRoutes: give a positive integer, got ${maxRoutes}`);
  }
  return maxRoutes;
}
