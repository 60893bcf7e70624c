/**
 * Statistics the suites share, pure functions of numbers: the Universal Scalability Law fit
 * and the knee of a throughput curve (sweep), a bootstrap interval for a ratio of medians
 * (cache), rank and proportion tests and a bootstrap of the median change over per-second
 * figures (compare, A/B), summaries the change points use (docs/suites.md, docs/compare.md).
 *
 * @example
 * import { findKnee, fitUsl, ratioOfMediansInterval } from '../../stats/index.ts';
 * const { pValue } = mannWhitney(secondsA, secondsB);
 * const { low, high } = bootstrapMedianChange(secondsA, secondsB);
 */

export { type BootstrapOptions, bootstrapMedianChange, type ChangeInterval } from './bootstrap.ts';
export { findKnee, type Knee } from './knee.ts';
export { seededRandom } from './random.ts';
export { mannWhitney, normalCdf, proportionTest, type RankTest } from './rank-test.ts';
export { type RatioInterval, ratioOfMediansInterval } from './ratio-bootstrap.ts';
export { median, quantileSorted, robustSigma } from './summary.ts';
export { fitUsl, type UslFit, type UslPoint, uslThroughput } from './usl.ts';
