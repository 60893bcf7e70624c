import type { GeneratorLoad } from './model.ts';

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
}

/** The merged view of one second of the run, across all runners. */
export interface IntervalView {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly elapsedMs: number;
  readonly vus: number;
  readonly vusMax: number;
  /** Totals for the interval, and per request name. */
  readonly total: IntervalFigures;
  readonly byName: ReadonlyMap<string, IntervalFigures>;
  readonly droppedIterations: number;
  readonly iterations: number;
  /** The runners' own load this second; absent when no runner measured it. */
  readonly generator?: IntervalGenerator;
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
