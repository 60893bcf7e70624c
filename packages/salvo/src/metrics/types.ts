/**
 * The metric model of the runner (records) and the coordinator (merges); what readers of
 * a run see is in results/. Runners record into a `Recorder`; every second the runner takes an
 * `IntervalSnapshot` (plain data, structured-clone safe, so it crosses worker threads
 * and, later, Redis); the coordinator's `Aggregator` merges snapshots exactly.
 */

import type { GeneratorLoad, MetricContains, MetricType, Tags } from '../results/model.ts';

export type { GeneratorLoad, MetricContains, MetricType, Tags };

export interface MetricDef {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
}

/** An interned (metric, tag set) pair: an index into the recorder's tables. */
export type SeriesId = number;

/**
 * The hot-path interface. `series` interns once (call it when a tag set is first seen and
 * cache the id); the other calls are an array index and an add.
 */
export interface Recorder {
  /** Throws for an unknown metric name or a type mismatch with an earlier definition. */
  series(metric: string, tags: Tags): SeriesId;
  /** Defines a custom metric (the built-ins are defined already). Idempotent. */
  define(def: MetricDef): void;
  /** Trend: one observation. For `time` trends: integer microseconds (clamped to 0 .. 1 h). */
  trend(id: SeriesId, value: number): void;
  /** Counter: add `n` (>= 0). */
  count(id: SeriesId, n: number): void;
  /** Rate: one event; `hit` true counts as a pass (a non-zero value in k6's terms). */
  rate(id: SeriesId, hit: boolean): void;
  /** Gauge: the current value. */
  gauge(id: SeriesId, value: number): void;
  /** Keeps the first message seen in this interval for a series (error samples). */
  sample(id: SeriesId, message: string): void;
  /**
   * Ends the current interval: returns what was recorded since the last call and starts a
   * new interval (histograms swapped and reused, counters zeroed; gauges keep their value).
   * Series with nothing recorded in the interval are left out, gauges are always in.
   */
  snapshot(index: number, startMs: number, endMs: number): IntervalSnapshot;
}

/** One series' data for one interval. Exactly one of the payload groups is set, by type. */
export interface SeriesSnapshot {
  readonly metric: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly tags: Tags;
  /**
   * trend: the interval's HDR histogram, HdrHistogram V2 uncompressed (hdr-encoding.ts),
   * values in µs for time: base64 from a worker thread, bytes from a remote runner.
   */
  readonly histogram?: string | Uint8Array;
  /** counter: the sum in the interval. */
  readonly count?: number;
  /** rate: events with hit=true and hit=false in the interval. */
  readonly passes?: number;
  readonly fails?: number;
  /** gauge: value at the end of the interval, min and max within it. */
  readonly value?: number;
  readonly min?: number;
  readonly max?: number;
  /** first sample message of the interval (errors). */
  readonly sample?: string;
}

export interface IntervalSnapshot {
  readonly runnerId: string;
  /** 0-based second of the run (the same index on every runner for the same wall second). */
  readonly index: number;
  /** Epoch milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
  readonly series: readonly SeriesSnapshot[];
  /** The HTTP transports this runner has sent requests through since the start (`lean`, `undici`). */
  readonly transports?: readonly string[];
  /** The runner's own load in the interval; absent from runners that do not measure it. */
  readonly generator?: GeneratorLoad;
}
