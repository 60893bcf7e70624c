import type { IntervalSnapshot, SeriesSnapshot } from '../../metrics/types.ts';

/** The series of `metric` whose tags include every pair of `where`. */
export function seriesOf(
  snapshot: IntervalSnapshot,
  metric: string,
  where: Record<string, string> = {},
): SeriesSnapshot[] {
  return snapshot.series.filter(
    (s) => s.metric === metric && Object.entries(where).every(([tag, value]) => s.tags[tag] === value),
  );
}

/** Counter sum over the matching series. */
export function countOf(
  snapshot: IntervalSnapshot,
  metric: string,
  where: Record<string, string> = {},
): number {
  return seriesOf(snapshot, metric, where).reduce((sum, s) => sum + (s.count ?? 0), 0);
}

/** Rate passes (hit = true) and fails over the matching series. */
export function rateOf(
  snapshot: IntervalSnapshot,
  metric: string,
  where: Record<string, string> = {},
): { passes: number; fails: number } {
  let passes = 0;
  let fails = 0;
  for (const s of seriesOf(snapshot, metric, where)) {
    passes += s.passes ?? 0;
    fails += s.fails ?? 0;
  }
  return { passes, fails };
}

/** Distinct values of `tag` among the series of `metric`. */
export function tagValues(snapshot: IntervalSnapshot, metric: string, tag: string): string[] {
  return [...new Set(seriesOf(snapshot, metric).map((s) => s.tags[tag] ?? ''))].sort();
}
