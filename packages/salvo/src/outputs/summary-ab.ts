import type { ResultsDocument, TrendValues } from '../results/index.ts';
import {
  byCodeUnit,
  formatMsShort,
  formatNumber,
  formatPercent,
  type Paint,
  row,
  truncateMiddle,
} from './format.ts';

/**
 * The summary's A/B table (docs/ab.md): a row per request name and target, read from the
 * document's `metric{name:X,target:T}` keys. The verdict per name follows the summary,
 * printed by `salvo run` with compare's statistics.
 */

const HEADER = ['name', 'target', 'reqs', 'share', 'failed', 'p50', 'p95', 'p99'];
const WIDTHS = [30, 6, 8, 7, 8, 8, 8, 8];

export function renderAb(doc: ResultsDocument, paint: Paint): string[] {
  const byTarget = doc.series.byTarget;
  if (!byTarget) return [];
  const targets = Object.keys(byTarget).sort(byCodeUnit);
  const names = [...new Set(targets.flatMap((target) => Object.keys(byTarget[target]!)))].sort(byCodeUnit);
  const lines = [
    `  ${paint('bold', 'A/B')}  ${paint('dim', abLine(doc))}`,
    `  ${paint('bold', row(HEADER, WIDTHS))}`,
  ];
  for (const name of names) {
    const counts = targets.map((target) => requests(doc, name, target));
    const all = counts.reduce((sum, count) => sum + count, 0);
    targets.forEach((target, i) => {
      const key = (metric: string) => `${metric}{name:${name},target:${target}}`;
      const duration = doc.metrics[key('http_req_duration')]?.values as TrendValues | undefined;
      const failed = doc.metrics[key('http_req_failed')]?.values;
      const ms = (value: number | undefined) =>
        value === undefined || !duration?.count ? '-' : formatMsShort(value);
      lines.push(
        `  ${row(
          [
            i === 0 ? truncateMiddle(name, WIDTHS[0]!) : '',
            target,
            formatNumber(counts[i]!),
            all > 0 ? formatPercent(counts[i]! / all) : '-',
            failed && 'passes' in failed ? String(failed.passes) : '-',
            ms(duration?.med),
            ms(duration?.['p(95)']),
            ms(duration?.['p(99)']),
          ],
          WIDTHS,
        )}`,
      );
    });
  }
  return lines;
}

function requests(doc: ResultsDocument, name: string, target: string): number {
  const values = doc.metrics[`http_reqs{name:${name},target:${target}}`]?.values;
  return values && 'count' in values ? values.count : 0;
}

/** `A http://old/ · B http://new/ at 10 %`, from the plan the document carries. */
function abLine(doc: ResultsDocument): string {
  const targets = doc.options.targets as { a?: string; b?: string; share?: number } | undefined;
  if (!targets?.a || !targets.b || targets.share === undefined) return '';
  return `A ${targets.a} · B ${targets.b} at ${formatPercent(targets.share)} of the iterations`;
}
