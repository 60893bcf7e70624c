/**
 * `salvo compare`: runs (or the targets of an A/B run) against a baseline, per request name,
 * with a verdict that accounts for run-to-run noise (docs/compare.md).
 *
 * @example
 * const report = compareRuns([{ file: 'a.json', doc: a }, { file: 'b.json', doc: b }], DEFAULT_RULES);
 * process.stdout.write(renderCompare(report, false));
 */
export { type CompareReport, type Comparison, compareRuns, type RunInput } from './compare-runs.ts';
export { renderCompareHtml } from './html.ts';
export {
  DEFAULT_RULES,
  FIGURES,
  type Figure,
  type FigureComparison,
  type JudgeRules,
  type Verdict,
} from './judge.ts';
export { renderCompare } from './table.ts';
