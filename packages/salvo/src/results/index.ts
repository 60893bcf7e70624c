/**
 * The run as data: what every reader of a run sees, live or afterwards. The results
 * document's types (`--out json`), the view of each merged interval, and the words a
 * series is described in. This folder imports from no other: the aggregator (metrics/)
 * builds these, outputs and thresholds read them.
 *
 * @example
 * import type { IntervalView, ResultsDocument } from '../results/index.ts';
 */
export * from './document.ts';
export type * from './faults.ts';
export type * from './interval.ts';
export { displayKey } from './keys.ts';
export type * from './model.ts';
export type * from './run-data.ts';
export {
  type ServerSection,
  type ServerSeries,
  type ServerStat,
  type ServerTarget,
  serverTail,
} from './server.ts';
export { encodedHistograms, metricSummaries } from './summaries.ts';
export { worstLoad } from './worst-load.ts';
