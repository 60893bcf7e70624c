/**
 * Thresholds: parse the `thresholds` option (k6's syntax) and evaluate it against the
 * run handle's whole-run scope, deciding pass/fail and abortOnFail.
 *
 * @example
 * const set = parseThresholds({ http_req_failed: ['rate<0.01'] }, (d) => parseDuration(d, 'delayAbortEval'));
 * const { anyFailed, abort } = evaluate(set, run.cumulative, elapsedMs);
 */
export { annotateSummaries } from './annotate.ts';
export type { ThresholdSource } from './evaluate.ts';
export { evaluate } from './evaluate.ts';
export { parseThresholdKey, parseThresholds } from './parse.ts';
export type {
  Aggregation,
  Operator,
  ThresholdEntry,
  ThresholdEvaluation,
  ThresholdExpression,
  ThresholdInput,
  ThresholdResult,
  ThresholdSet,
} from './types.ts';
