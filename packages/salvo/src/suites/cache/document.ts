import type { RatioInterval } from '../../stats/index.ts';
import type { SuiteMeta } from '../suite-meta.ts';

export const CACHE_SCHEMA = 'salvo/cache';
export const CACHE_VERSION = 1;

/** The warm requests of one key, times in ms. */
export interface WarmFigures {
  count: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * One key: its cold request and its warm ones. `cold_failed`: the cold request failed,
 * so nothing was cached, no warm request was sent and there is no speed-up.
 */
export interface CacheKeyResult {
  key: string;
  status: 'ok' | 'cold_failed';
  coldMs: number | null;
  /** With `cold_failed`: the error's kind and first line (e.g. `http_5xx: 500 Internal Server Error`). */
  coldError?: string;
  warm: WarmFigures | null;
  /** coldMs / warm p50; null when either is missing or the warm p50 is 0. */
  speedUp: number | null;
}

/** Cache hits and misses counted by the service while the suite ran (`--scrape`). */
export interface HitRatio {
  /** The metrics endpoint read before and after. */
  source: string;
  hits: number;
  misses: number;
  /** hits / (hits + misses); null when the service counted neither. */
  ratio: number | null;
}

/** `salvo cache --out json=FILE` (docs/suites.md). */
export interface CacheDocument {
  schema: typeof CACHE_SCHEMA;
  version: typeof CACHE_VERSION;
  meta: SuiteMeta & { method: string; warmRequests: number };
  keys: CacheKeyResult[];
  /** Over the keys whose cold request succeeded; null when none did. */
  overall: {
    coldMedianMs: number;
    warmMedianMs: number;
    /** median(cold) / median(warm) with its confidence interval; null when it would divide by zero. */
    speedUp: RatioInterval | null;
  } | null;
  hitRatio: HitRatio | null;
}
