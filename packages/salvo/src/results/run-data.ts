import type { CheckEntry, ErrorEntry, GeneratorSection, MetricValues, ResultsSeries } from './document.ts';
import type { MetricContains, MetricType, Tags } from './model.ts';
import type { ServerSection } from './server.ts';

/**
 * The read-only handle on a run's data that every output, the thresholds and the results
 * document read (docs/outputs.md). It wraps the aggregator's own counters and HDR histograms:
 * nothing is copied when it is handed out, so it is cheap to read every second, and what it
 * shows moves on as intervals are merged. Read it when told (`Output.interval`, at the end)
 * or at any time for "now"; copy what you keep.
 */

/**
 * An HDR histogram, read-only. Values are in the series' reported unit: milliseconds for
 * `time` (recorded in µs, so fractions of a ms are exact to the µs), as is for the rest.
 * Percentiles follow HdrHistogram: the highest value equivalent to the bucket reached.
 */
export interface HistogramView {
  readonly count: number;
  /** The lowest value recorded (its bucket's lowest); 0 when empty. */
  readonly min: number;
  /** p(100): the top of the highest bucket, so no percentile exceeds it; 0 when empty. */
  readonly max: number;
  readonly mean: number;
  /** The value at a percentile, 0..100; 0 when empty. */
  percentile(percentile: number): number;
  /** Several percentiles, ascending, in one pass over the buckets. */
  percentiles(percentiles: readonly number[]): number[];
  /**
   * How many values were recorded at or below each of `values` (ascending), in one pass:
   * whole buckets, so a value counts with the edge its bucket holds (as HdrHistogram's
   * getCountBetweenValues(0, value): exact to its precision, 3 significant digits). In
   * reported units (ms for time), like the percentiles. Prometheus' `_bucket{le}` counts
   * and a distribution's bars read this.
   */
  countsAtOrBelow(values: readonly number[]): number[];
  /** HdrHistogram's standard compressed base64 encoding ("HISTF..."), recorded units (µs for time). */
  encode(): string;
}

/** A gauge's reading: the value last seen, with the lowest and highest. */
export interface GaugeReading {
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

/** One (metric, tag set) series. Only the fields of its type carry data; the others are 0. */
export interface SeriesView {
  /** As users write it: `metric` or `metric{k:v,...}`. */
  readonly key: string;
  readonly metric: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly tags: Tags;
  /** counter: the sum. */
  readonly count: number;
  /** rate: events with hit=true (passes) and hit=false (fails). */
  readonly passes: number;
  readonly fails: number;
  /** gauge: its reading (merged across runners); undefined for other types. */
  readonly gauge: GaugeReading | undefined;
  /** trend: its histogram; undefined for other types. */
  readonly histogram: HistogramView | undefined;
}

/** A metric's values over a set of series (a tag filter), as the summary and thresholds read them. */
export interface AggregateValues {
  readonly type: MetricType;
  readonly contains: MetricContains;
  /** k6 summary values by type; trend times in ms. */
  readonly values: MetricValues;
  /** Trends: any percentile (0..100) in reported units; undefined for other types. */
  percentile(percentile: number): number | undefined;
  /** Trends: the merged histogram; undefined for other types. */
  readonly histogram: HistogramView | undefined;
  /** Whether any series matched, i.e. the values are measured rather than zeros. */
  readonly observed: boolean;
}

/** A tag set a threshold (or a reader) asks about: every series whose tags include these pairs. */
export interface TagSetRef {
  readonly metric: string;
  /** In the order the user wrote them: the summary key prints them so. */
  readonly tags: Tags;
}

/** The series of one span of the run: the interval merged last, or the whole run so far. */
export interface SeriesScope {
  /** How long the span is: a counter's `rate` in `query` is per second over it. */
  readonly durationMs: number;
  /** Every series with data in the span (gauges: every one known), in the order first seen. */
  series(): IterableIterator<SeriesView>;
  /**
   * The values over every series of `metric` whose tags include `tags` (all of them for
   * `{}`); undefined for a metric Salvo does not know. A counter's rate is per second over
   * `durationMs` (the span's own by default).
   *
   * @example
   * run.cumulative.query('http_req_duration', { name: '/post/:id' })?.percentile(99);
   */
  query(metric: string, tags?: Tags, durationMs?: number): AggregateValues | undefined;
}

/** The whole handle: both spans, the per-second columns, and the run's lists. */
export interface RunData {
  /** The interval merged last (what `Output.interval` was just told about). */
  readonly interval: SeriesScope;
  /** The whole run so far, late snapshots included. */
  readonly cumulative: SeriesScope;
  /**
   * The per-second series so far (the results document's `series`): one entry a second in
   * every column, appended as intervals merge. Read-only: it is the aggregator's own.
   */
  readonly columns: ResultsSeries;
  /** Errors by kind and name (script errors by message and location), most first. */
  errors(): ErrorEntry[];
  checks(): CheckEntry[];
  /** Every HTTP transport any runner sent requests through, in name order. */
  transports(): string[];
  /** The runners' own load: each one's busiest interval and where it was saturated. */
  generator(): GeneratorSection;
  /**
   * The service's metrics scraped so far (`--scrape`), undefined when the run scrapes none:
   * the live section itself (points appended as scrapes land), so read it with
   * `serverTail` to send only what is new.
   */
  server(): ServerSection | undefined;
}
