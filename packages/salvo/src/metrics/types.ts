/**
 * The metric model shared by the runner (records), the coordinator (merges) and the
 * outputs (render). Runners record into a `Recorder`; every second the runner takes an
 * `IntervalSnapshot` (plain data, structured-clone safe, so it crosses worker threads
 * and, later, Redis); the coordinator's `Aggregator` merges snapshots exactly.
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** `time`: trend values recorded in integer microseconds, reported in milliseconds. */
export type MetricContains = 'time' | 'data' | 'default';

export interface MetricDef {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
}

export type Tags = Readonly<Record<string, string>>;

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
  /** trend: the interval's HDR histogram, compressed base64 ("HISTF..."), values in µs for time. */
  readonly histogram?: string;
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

/**
 * How hard one runner's own thread worked in one interval: plain data beside the metrics,
 * measured once an interval (run/generator-meter.ts), never per request.
 */
export interface GeneratorLoad {
  /** How late the event loop ran a timer, ms: the interval's 99th percentile and maximum. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** Event-loop utilisation, 0..1: the share of the interval the loop was not idle. */
  readonly elu: number;
  /** CPU time of the runner's thread per wall second: 1 is one core fully busy. */
  readonly cpu: number;
  /**
   * The share of the interval the thread was ready to run but waited for a CPU (Linux;
   * absent elsewhere): high when the machine's cores are busy with other work.
   */
  readonly cpuWait?: number;
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
