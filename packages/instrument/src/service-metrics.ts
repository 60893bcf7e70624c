import type { Registry } from '@prometheus-io/client';
import { getCounter, getHistogram } from './metric-factory.ts';

/** `status` label values of `db_query_duration_seconds`. */
export const DB_STATUS = { ok: 'ok', error: 'error' } as const;

export type TimeDb = <T>(operation: string, table: string, fn: () => T) => T;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Times database calls into `db_query_duration_seconds{operation,table,status}`; `status` is
 * `ok`, or `error` when `fn` throws or its promise rejects (the error is rethrown unchanged).
 */
export function createTimeDb(registry: Registry, buckets: number[]): TimeDb {
  const histogram = getHistogram(registry, {
    name: 'db_query_duration_seconds',
    help: 'Database query duration in seconds, by operation, table and outcome',
    labelNames: ['operation', 'table', 'status'] as const,
    buckets,
  });
  return <T>(operation: string, table: string, fn: () => T): T => {
    const startNs = process.hrtime.bigint();
    const observe = (status: string): void => {
      histogram.observe({ operation, table, status }, Number(process.hrtime.bigint() - startNs) / 1e9);
    };
    let result: T;
    try {
      result = fn();
    } catch (error) {
      observe(DB_STATUS.error);
      throw error;
    }
    if (!isPromiseLike(result)) {
      observe(DB_STATUS.ok);
      return result;
    }
    return result.then(
      (value) => {
        observe(DB_STATUS.ok);
        return value;
      },
      (error: unknown) => {
        observe(DB_STATUS.error);
        throw error;
      },
    ) as T;
  };
}

export interface CacheCounters {
  hit(cache: string, count?: number): void;
  miss(cache: string, count?: number): void;
}

/** `cache_hits_total{cache}` and `cache_misses_total{cache}`. */
export function createCacheCounters(registry: Registry): CacheCounters {
  const labelNames = ['cache'] as const;
  const hits = getCounter(registry, { name: 'cache_hits_total', help: 'Cache lookups that hit', labelNames });
  const misses = getCounter(registry, {
    name: 'cache_misses_total',
    help: 'Cache lookups that missed',
    labelNames,
  });
  return {
    hit: (cache, count = 1) => hits.inc({ cache }, count),
    miss: (cache, count = 1) => misses.inc({ cache }, count),
  };
}
