import { seededRandom } from './random.ts';
import { median } from './summary.ts';

/**
 * A percentile-bootstrap confidence interval (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13) for the ratio of two samples' medians, e.g. the speed-up of a
 * cache: median(cold) / median(warm). Each resample draws both samples again, with
 * replacement and at their own sizes; the interval is the (1−c)/2 and (1+c)/2 quantiles
 * of the resampled ratios. The generator is seeded so the same data give the same
 * interval. Hand-written: no maintained npm package does a two-sample bootstrap of a ratio
 * (simple-statistics has none), and this is twenty lines.
 */

export interface RatioInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly method: 'percentile bootstrap of the ratio of medians';
}

const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Undefined when either sample is empty or the denominator's median is not positive:
 * a ratio that would divide by zero is not reported.
 *
 * @example
 * const speedUp = ratioOfMediansInterval(coldMs, warmMs); // { estimate: 41.2, low: 37.9, high: 44.8, ... }
 */
export function ratioOfMediansInterval(
  numerator: readonly number[],
  denominator: readonly number[],
  options: { confidence?: number; resamples?: number; seed?: number } = {},
): RatioInterval | undefined {
  const { confidence = 0.95, resamples = BOOTSTRAP_RESAMPLES, seed = 1 } = options;
  const below = median(denominator);
  if (numerator.length === 0 || !(below > 0)) return undefined;
  const random = seededRandom(seed);
  const draw = (sample: readonly number[]) =>
    Array.from({ length: sample.length }, () => sample[Math.floor(random() * sample.length)]!);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const under = median(draw(denominator));
    // a resample of only zeros (all-instant warm requests) has no ratio: it is left out
    if (under > 0) ratios.push(median(draw(numerator)) / under);
  }
  ratios.sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.max(0, Math.floor(q * ratios.length)))]!;
  return {
    estimate: median(numerator) / below,
    low: at((1 - confidence) / 2),
    high: at((1 + confidence) / 2),
    confidence,
    resamples,
    method: 'percentile bootstrap of the ratio of medians',
  };
}
