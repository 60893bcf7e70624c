import { formatMsShort, formatNumber, formatPercent } from '../../outputs/format.ts';
import type { ChangePoint } from '../../results/index.ts';
import type { Figure, FigureComparison } from './judge.ts';

/** The words and numbers the terminal table and the HTML page both show. */

export const FIGURE_LABELS: Record<Figure, string> = {
  rps: 'req/s',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  error_rate: 'errors',
};

/** A figure's value in its unit. */
export function figureValue(figure: Figure, value: number): string {
  if (figure === 'rps') return formatNumber(Math.round(value * 10) / 10);
  if (figure === 'error_rate') return formatPercent(value);
  return formatMsShort(value);
}

/** +12.3 % for a relative change; +1.20 pt for the error rate's difference. */
export function changeText(figure: Figure, change: number): string {
  if (!Number.isFinite(change)) return change > 0 ? '+∞' : '-';
  const sign = change > 0 ? '+' : '';
  return figure === 'error_rate'
    ? `${sign}${(change * 100).toFixed(2)}pt`
    : `${sign}${(change * 100).toFixed(1)}%`;
}

export function intervalText(comparison: FigureComparison): string {
  if (!Number.isFinite(comparison.low) || !Number.isFinite(comparison.high)) return '-';
  return `${changeText(comparison.figure, comparison.low)} … ${changeText(comparison.figure, comparison.high)}`;
}

export function pText(pValue: number): string {
  return pValue < 0.001 ? '<0.001' : pValue.toFixed(3);
}

/** `/pay p95 at 12s: 20.1ms → 31.0ms`. */
export function changePointText(point: ChangePoint): string {
  const where = point.name === undefined ? 'all requests' : point.name;
  const value = (v: number) => (point.series === 'error_rate' ? formatPercent(v) : formatMsShort(v));
  const what = point.series === 'error_rate' ? 'error rate' : 'p95';
  return `${where} ${what} at ${Math.round(point.atMs / 1000)}s: ${value(point.before)} → ${value(point.after)}`;
}
