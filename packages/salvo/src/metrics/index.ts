/**
 * Metrics: the runner's recorder (HDR histograms and counters by interned series id) and
 * the coordinator's aggregator (exact merges, totals, the per-second series, and the
 * read-only run handle in `aggregator.data`).
 *
 * @example
 * const recorder = createRecorder('t0');
 * const id = recorder.series('http_req_duration', { name: '/post/:id' });
 * recorder.trend(id, 1250); // µs
 * const aggregator = createAggregator();
 * const view = aggregator.addInterval([recorder.snapshot(0, startMs, startMs + 1000)]);
 */
export { SUMMARY_PERCENTILES } from './aggregate.ts';
export type { Aggregator, IntervalFrame } from './aggregator.ts';
export { createAggregator } from './aggregator.ts';
export { bucketHighest, HIGHEST_TRACKABLE } from './bucket-counts.ts';
export type { BuiltinMetricName } from './catalogue.ts';
export { BUILTIN_METRICS, CORE_METRICS, OPEN_MODEL_METRICS } from './catalogue.ts';
export { MAX_SCRIPT_ERROR_GROUPS, OTHER_SCRIPT_ERRORS } from './error-entries.ts';
export { decodeHistogram } from './hdr-encoding.ts';
export { createRecorder } from './recorder.ts';
export { seriesKey, tagsInclude } from './tags.ts';
export type {
  IntervalSnapshot,
  MetricContains,
  MetricDef,
  MetricType,
  Recorder,
  SeriesId,
  SeriesSnapshot,
  Tags,
} from './types.ts';
