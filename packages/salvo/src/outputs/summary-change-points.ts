import type { ChangePoint, ResultsDocument } from '../results/index.ts';
import { formatMsShort, formatPercent, type Paint, truncateMiddle } from './format.ts';

/** The summary's CHANGE POINTS: the seconds where p95 or the error rate moved to a new level. */

const MAX_ROWS = 12;

export function renderChangePoints(doc: ResultsDocument, paint: Paint): string[] {
  const points = doc.changePoints ?? [];
  if (points.length === 0) return [];
  const lines = [
    `  ${paint('bold', 'CHANGE POINTS')}  ${paint('dim', '(PELT on per-second p95 and error rate)')}`,
  ];
  for (const point of points.slice(0, MAX_ROWS)) lines.push(`  ${changePointLine(point, paint)}`);
  if (points.length > MAX_ROWS) {
    lines.push(paint('dim', `  … and ${points.length - MAX_ROWS} more (all in --out json)`));
  }
  return lines;
}

function changePointLine(point: ChangePoint, paint: Paint): string {
  const at = `${Math.round(point.atMs / 1000)}s`.padStart(6);
  const name = truncateMiddle(point.name ?? 'all requests', 26).padEnd(26);
  const what = (point.series === 'error_rate' ? 'error rate' : 'p95').padEnd(10);
  const value = (v: number) => (point.series === 'error_rate' ? formatPercent(v) : formatMsShort(v));
  const worse = point.after > point.before;
  return `${at}  ${name} ${what} ${value(point.before)} → ${paint(worse ? 'red' : 'green', value(point.after))}`;
}
