/**
 * Change points inside one run: the seconds where latency or the error rate shifted
 * (PELT, docs/results.md#changepoints).
 *
 * @example
 * doc.changePoints = findChangePoints(doc.series);
 */
export { findChangePoints } from './detect.ts';
export { pelt } from './pelt.ts';
