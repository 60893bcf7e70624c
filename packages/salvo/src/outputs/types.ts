import type { IntervalView, ResultsDocument, RunMeta, ThresholdStates } from '../results/index.ts';

/**
 * One output: the summary table, the live progress line, json, csv, and later the
 * dashboard, Prometheus and the HTML report (docs/outputs.md). Three calls every output
 * has; what only some need are optional methods the coordinator calls when present, as
 * k6's optional output interfaces do. `interval` must not block: an output that does I/O
 * queues it and finishes it in `end`.
 */
export interface Output {
  readonly name: string;
  /** The default end-of-test summary: a test's `onSummary` replaces it (k6's handleSummary), its `end` is then not called. */
  readonly defaultSummary?: boolean;
  /** Before the load starts; a rejection (a file that cannot be written) fails the run first. */
  start(meta: RunMeta): void | Promise<void>;
  /** Each merged second, in order; `view.run` is the read-only handle on the whole run. */
  interval(view: IntervalView): void;
  /** Called once, also after Ctrl-C or an abort; the document's meta.outcome says which. */
  end(results: ResultsDocument): void | Promise<void>;
  /**
   * Optional: the thresholds as evaluated over the run so far, after each `interval` (the
   * plan's thresholds are evaluated each second only when an output asks or one aborts).
   */
  thresholds?(states: ThresholdStates, view: IntervalView): void;
  /**
   * Optional: once the runners are ready, a way to stop the run from the output (a
   * dashboard's stop button). The run ends as `interrupted` with `reason`, as on Ctrl-C.
   */
  control?(run: RunControl): void;
}

/** What an output may do to the run it watches. */
export interface RunControl {
  /** 'graceful': running iterations get their gracefulStop; 'hard': they are interrupted. */
  stop(mode: 'graceful' | 'hard', reason: string): void;
}
