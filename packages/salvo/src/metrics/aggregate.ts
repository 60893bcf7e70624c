import type { AggregateValues, HistogramView, MetricValues, TrendValues } from '../results/index.ts';
import { BucketCounts } from './bucket-counts.ts';
import { CountsView } from './histogram-view.ts';
import type { ScopedSeries } from './series-views.ts';
import { type GaugeValues, mergeGauges, reportDivisor } from './totals.ts';
import type { MetricContains, MetricType } from './types.ts';

/** The percentiles every trend summary carries. */
export const SUMMARY_PERCENTILES = [90, 95, 99, 99.9] as const;

/** p(100) is the max: the top of the highest bucket, so no percentile ever exceeds it. */
function trendValues(histogram: HistogramView): TrendValues {
  const [med, p90, p95, p99, p999, max] = histogram.percentiles([50, ...SUMMARY_PERCENTILES, 100]) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    count: histogram.count,
    avg: histogram.mean,
    min: histogram.min,
    med,
    max,
    'p(90)': p90,
    'p(95)': p95,
    'p(99)': p99,
    'p(99.9)': p999,
  };
}

/** One series' histogram as it is; several merged into new counts (the series' own stay untouched). */
function mergedHistogram(matching: readonly ScopedSeries[], contains: MetricContains): HistogramView {
  const only = matching.length === 1 ? matching[0]!.histogram : undefined;
  if (only) return only;
  const merged = new BucketCounts();
  for (const series of matching) series.histogram?.addTo(merged);
  return new CountsView(merged, reportDivisor(contains));
}

/**
 * Merges the series that match a key into one set of values. `gauge`, when given, is the
 * exact reading for the set (the metric-wide gauge); otherwise the matching series' gauges
 * are merged as readings taken at once (exact for one series).
 */
export function aggregate(
  type: MetricType,
  contains: MetricContains,
  matching: readonly ScopedSeries[],
  durationMs: number,
  gauge?: GaugeValues,
): AggregateValues {
  let histogram: HistogramView | undefined;
  let values: MetricValues;
  if (type === 'trend') {
    histogram = mergedHistogram(matching, contains);
    values = trendValues(histogram);
  } else if (type === 'counter') {
    let count = 0;
    for (const series of matching) count += series.count;
    values = { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
  } else if (type === 'rate') {
    let passes = 0;
    let fails = 0;
    for (const series of matching) {
      passes += series.passes;
      fails += series.fails;
    }
    values = { rate: passes + fails > 0 ? passes / (passes + fails) : 0, passes, fails };
  } else {
    const readings = matching.flatMap((series) => (series.gauge ? [series.gauge] : []));
    const merged = gauge ?? mergeGauges(matching[0]?.metric ?? '', readings);
    values = { value: merged?.value ?? 0, min: merged?.min ?? 0, max: merged?.max ?? 0 };
  }
  return {
    type,
    contains,
    values,
    histogram,
    percentile: (p) => histogram?.percentile(p),
    observed: matching.length > 0 || gauge !== undefined,
  };
}
