import type { FaultsSection } from './faults.ts';
import type { ServerSection } from './server.ts';

/**
 * The results document (`--out json=FILE`), version 1: the contract between the engine and
 * every reader of a finished run (report, compare, cluster merges, CI scripts).
 * Documented in docs/results.md with a JSON Schema in docs/results.schema.json.
 * Its `metrics` map has the shape of k6's end-of-test summary data.
 */

export const RESULTS_SCHEMA = 'salvo/results';
export const RESULTS_VERSION = 1;

/** How a run ended; each has one exit code (errors.ts OUTCOME_EXIT_CODES, docs/cli.md). */
export type Outcome =
  | 'passed'
  | 'thresholds_crossed'
  | 'aborted'
  | 'nothing_succeeded'
  | 'interrupted'
  | 'runner_failed';

export interface ResultsMeta {
  salvoVersion: string;
  node: string;
  host: string;
  testId: string;
  test: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: Outcome;
  exitCode: 0 | 2 | 99;
  transport: 'lean' | 'undici' | 'h2' | 'mixed' | 'none';
  runners: { id: string; kind: 'main' | 'thread' | 'remote'; segment: string }[];
  /** Why the run ended as it did, when not passed (abortOnFail threshold, signal, nothing succeeded, runner error). */
  reason?: string;
}

/** k6 summary-data `values` by metric type. Times in milliseconds (floats). */
export type MetricValues =
  | TrendValues
  | { count: number; rate: number }
  | { rate: number; passes: number; fails: number }
  | { value: number; min: number; max: number };

export interface TrendValues {
  count: number;
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
  'p(99.9)': number;
  [percentile: string]: number;
}

export interface MetricSummary {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'time' | 'data' | 'default';
  values: MetricValues;
  /**
   * Each expression's outcome and the value it tested (ms for times). `noData`: no sample
   * reached the threshold, so there is no value (`ok` only when the threshold allows it).
   */
  thresholds?: Record<string, ThresholdOutcome>;
}

/** One threshold expression's outcome: `actual` is the value it tested; `noData` when none reached it. */
export interface ThresholdOutcome {
  ok: boolean;
  actual?: number;
  noData?: true;
}

/** Every threshold's outcome as evaluated: by threshold key as written, then by expression. */
export type ThresholdStates = Readonly<Record<string, Readonly<Record<string, ThresholdOutcome>>>>;

export interface ErrorEntry {
  kind: string;
  name: string;
  count: number;
  sample: string;
  /** Script errors: the first line of the message, the group's key with `location`. */
  message?: string;
  /** Script errors: file:line:col of the first frame in the user's code ('' when unknown). */
  location?: string;
  /** Injected by the run's fault proxy: the fault's kind (docs/proxy.md). Absent: a real failure. */
  fault?: string;
}

export interface CheckEntry {
  name: string;
  passes: number;
  fails: number;
}

/**
 * Per-second series, columnar: `t` holds each second's start (ms since the run's start);
 * every other array has one entry per second. `total` is the whole run, `byName` per
 * request name. Latency columns are ms, null in a second without requests.
 */
export interface SeriesBlock {
  requests: number[];
  failures: number[];
  /**
   * Of `failures`, those the fault proxy injected (docs/proxy.md): present from the first
   * second with one (earlier seconds back-filled with 0); `failures - injectedFailures` are real.
   */
  injectedFailures?: number[];
  errors: Record<string, number[]>;
  p50: (number | null)[];
  p90: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  max: (number | null)[];
  /** Open-model runs only: response_time percentiles from the intended start. */
  responseTime?: {
    p50: (number | null)[];
    p90: (number | null)[];
    p95: (number | null)[];
    p99: (number | null)[];
    max: (number | null)[];
  };
  bytesSent: number[];
  bytesReceived: number[];
}

export interface ResultsSeries {
  t: number[];
  vus: number[];
  droppedIterations: number[];
  iterations: number[];
  total: SeriesBlock;
  byName: Record<string, SeriesBlock>;
  /** A/B runs only (docs/ab.md): per target (`A`, `B`), per request name, columns as in `byName`. */
  byTarget?: Record<string, Record<string, SeriesBlock>>;
  generator: GeneratorColumns;
}

/**
 * The load generator's own load each second, the busiest runner figure by figure (null in
 * a second no runner measured); `saturated` marks the seconds of a saturated stretch,
 * whose latencies include the generator's own delay.
 */
export interface GeneratorColumns {
  eventLoopDelayP99Ms: (number | null)[];
  eventLoopDelayMaxMs: (number | null)[];
  elu: (number | null)[];
  cpu: (number | null)[];
  /** Linux only (null elsewhere): the share of the second the thread waited for a core. */
  cpuWait: (number | null)[];
  saturated: boolean[];
}

export type SaturationReason = 'elu' | 'cpu' | 'cpu_wait' | 'event_loop_delay';

/** A runner's load, each figure at its highest over some intervals. */
export interface GeneratorPeak {
  /** Event-loop utilisation, 0..1. */
  elu: number;
  /** CPU of the runner's thread: 1 is one core. */
  cpu: number;
  /** Linux only: the share of the interval the thread was ready to run but waited for a core. */
  cpuWait?: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

/** Seconds in which a runner was saturated; times in ms from the run's start. */
export interface SaturatedStretch {
  runner: string;
  fromMs: number;
  toMs: number;
  /** The limits reached (see `GeneratorSection.limits`). */
  reasons: SaturationReason[];
  peak: GeneratorPeak;
}

/** Whether the load generator itself was the bottleneck, and when (docs/results.md). */
export interface GeneratorSection {
  /** An interval at any of these is saturated; this many in a row make a stretch. */
  limits: {
    elu: number;
    cpu: number;
    cpuWait: number;
    eventLoopDelayP99Ms: number;
    consecutiveIntervals: number;
  };
  /** Each runner's busiest interval, by runner id. */
  runners: Record<string, GeneratorPeak>;
  /** Empty when the generator had room all along. */
  saturated: SaturatedStretch[];
}

/**
 * A second where a per-second series shifted to a new level (PELT; docs/results.md#changepoints):
 * `p95` is http_req_duration's per-second p95 in ms, `error_rate` failures over requests.
 */
export interface ChangePoint {
  series: 'p95' | 'error_rate';
  /** The request name; absent for the whole run. */
  name?: string;
  /** The first second of the new level: ms since the run's start (an entry of `series.t`). */
  atMs: number;
  /** The series' median over the stretch before and the stretch after. */
  before: number;
  after: number;
}

export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  version: typeof RESULTS_VERSION;
  meta: ResultsMeta;
  /** The normalized plan: scenarios with executor configs (functions left out), thresholds, http defaults. */
  options: Record<string, unknown>;
  metrics: Record<string, MetricSummary>;
  errors: ErrorEntry[];
  checks: CheckEntry[];
  series: ResultsSeries;
  generator: GeneratorSection;
  /** Whole-run HDR histograms (µs), compressed base64, keyed like `metrics`, for trends. */
  histograms: Record<string, string>;
  /** The service's own metrics (`--scrape URL`), when the run scraped any (results/server.ts). */
  server?: ServerSection;
  /** Where latency or the error rate shifted during the run, in time order (absent in documents from a Salvo before it). */
  changePoints?: ChangePoint[];
  /** What the run's fault proxy injected, when the test has `faults` (results/faults.ts). */
  faults?: FaultsSection;
}
