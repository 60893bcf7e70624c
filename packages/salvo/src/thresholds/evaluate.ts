import type { AggregateValues, Tags } from '../metrics/index.ts';
import type {
  Operator,
  ThresholdEvaluation,
  ThresholdExpression,
  ThresholdResult,
  ThresholdSet,
} from './types.ts';

/** What evaluation reads: the aggregator's `query`. */
export interface ThresholdSource {
  query(metric: string, tags: Tags, durationMs: number): AggregateValues | undefined;
}

const COMPARE: Record<Operator, (actual: number, limit: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** The aggregation's value; a metric without data reads as 0 (count 0, rate 0, p(N) 0). */
function actualOf(values: AggregateValues | undefined, expression: ThresholdExpression): number {
  if (!values) return 0;
  const { aggregation } = expression;
  if (aggregation.kind === 'p') return values.percentile(aggregation.percentile) ?? 0;
  return (values.values as unknown as Record<string, number>)[aggregation.kind] ?? 0;
}

/**
 * Evaluates every threshold over the run so far. `elapsedMs` is the run's duration so far:
 * counters' rates are per second over it, and abortOnFail waits for delayAbortEval.
 *
 * @example
 * const { anyFailed, abort } = evaluate(set, aggregator, view.elapsedMs);
 */
export function evaluate(set: ThresholdSet, source: ThresholdSource, elapsedMs: number): ThresholdEvaluation {
  const results: Record<string, Record<string, ThresholdResult>> = {};
  let anyFailed = false;
  let abort: ThresholdEvaluation['abort'];
  for (const entry of set.entries) {
    const values = source.query(entry.metric, entry.tags, elapsedMs);
    const byExpression: Record<string, ThresholdResult> = {};
    for (const expression of entry.expressions) {
      const actual = actualOf(values, expression);
      const ok = COMPARE[expression.operator](actual, expression.value);
      byExpression[expression.source] = { ok, actual };
      if (ok) continue;
      anyFailed = true;
      // no abort on a metric nothing has recorded yet (its values read as 0)
      if (!abort && expression.abortOnFail && values?.observed && elapsedMs >= expression.delayAbortEvalMs) {
        abort = { key: entry.key, expression: expression.source };
      }
    }
    results[entry.key] = byExpression;
  }
  return { results, anyFailed, abort };
}
