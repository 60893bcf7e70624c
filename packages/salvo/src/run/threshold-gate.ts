import { parseDuration } from '../plan/duration.ts';
import type { Plan } from '../plan/plan.ts';
import type { MetricSummary, RunData, ThresholdStates } from '../results/index.ts';
import {
  annotateSummaries,
  evaluate,
  parseThresholds,
  type ThresholdEvaluation,
  type ThresholdSet,
} from '../thresholds/index.ts';

/**
 * The plan's thresholds during a run: parsed before it starts (a bad expression is a
 * usage error), checked each second for abortOnFail, evaluated once more at the end.
 */
export class ThresholdGate {
  readonly #set: ThresholdSet;
  #last: ThresholdEvaluation | undefined;

  constructor(thresholds: Plan['thresholds'], customMetrics: Plan['metrics'] = []) {
    this.#set = parseThresholds(thresholds, (value) => parseDuration(value, 'delayAbortEval'), customMetrics);
  }

  /** The tag sets the thresholds name: the summary and histograms get a key for each. */
  get tagSets(): ThresholdSet['tagSets'] {
    return this.#set.tagSets;
  }

  /** Whether a crossed threshold aborts the run (so they are evaluated every second). */
  get abortsOnFail(): boolean {
    return this.#set.entries.some((entry) => entry.expressions.some((expression) => expression.abortOnFail));
  }

  /**
   * The thresholds over the run so far, during it: each expression's outcome, and
   * `key: expression` of a crossed abortOnFail threshold once its delayAbortEval has passed.
   */
  live(run: RunData, elapsedMs: number): { states: ThresholdStates; abort: string | undefined } {
    const { results, abort } = evaluate(this.#set, run.cumulative, elapsedMs);
    return { states: results, abort: abort && `${abort.key}: ${abort.expression}` };
  }

  /** The final verdict: whether any threshold failed, and which failed for want of data (`key expression`). */
  evaluate(run: RunData, elapsedMs: number): { anyFailed: boolean; noData: readonly string[] } {
    this.#last = evaluate(this.#set, run.cumulative, elapsedMs);
    return { anyFailed: this.#last.anyFailed, noData: this.#last.noData };
  }

  /** Puts the last evaluation's outcomes on the summary entries. */
  annotate(summaries: Record<string, MetricSummary>): void {
    if (this.#last) annotateSummaries(summaries, this.#set, this.#last);
  }
}
