import type { GeneratorLoad } from './model.ts';
import type { RunData } from './run-data.ts';

/** What an output knows when a run starts. */
export interface RunMeta {
  readonly testId: string;
  readonly test: string;
  readonly startedAt: string;
  /** Planned length of the run in ms (longest scenario end incl. graceful stop), if known. */
  readonly plannedDurationMs: number | undefined;
  /**
   * What ends the run (default `time`: `plannedDurationMs` gives an ETA). `iterations`: every
   * scenario ends after a count of iterations, `plannedIterations` in all, and
   * `plannedDurationMs` is only their maxDuration bound; `either`: a mix, only the bound known.
   */
  readonly endsBy?: 'time' | 'iterations' | 'either';
  readonly plannedIterations?: number;
  readonly scenarios: readonly string[];
  /** The normalized plan, as the results document's `options` has it (a live page shows it). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * One second of the run, merged across all runners: the figures the progress line, the CSV
 * and the per-second columns show (`http_req_duration` and `response_time` percentiles,
 * requests, failures, errors by kind, bytes), and `run`, the handle on everything else.
 */
export interface IntervalView {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly elapsedMs: number;
  readonly vus: number;
  readonly vusMax: number;
  /** Totals for the interval, and per request name (names with data in this interval). */
  readonly total: IntervalFigures;
  /** No prototype: a request named "constructor" is just a name. */
  readonly byName: Readonly<Record<string, IntervalFigures>>;
  /** A/B runs (docs/ab.md): per target, per request name (those with data in this interval). */
  readonly byTarget?: Readonly<Record<string, Readonly<Record<string, IntervalFigures>>>>;
  readonly droppedIterations: number;
  readonly iterations: number;
  /** The runners' own load this second; absent when no runner measured it. */
  readonly generator?: IntervalGenerator;
  /**
   * The read-only handle on the run's data (run-data.ts): every series of this interval and
   * of the run so far, with counters and HDR histograms. The same object every interval.
   */
  readonly run: RunData;
}

export interface IntervalGenerator {
  /** The busiest runner's figures (each at its highest across runners). */
  readonly load: GeneratorLoad;
  /** Runners saturated as of this second (at a limit for enough seconds in a row). */
  readonly saturated: readonly string[];
}

export interface IntervalFigures {
  readonly requests: number;
  readonly failures: number;
  /** Of `failures`, those the fault proxy injected (docs/proxy.md); absent when none. */
  readonly injectedFailures?: number;
  /** Errors by kind in this interval. */
  readonly errors: Readonly<Record<string, number>>;
  /** http_req_duration percentiles in ms (undefined with no requests). */
  readonly duration: LatencyFigures | undefined;
  /** response_time (open model) in ms, undefined in closed-model intervals. */
  readonly responseTime: LatencyFigures | undefined;
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

export interface LatencyFigures {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}
