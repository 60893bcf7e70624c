import type { MetricSummary, MetricValues } from './document.ts';
import { displayKey } from './keys.ts';
import type { Tags } from './model.ts';
import type { HistogramView, SeriesScope, TagSetRef } from './run-data.ts';

/** The results document's `metrics` map and `histograms`, read from the run handle. */

interface SummaryRef extends TagSetRef {
  readonly key: string;
}

/** Metrics that get one summary key per request name (`metric{name:VALUE}`). */
function perName(metric: string): boolean {
  return metric.startsWith('http_') || metric === 'response_time';
}

/** Metrics whose values per one tag get keys of their own (`streams{outcome:error}`). */
const PER_TAG: Readonly<Record<string, string>> = {
  streams: 'outcome',
  ws_sessions: 'outcome',
  llm_requests: 'tokens_from',
};

/**
 * The summary keys: one per metric with data, one per request name for the http_* metrics
 * and response_time, one per value of the tag PER_TAG names, and one per tag set asked for. Checks have no per-check keys: the
 * document's `checks` list has them (a threshold on `checks{check:NAME}` adds its key).
 */
function summaryRefs(scope: SeriesScope, tagSets: readonly TagSetRef[]): SummaryRef[] {
  const refs = new Map<string, SummaryRef>();
  const add = (metric: string, tags: Tags) => {
    const key = displayKey(metric, tags);
    if (!refs.has(key)) refs.set(key, { key, metric, tags });
  };
  for (const series of scope.series()) {
    add(series.metric, {});
    const name = series.tags.name;
    if (name !== undefined && perName(series.metric)) add(series.metric, { name });
    const tag = PER_TAG[series.metric];
    const value = tag === undefined ? undefined : series.tags[tag];
    if (tag !== undefined && value !== undefined) add(series.metric, { [tag]: value });
  }
  for (const ref of tagSets) add(ref.metric, ref.tags);
  return [...refs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The k6-style summary map of a scope (the document's `metrics`): counter rates are per
 * second over `durationMs`; `tagSets` (the thresholds', the metrics always reported) add keys;
 * each trend gets `p(N)` for each of `percentiles` beside its own set (summaryTrendStats).
 *
 * @example
 * const metrics = metricSummaries(run.cumulative, durationMs, gate.tagSets);
 */
export function metricSummaries(
  scope: SeriesScope,
  durationMs: number,
  tagSets: readonly TagSetRef[] = [],
  percentiles: readonly number[] = [],
): Record<string, MetricSummary> {
  const summaries: Record<string, MetricSummary> = {};
  const ascending = [...percentiles].sort((a, b) => a - b);
  for (const ref of summaryRefs(scope, tagSets)) {
    const values = scope.query(ref.metric, ref.tags, durationMs);
    if (!values) continue;
    summaries[ref.key] = {
      type: values.type,
      contains: values.contains,
      values: values.histogram ? withPercentiles(values.values, values.histogram, ascending) : values.values,
    };
  }
  return summaries;
}

/** A trend's values with `p(N)` added for each percentile (ascending) it does not have yet. */
function withPercentiles(
  values: MetricValues,
  histogram: HistogramView,
  percentiles: readonly number[],
): MetricValues {
  if (percentiles.length === 0) return values;
  const figures: Record<string, number> = { ...values };
  const read = histogram.percentiles(percentiles);
  percentiles.forEach((percentile, i) => {
    figures[`p(${percentile})`] ??= read[i]!;
  });
  return figures as MetricValues;
}

/** The histograms (recorded units, µs for time) of the trend keys of the summary, encoded. */
export function encodedHistograms(
  scope: SeriesScope,
  tagSets: readonly TagSetRef[] = [],
): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const ref of summaryRefs(scope, tagSets)) {
    const histogram = scope.query(ref.metric, ref.tags, 0)?.histogram;
    if (histogram && histogram.count > 0) encoded[ref.key] = histogram.encode();
  }
  return encoded;
}
