import { bootstrapMedianChange, mannWhitney, proportionTest } from '../../stats/index.ts';
import type { NameData } from './sides.ts';

/**
 * One figure of one request name, baseline against candidate, with a verdict that
 * accounts for run-to-run noise (docs/compare.md): the headline change comes from the
 * whole-run HDR histograms (exact), the verdict from the spread of the per-second figures.
 */

export type Figure = 'rps' | 'p50' | 'p95' | 'p99' | 'error_rate';
export const FIGURES: readonly Figure[] = ['rps', 'p50', 'p95', 'p99', 'error_rate'];

/**
 * `regressed` / `improved`: a difference the noise cannot explain (p < alpha) and, with 95 %
 * confidence, larger than the tolerance; `unchanged`: no such difference; `inconclusive`:
 * too few seconds with data on a side to tell.
 */
export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive';

export interface JudgeRules {
  /** Relative change in throughput and latency that is still no regression (0.1: 10 %). */
  readonly tolerance: number;
  /** Rise of the error rate, in absolute terms, that is still no regression (0.01: 1 point). */
  readonly errorTolerance: number;
  /** The significance level of the rank and proportion tests. */
  readonly alpha: number;
  /** Fewer seconds with data than this on a side: inconclusive. */
  readonly minSeconds: number;
  /** The figures compared and judged (`--figures`). */
  readonly figures: readonly Figure[];
}

export const DEFAULT_RULES: JudgeRules = {
  tolerance: 0.1,
  errorTolerance: 0.01,
  alpha: 0.01,
  minSeconds: 5,
  figures: FIGURES,
};

export interface FigureComparison {
  readonly figure: Figure;
  /** Whole-run values: req/s, ms, or a rate 0..1. */
  readonly baseline: number;
  readonly candidate: number;
  /** Relative (candidate / baseline − 1) for rps and latencies; a difference of rates for error_rate. */
  readonly change: number;
  /** 95 % interval of the change: bootstrap of per-second medians, or Wald for the error rate. */
  readonly low: number;
  readonly high: number;
  /** Mann-Whitney over the per-second figures, or the two-proportion test for the error rate. */
  readonly pValue: number;
  readonly verdict: Verdict;
}

const PERCENTILE: Record<'p50' | 'p95' | 'p99', number> = { p50: 50, p95: 95, p99: 99 };

export function judgeName(
  baseline: NameData,
  candidate: NameData,
  durations: { baselineMs: number; candidateMs: number },
  rules: JudgeRules,
  figures: readonly Figure[] = rules.figures,
): FigureComparison[] {
  return figures.map((figure) => {
    if (figure === 'error_rate') return judgeErrors(baseline, candidate, rules);
    if (figure === 'rps') {
      return judgeSeconds(
        figure,
        baseline.requests / (durations.baselineMs / 1000),
        candidate.requests / (durations.candidateMs / 1000),
        fullSeconds(baseline.seconds.requests),
        fullSeconds(candidate.seconds.requests),
        -1,
        rules,
      );
    }
    const percentile = PERCENTILE[figure];
    return judgeSeconds(
      figure,
      (baseline.histogram?.valueAt(percentile) ?? 0) / 1000,
      (candidate.histogram?.valueAt(percentile) ?? 0) / 1000,
      present(baseline.seconds[figure]),
      present(candidate.seconds[figure]),
      1,
      rules,
    );
  });
}

/**
 * A figure with per-second values. `worse` is the sign of a regression: +1 when higher is
 * worse (latency), −1 when lower is (throughput).
 */
function judgeSeconds(
  figure: Figure,
  baseline: number,
  candidate: number,
  baselineSeconds: number[],
  candidateSeconds: number[],
  worse: 1 | -1,
  rules: JudgeRules,
): FigureComparison {
  const change = baseline === 0 ? (candidate === 0 ? 0 : Number.POSITIVE_INFINITY) : candidate / baseline - 1;
  const { low, high } = bootstrapMedianChange(baselineSeconds, candidateSeconds);
  const { pValue } = mannWhitney(baselineSeconds, candidateSeconds);
  const enough = Math.min(baselineSeconds.length, candidateSeconds.length) >= rules.minSeconds;
  // the whole interval beyond the tolerance, on the worse or the better side
  const worseBeyond = worse === 1 ? low > rules.tolerance : high < -rules.tolerance;
  const betterBeyond = worse === 1 ? high < -rules.tolerance : low > rules.tolerance;
  const verdict: Verdict = !enough
    ? 'inconclusive'
    : pValue < rules.alpha && worseBeyond
      ? 'regressed'
      : pValue < rules.alpha && betterBeyond
        ? 'improved'
        : 'unchanged';
  return { figure, baseline, candidate, change, low, high, pValue, verdict };
}

function judgeErrors(baseline: NameData, candidate: NameData, rules: JudgeRules): FigureComparison {
  const a = baseline.requests === 0 ? 0 : baseline.failures / baseline.requests;
  const b = candidate.requests === 0 ? 0 : candidate.failures / candidate.requests;
  const { pValue } = proportionTest(
    baseline.failures,
    baseline.requests,
    candidate.failures,
    candidate.requests,
  );
  const se =
    baseline.requests === 0 || candidate.requests === 0
      ? 0
      : Math.sqrt((a * (1 - a)) / baseline.requests + (b * (1 - b)) / candidate.requests);
  const change = b - a;
  const enough = baseline.requests > 0 && candidate.requests > 0;
  const verdict: Verdict = !enough
    ? 'inconclusive'
    : pValue < rules.alpha && change > rules.errorTolerance
      ? 'regressed'
      : pValue < rules.alpha && change < -rules.errorTolerance
        ? 'improved'
        : 'unchanged';
  return {
    figure: 'error_rate',
    baseline: a,
    candidate: b,
    change,
    low: change - 1.96 * se,
    high: change + 1.96 * se,
    pValue,
    verdict,
  };
}

function present(column: readonly (number | null)[]): number[] {
  return column.filter((value): value is number => value !== null);
}

/** Requests per second without the first and last seconds, which the start and the stop cut short. */
function fullSeconds(requests: readonly number[]): number[] {
  return requests.length > 2 ? requests.slice(1, -1) : [...requests];
}
