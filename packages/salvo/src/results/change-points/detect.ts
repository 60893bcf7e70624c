import { robustSigma } from '../../stats/summary.ts';
import type { ChangePoint, ResultsSeries, SeriesBlock } from '../index.ts';
import { shifts } from './shifts.ts';

/**
 * The change points of a run (docs/results.md#changepoints): PELT over the per-second p95 of
 * http_req_duration and the per-second error rate, for the run and for each request name.
 * A latency shift counts from 20 % (on log latency, where a 2 ms and a 200 ms service are
 * equally noisy in relative terms); an error-rate shift from 1 point of percentage.
 */
const CHANGE_POINT_RULES = {
  minSegmentSeconds: 5,
  minLatencyShift: 0.2,
  minErrorRateShift: 0.01,
} as const;

/** Noise floors, so a perfectly flat stretch (all 0 % errors) does not make σ zero. */
const LOG_SIGMA_FLOOR = 0.02;
const RATE_SIGMA_FLOOR = 0.005;

export function findChangePoints(series: ResultsSeries): ChangePoint[] {
  const found = blockChanges(series.t, series.total, undefined);
  for (const [name, block] of Object.entries(series.byName))
    found.push(...blockChanges(series.t, block, name));
  return found.sort((a, b) => a.atMs - b.atMs);
}

function blockChanges(t: readonly number[], block: SeriesBlock, name: string | undefined): ChangePoint[] {
  const named = name === undefined ? {} : { name };
  const latency = present(t, block, (i) => block.p95[i] ?? undefined);
  const latencyLog = latency.values.map((ms) => Math.log(Math.max(ms, 0.001)));
  const rate = present(t, block, (i) =>
    block.requests[i]! > 0 ? block.failures[i]! / block.requests[i]! : undefined,
  );
  const points: ChangePoint[] = [];
  const options = { minSegment: CHANGE_POINT_RULES.minSegmentSeconds };
  for (const shift of shifts(latency.values, latencyLog, {
    ...options,
    sigma: Math.max(LOG_SIGMA_FLOOR, robustSigma(differences(latencyLog)) / Math.SQRT2),
    matters: (before, after) =>
      Math.abs(Math.log(after / before)) >= Math.log1p(CHANGE_POINT_RULES.minLatencyShift),
  })) {
    points.push({
      series: 'p95',
      ...named,
      atMs: latency.t[shift.index]!,
      before: shift.before,
      after: shift.after,
    });
  }
  for (const shift of shifts(rate.values, rate.values, {
    ...options,
    sigma: Math.max(RATE_SIGMA_FLOOR, standardDeviation(differences(rate.values)) / Math.SQRT2),
    matters: (before, after) => Math.abs(after - before) >= CHANGE_POINT_RULES.minErrorRateShift,
  })) {
    points.push({
      series: 'error_rate',
      ...named,
      atMs: rate.t[shift.index]!,
      before: shift.before,
      after: shift.after,
    });
  }
  return points;
}

/** The seconds that have a value, with their times. */
function present(
  t: readonly number[],
  block: SeriesBlock,
  read: (i: number) => number | undefined,
): { t: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < block.requests.length; i++) {
    const value = read(i);
    if (value === undefined || !Number.isFinite(value)) continue;
    times.push(t[i]!);
    values.push(value);
  }
  return { t: times, values };
}

function differences(values: readonly number[]): number[] {
  return values.slice(1).map((value, i) => value - values[i]!);
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}
