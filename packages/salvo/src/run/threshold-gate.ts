import type { Aggregator } from '../metrics/index.ts';
import type { MetricSummary } from '../outputs/results-document.ts';
import { parseDuration } from '../plan/duration.ts';
import type { Plan } from '../plan/plan.ts';
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

  /** `key: expression` of a crossed abortOnFail threshold, once its delayAbortEval has passed. */
  checkAbort(aggregator: Aggregator, elapsedMs: number): string | undefined {
    if (!this.#set.entries.some((entry) => entry.expressions.some((expression) => expression.abortOnFail))) {
      return undefined;
    }
    const abort = evaluate(this.#set, aggregator, elapsedMs).abort;
    return abort && `${abort.key}: ${abort.expression}`;
  }

  /** The final verdict: whether any threshold failed, and which failed for want of data (`key expression`). */
  evaluate(aggregator: Aggregator, elapsedMs: number): { anyFailed: boolean; noData: readonly string[] } {
    this.#last = evaluate(this.#set, aggregator, elapsedMs);
    return { anyFailed: this.#last.anyFailed, noData: this.#last.noData };
  }

  /** Puts the last evaluation's outcomes on the summary entries. */
  annotate(summaries: Record<string, MetricSummary>): void {
    if (this.#last) annotateSummaries(summaries, this.#set, this.#last);
  }
}
