import { seededRandom } from './random.ts';
import { median } from './summary.ts';

/**
 * A percentile bootstrap of the relative change between two samples' medians,
 * median(second) / median(first) − 1: each sample is resampled with replacement on its own
 * (the two runs are independent), `resamples` times, and the interval is the middle
 * `confidence` of the resampled changes. Seeded, so the same data give the same interval.
 */

export interface ChangeInterval {
  /** The change of the samples themselves. */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface BootstrapOptions {
  readonly resamples?: number;
  readonly confidence?: number;
  readonly seed?: number;
}

export function bootstrapMedianChange(
  first: readonly number[],
  second: readonly number[],
  options: BootstrapOptions = {},
): ChangeInterval {
  const { resamples = 2000, confidence = 0.95, seed = 1 } = options;
  const estimate = relative(median(first), median(second));
  if (first.length === 0 || second.length === 0) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const changes = new Float64Array(resamples);
  const scratchFirst = new Float64Array(first.length);
  const scratchSecond = new Float64Array(second.length);
  for (let r = 0; r < resamples; r++) {
    changes[r] = relative(
      resampledMedian(first, scratchFirst, random),
      resampledMedian(second, scratchSecond, random),
    );
  }
  changes.sort();
  const tail = (1 - confidence) / 2;
  return { estimate, low: at(changes, tail), high: at(changes, 1 - tail) };
}

/** second / first − 1; 0 when both are 0, Infinity when only the first is. */
function relative(first: number, second: number): number {
  if (first === 0) return second === 0 ? 0 : Number.POSITIVE_INFINITY;
  return second / first - 1;
}

function resampledMedian(sample: readonly number[], scratch: Float64Array, random: () => number): number {
  for (let i = 0; i < scratch.length; i++) scratch[i] = sample[Math.floor(random() * sample.length)]!;
  scratch.sort();
  const middle = scratch.length >> 1;
  return scratch.length % 2 === 1 ? scratch[middle]! : (scratch[middle - 1]! + scratch[middle]!) / 2;
}

function at(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}
