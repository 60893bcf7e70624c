/**
 * Statistics the suites share: the Universal Scalability Law fit, the knee of a
 * throughput curve, and a bootstrap interval for a ratio of medians (docs/suites.md).
 *
 * @example
 * import { findKnee, fitUsl, ratioOfMediansInterval } from '../stats/index.ts';
 */
export { findKnee, type Knee } from './knee.ts';
export { median, type RatioInterval, ratioOfMediansInterval } from './ratio-bootstrap.ts';
export { fitUsl, type UslFit, type UslPoint, uslThroughput } from './usl.ts';
