import type { ResultsDocument } from '../results/index.ts';
import {
  byCodeUnit,
  formatNumber,
  formatPercent,
  type Paint,
  truncateEnd,
  truncateMiddle,
} from './format.ts';
import { formatValue } from './summary-metrics.ts';
import { isScriptErrorGroup } from './summary-script-errors.ts';

/** The summary's verdict sections: errors by kind, checks and thresholds. */

const MAX_ERROR_ROWS = 20;

/**
 * Totals per kind, then one row per (kind, name) with its first sample message; script
 * errors grouped by message have their own table (summary-script-errors.ts).
 */
export function renderErrors(doc: ResultsDocument, paint: Paint): string[] {
  if (doc.errors.length === 0) return [];
  const byKind = new Map<string, number>();
  for (const e of doc.errors) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + e.count);
  const kinds = [...byKind].sort((a, b) => b[1] - a[1]);
  // the fault proxy's injected errors are counted apart from real ones (docs/proxy.md)
  const injected = doc.errors.reduce((sum, e) => sum + (e.fault === undefined ? 0 : e.count), 0);
  const lines = [
    `  ${paint('bold', 'ERRORS')}  ${kinds.map(([kind, n]) => `${kind} ${paint('red', String(n))}`).join('  ')}${injected > 0 ? paint('dim', `  (${injected} injected)`) : ''}`,
  ];
  const entries = doc.errors
    .filter((e) => !isScriptErrorGroup(e))
    .sort((a, b) => b.count - a.count || byCodeUnit(a.kind, b.kind));
  for (const e of entries.slice(0, MAX_ERROR_ROWS)) {
    const cells = `${e.kind.padEnd(10)} ${truncateMiddle(e.name, 26).padEnd(26)} ${String(e.count).padStart(8)}`;
    const sample = truncateEnd(
      `${e.fault ? `injected ${e.fault}: ` : ''}${e.sample.replace(/\s+/g, ' ')}`,
      48,
    );
    lines.push(`  ${cells}  ${paint('dim', sample)}`);
  }
  if (entries.length > MAX_ERROR_ROWS) {
    lines.push(paint('dim', `  … and ${entries.length - MAX_ERROR_ROWS} more (all in --out json)`));
  }
  return lines;
}

function mark(ok: boolean, paint: Paint): string {
  return ok ? paint('green', '✓') : paint('red', '✗');
}

/** One line per check with passes and fails, after a header with the overall pass rate. */
export function renderChecks(doc: ResultsDocument, paint: Paint): string[] {
  if (doc.checks.length === 0) return [];
  const passes = doc.checks.reduce((n, c) => n + c.passes, 0);
  const total = passes + doc.checks.reduce((n, c) => n + c.fails, 0);
  const ratio = total > 0 ? formatPercent(passes / total) : '-';
  const lines = [`  ${paint('bold', 'CHECKS')}  ${ratio} of ${total} passed`];
  for (const c of doc.checks) {
    const name = truncateEnd(c.name, 52).padEnd(52);
    const fails =
      c.fails > 0 ? paint('red', `${c.fails} failed`.padStart(12)) : `${c.fails} failed`.padStart(12);
    lines.push(`  ${mark(c.fails === 0, paint)} ${name} ${`${c.passes} passed`.padStart(14)} ${fails}`);
  }
  return lines;
}

/** The aggregation a threshold expression tests: `p(95)<500` → `p(95)`, `rate < 0.01` → `rate`. */
export function thresholdAggregation(expression: string): string | undefined {
  const match = /^\s*([A-Za-z]+(?:\(\s*[\d.]+\s*\))?)\s*(?:<=|>=|===|==|!=|<|>)/.exec(expression);
  return match?.[1]?.replace(/\s+/g, '');
}

function actualValue(doc: ResultsDocument, key: string, expression: string): string {
  const summary = doc.metrics[key];
  const agg = thresholdAggregation(expression);
  if (!summary || agg === undefined) return '';
  const values = summary.values as unknown as Record<string, number>;
  const percentile = /^p\(([\d.]+)\)$/.exec(agg);
  const value =
    summary.thresholds?.[expression]?.actual ??
    values[agg] ??
    (percentile ? values[`p(${Number(percentile[1])})`] : undefined);
  if (value === undefined) return `${agg}=?`;
  if (summary.type === 'rate' && agg === 'rate') return `${agg}=${formatPercent(value)}`;
  if (agg === 'count' || agg === 'rate') return `${agg}=${formatNumber(value)}`;
  return `${agg}=${formatValue(summary, value)}`;
}

/** Every threshold of every metric key: ✓/✗ (∅ for no data), the key, the expression and the value it tested. */
export function renderThresholds(doc: ResultsDocument, paint: Paint): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(doc.metrics).sort()) {
    const thresholds = doc.metrics[key]?.thresholds;
    if (!thresholds) continue;
    for (const [expression, { ok, noData }] of Object.entries(thresholds)) {
      const cells = `${truncateMiddle(key, 40).padEnd(40)} ${truncateEnd(expression, 22).padEnd(22)}`;
      if (noData) {
        // no sample reached it: not a pass and not a value of 0 (allowNoData lets it pass)
        const text = ok ? 'no data (allowed)' : 'no data: no sample matched';
        lines.push(`  ${paint(ok ? 'yellow' : 'red', '∅')} ${cells} ${paint(ok ? 'yellow' : 'red', text)}`);
        continue;
      }
      const actual = actualValue(doc, key, expression);
      lines.push(`  ${mark(ok, paint)} ${cells} ${ok ? actual : paint('red', actual)}`.trimEnd());
    }
  }
  return lines.length > 0 ? [`  ${paint('bold', 'THRESHOLDS')}`, ...lines] : [];
}
