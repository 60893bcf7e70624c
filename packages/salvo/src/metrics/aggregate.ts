import type { MetricValues, TrendValues } from '../results/index.ts';
import { BucketCounts } from './bucket-counts.ts';
import { type GaugeValues, mergeGauges, type SeriesTotal } from './totals.ts';
import type { MetricContains, MetricType } from './types.ts';

/** Recorded units per reported unit: µs per ms for `time`, 1 otherwise. */
function reportDivisor(contains: MetricContains): number {
  return contains === 'time' ? 1000 : 1;
}

/** A metric's values over a set of series, as the summary and thresholds read them. */
export interface AggregateValues {
  readonly type: MetricType;
  readonly contains: MetricContains;
  /** k6 summary values by type; trend times in ms. */
  readonly values: MetricValues;
  /** Trends: any percentile (0..100) in reported units; undefined for other types. */
  percentile(percentile: number): number | undefined;
  /** Trends: the merged whole-run counts (recorded units); undefined for other types. */
  readonly histogram: BucketCounts | undefined;
  /** Whether any series matched, i.e. the values are measured rather than zeros. */
  readonly observed: boolean;
}

/** The percentiles every trend summary carries. */
export const SUMMARY_PERCENTILES = [90, 95, 99, 99.9] as const;

/** p(100) is the max: the top of the highest bucket, so no percentile ever exceeds it. */
function trendValues(histogram: BucketCounts, divisor: number): TrendValues {
  const [med, p90, p95, p99, p999, max] = histogram
    .valuesAt([50, ...SUMMARY_PERCENTILES, 100])
    .map((value) => value / divisor) as [number, number, number, number, number, number];
  return {
    count: histogram.totalCount,
    avg: histogram.mean / divisor,
    min: histogram.min / divisor,
    med,
    max,
    'p(90)': p90,
    'p(95)': p95,
    'p(99)': p99,
    'p(99.9)': p999,
  };
}

/**
 * Merges the totals of the series that match a key into one set of values. `gauge`, when
 * given, is the exact reading for the set (the metric-wide gauge); otherwise the matching
 * series' gauges are merged as readings taken at once (exact for one series).
 */
export function aggregate(
  type: MetricType,
  contains: MetricContains,
  totals: readonly SeriesTotal[],
  durationMs: number,
  gauge?: GaugeValues,
): AggregateValues {
  let histogram: BucketCounts | undefined;
  let values: MetricValues;
  if (type === 'trend') {
    const merged = totals.length === 1 && totals[0]!.histogram ? totals[0]!.histogram : new BucketCounts();
    if (merged !== totals[0]?.histogram)
      for (const total of totals) if (total.histogram) merged.add(total.histogram);
    histogram = merged;
    values = trendValues(merged, reportDivisor(contains));
  } else if (type === 'counter') {
    let count = 0;
    for (const total of totals) count += total.count;
    values = { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
  } else if (type === 'rate') {
    let passes = 0;
    let fails = 0;
    for (const total of totals) {
      passes += total.passes;
      fails += total.fails;
    }
    values = { rate: passes + fails > 0 ? passes / (passes + fails) : 0, passes, fails };
  } else {
    const readings = totals.flatMap((total) => (total.gauge ? [total.gauge] : []));
    const merged = gauge ?? mergeGauges(totals[0]?.metric ?? '', readings);
    values = { value: merged?.value ?? 0, min: merged?.min ?? 0, max: merged?.max ?? 0 };
  }
  const divisor = reportDivisor(contains);
  return {
    type,
    contains,
    values,
    histogram,
    percentile: (p) => (histogram ? histogram.valueAt(p) / divisor : undefined),
    observed: totals.length > 0 || gauge !== undefined,
  };
}
