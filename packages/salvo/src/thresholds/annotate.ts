import { displayKey, type MetricSummary } from '../results/index.ts';
import type { ThresholdEvaluation, ThresholdSet } from './types.ts';

/**
 * Puts each threshold's outcome on its summary entry (`thresholds: { "p(95)<500": { ok, actual } }`,
 * or `{ ok, noData: true }` when no sample reached it),
 * as k6's summary data has it. The summary key is the canonical `metric{k:v}` form, so a key
 * the user wrote with spaces still lands on its entry.
 */
export function annotateSummaries(
  summaries: Record<string, MetricSummary>,
  set: ThresholdSet,
  evaluation: ThresholdEvaluation,
): void {
  for (const entry of set.entries) {
    const summary = summaries[displayKey(entry.metric, entry.tags)];
    const results = evaluation.results[entry.key];
    if (!summary || !results) continue;
    summary.thresholds ??= {};
    for (const [source, result] of Object.entries(results)) {
      summary.thresholds[source] = result.noData
        ? { ok: result.ok, noData: true }
        : { ok: result.ok, actual: result.actual };
    }
  }
}
