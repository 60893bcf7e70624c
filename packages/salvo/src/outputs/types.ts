import type { IntervalView, ResultsDocument, RunMeta } from '../results/index.ts';

/**
 * One output: the summary table, the live progress line, json, csv, and later the
 * dashboard, Prometheus and the HTML report. `interval` must not block: an output that
 * does I/O queues it and finishes it in `end`.
 */
export interface Output {
  readonly name: string;
  start(meta: RunMeta): void | Promise<void>;
  interval(view: IntervalView): void;
  /** Called once, also after Ctrl-C or an abort; the document's meta.outcome says which. */
  end(results: ResultsDocument): void | Promise<void>;
}
