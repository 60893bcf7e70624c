import { painter, row, truncateMiddle } from '../../outputs/format.ts';
import type { CompareReport } from './compare-runs.ts';
import {
  changePointText,
  changeText,
  FIGURE_LABELS,
  figureValue,
  intervalText,
  pText,
} from './figures-text.ts';
import type { Verdict } from './judge.ts';

const HEADER = ['name', 'figure', 'baseline', 'candidate', 'change', '95% interval', 'p', 'verdict'];
const NAME_WIDTH = 28;

/** `salvo compare`'s terminal table: one block per comparison, a row per name and figure. */
export function renderCompare(report: CompareReport, color: boolean): string {
  const paint = painter(color);
  const verdictStyle = (verdict: Verdict) =>
    verdict === 'regressed'
      ? paint('red', verdict)
      : verdict === 'improved'
        ? paint('green', verdict)
        : verdict;
  const lines: string[] = [];
  const { tolerance, errorTolerance } = report.rules;
  lines.push(
    `tolerance ${(tolerance * 100).toFixed(1)}% (latency, req/s), ${(errorTolerance * 100).toFixed(2)}pt (errors); ` +
      'verdict: Mann-Whitney on per-second figures + bootstrap interval (docs/compare.md)',
  );
  for (const comparison of report.comparisons) {
    lines.push('', paint('bold', `baseline ${comparison.baseline}  →  candidate ${comparison.candidate}`));
    const rows = [HEADER];
    for (const { name, figures } of comparison.names) {
      figures.forEach((figure, i) => {
        rows.push([
          i === 0 ? truncateMiddle(name, NAME_WIDTH) : '',
          FIGURE_LABELS[figure.figure],
          figureValue(figure.figure, figure.baseline),
          figureValue(figure.figure, figure.candidate),
          changeText(figure.figure, figure.change),
          intervalText(figure),
          pText(figure.pValue),
          figure.verdict,
        ]);
      });
    }
    const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
    rows.forEach((cells, i) => {
      // padding on the plain text, colour after: escape codes have no width
      const text = row(cells, widths);
      lines.push(
        i === 0
          ? paint('dim', text)
          : text.replace(/(regressed|improved)$/, (v) => verdictStyle(v as Verdict)),
      );
    });
    if (comparison.onlyBaseline.length > 0)
      lines.push(`only in the baseline: ${comparison.onlyBaseline.join(', ')}`);
    if (comparison.onlyCandidate.length > 0)
      lines.push(`only in the candidate: ${comparison.onlyCandidate.join(', ')}`);
  }
  for (const { run, points } of report.changePoints) {
    lines.push('', paint('bold', `change points in ${run}`));
    for (const point of points) lines.push(`  ${changePointText(point)}`);
  }
  lines.push(
    '',
    report.regressed ? paint('red', 'regressed beyond the tolerance') : 'no regression beyond the tolerance',
  );
  return `${lines.join('\n')}\n`;
}
