/**
 * Statistics over per-second figures, for the suites that judge runs against each other
 * (compare, A/B) and within one (change points). Pure functions of numbers.
 *
 * @example
 * const { pValue } = mannWhitney(secondsA, secondsB);
 * const { low, high } = bootstrapMedianChange(secondsA, secondsB);
 */
export { type BootstrapOptions, bootstrapMedianChange, type ChangeInterval } from './bootstrap.ts';
export { seededRandom } from './random.ts';
export { mannWhitney, normalCdf, proportionTest, type RankTest } from './rank-test.ts';
export { median, quantileSorted, robustSigma } from './summary.ts';
