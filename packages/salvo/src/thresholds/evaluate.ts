import type { AggregateValues, MetricType, SeriesScope } from '../results/index.ts';
import type {
  Operator,
  ThresholdEvaluation,
  ThresholdExpression,
  ThresholdResult,
  ThresholdSet,
} from './types.ts';

/** What evaluation reads: the run handle's whole-run scope (`run.cumulative`), or its `query` alone. */
export type ThresholdSource = Pick<SeriesScope, 'query'>;

const COMPARE: Record<Operator, (actual: number, limit: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/**
 * The value an expression tests, or undefined when no sample reached it ("no data").
 * A count of events is 0 when none happened, so `count` (of a counter or a trend) and a
 * counter's `rate` (events per second) always have a value, as in k6: `errors: count<10`
 * passes a run without errors. Every other aggregation is a statistic of samples — a
 * percentile, an average, the fraction of a rate, a gauge's reading — and none exists
 * without a sample: a p(95) of nothing is not 0.
 */
function actualOf(
  values: AggregateValues | undefined,
  expression: ThresholdExpression,
  type: MetricType,
): number | undefined {
  const { aggregation } = expression;
  const v = values?.values as unknown as Record<string, number> | undefined;
  if (aggregation.kind === 'count' || type === 'counter') return v?.[aggregation.kind] ?? 0;
  if (v === undefined || !values?.observed) return undefined;
  switch (type) {
    case 'trend':
      if (!v.count) return undefined;
      return aggregation.kind === 'p' ? values.percentile(aggregation.percentile) : v[aggregation.kind];
    case 'rate':
      return (v.passes ?? 0) + (v.fails ?? 0) === 0 ? undefined : v.rate;
    case 'gauge':
      return v[aggregation.kind];
  }
}

/**
 * Evaluates every threshold over the run so far. `elapsedMs` is the run's duration so far:
 * counters' rates are per second over it, and abortOnFail waits for delayAbortEval. A
 * threshold no sample reached is "no data": it fails unless it says `allowNoData`, and
 * never aborts (its data may still come).
 *
 * @example
 * const { anyFailed, abort } = evaluate(set, view.run.cumulative, view.elapsedMs);
 */
export function evaluate(set: ThresholdSet, source: ThresholdSource, elapsedMs: number): ThresholdEvaluation {
  const results: Record<string, Record<string, ThresholdResult>> = {};
  const noData: string[] = [];
  let anyFailed = false;
  let abort: ThresholdEvaluation['abort'];
  for (const entry of set.entries) {
    const values = source.query(entry.metric, entry.tags, elapsedMs);
    const byExpression: Record<string, ThresholdResult> = {};
    for (const expression of entry.expressions) {
      const actual = actualOf(values, expression, entry.type);
      if (actual === undefined) {
        byExpression[expression.source] = { ok: expression.allowNoData, noData: true };
        if (expression.allowNoData) continue;
        noData.push(`${entry.key} ${expression.source}`);
        anyFailed = true;
        continue;
      }
      const ok = COMPARE[expression.operator](actual, expression.value);
      byExpression[expression.source] = { ok, actual };
      if (ok) continue;
      anyFailed = true;
      // no abort on a metric nothing has recorded yet (a count reads as 0 until then)
      if (!abort && expression.abortOnFail && values?.observed && elapsedMs >= expression.delayAbortEvalMs) {
        abort = { key: entry.key, expression: expression.source };
      }
    }
    results[entry.key] = byExpression;
  }
  return { results, anyFailed, noData, abort };
}
