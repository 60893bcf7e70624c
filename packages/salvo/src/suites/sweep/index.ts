/**
 * `salvo sweep`: throughput and latency against concurrency, the knee, the USL fit.
 *
 * @example
 * const doc = await runSweep(settings);
 * process.stdout.write(sweepSummary(doc));
 */
export {
  SWEEP_SCHEMA,
  SWEEP_VERSION,
  type SweepDocument,
  type SweepEndpoint,
  type SweepLevel,
} from './document.ts';
export { ALL_REQUESTS, DEFAULT_SWEEP_LEVELS, runSweep, type SweepSettings } from './sweep.ts';
export { sweepLevelLine, sweepSummary } from './sweep-text.ts';
