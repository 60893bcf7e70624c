import { Problems, SalvoError } from '../errors.ts';
import { definitionError } from './validate.ts';

/**
 * `summaryTrendStats` (k6's option and spelling): the figures of a trend the summary table
 * shows, in order. `avg`, `min`, `med`, `max`, `count`, or any percentile `p(N)` with N
 * from 0 to 100. The results document always keeps its own set and adds the further
 * percentiles asked for (docs/results.md#trend-values).
 */

/** Salvo's default: k6's (avg, min, med, max, p(90), p(95)) and the tail, p(99) and p(99.9). */
export const DEFAULT_TREND_STATS: readonly string[] = [
  'avg',
  'min',
  'med',
  'max',
  'p(90)',
  'p(95)',
  'p(99)',
  'p(99.9)',
];

const NAMED_STATS = ['avg', 'min', 'med', 'max', 'count'];
const PERCENTILE = /^p\(\s*(\d+(?:\.\d+)?)\s*\)$/;
const KNOWN = 'avg, min, med, max, count, or p(N) with N from 0 to 100';

/** The percentile a stat names (`p(99.9)` → 99.9); undefined for the named ones. */
export function statPercentile(stat: string): number | undefined {
  const match = PERCENTILE.exec(stat);
  return match ? Number(match[1]) : undefined;
}

/** One stat in its one spelling (`p( 99.90 )` → `p(99.9)`), or undefined when it is none. */
function canonicalStat(text: string): string | undefined {
  const stat = text.trim();
  if (NAMED_STATS.includes(stat)) return stat;
  const percentile = statPercentile(stat);
  return percentile !== undefined && percentile <= 100 ? `p(${percentile})` : undefined;
}

/** Checks a list of stats; each bad one is its own problem (`problem` words it). Duplicates are dropped. */
function checkStats(
  list: readonly unknown[],
  problem: (index: number, shown: string) => SalvoError,
): string[] {
  const problems = new Problems();
  const stats: string[] = [];
  list.forEach((item, index) => {
    const stat = typeof item === 'string' ? canonicalStat(item) : undefined;
    if (stat === undefined) problems.add(problem(index, JSON.stringify(item)));
    else if (!stats.includes(stat)) stats.push(stat);
  });
  problems.throwIfAny();
  return stats;
}

/** `--summary-trend-stats avg,p(95),p(99.99)`: usage errors, one per bad stat. */
export function trendStatsFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').filter((item) => item.trim() !== '');
  if (items.length === 0) {
    throw new SalvoError('SALVO_ERR_USAGE', `--summary-trend-stats needs at least one stat (${KNOWN})`);
  }
  return checkStats(
    items,
    (_index, shown) =>
      new SalvoError('SALVO_ERR_USAGE', `--summary-trend-stats: unknown stat ${shown} (known: ${KNOWN})`),
  );
}

/** The test's `summaryTrendStats`, checked; the default when not given. */
export function normalizeTrendStats(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_TREND_STATS;
  if (!Array.isArray(value) || value.length === 0) {
    throw definitionError('summaryTrendStats', `must be a non-empty list of stats (${KNOWN})`);
  }
  return checkStats(value, (index, shown) =>
    definitionError(`summaryTrendStats[${index}]`, `unknown stat ${shown} (known: ${KNOWN})`),
  );
}
