import type { SaturationReason } from '../results/index.ts';
import type { GeneratorLoad, SeriesSnapshot } from './types.ts';

/**
 * When a runner's interval counts as saturated (any one limit reached), and how many such
 * intervals in a row make the generator, rather than the service, a bottleneck:
 * - `elu` 0.9: the loop was idle less than a tenth of the second, so a response that
 *   arrived waited behind other work before it was timed. At 90 % utilisation a queue
 *   waits about nine times its service time (M/M/1); it also catches a thread that gets
 *   too little of a busy core, whose CPU stays low while its loop never idles.
 * - `cpu` 0.9 of one core: a runner's JavaScript runs on one thread, which has no more.
 * - `cpuWait` 0.25 (Linux): the thread was ready to run but waited for a core a quarter of
 *   the interval, so responses that arrived then waited for the generator before they
 *   were timed. 200 VUs pinned to a core shared with a busy loop waited 42 to 59 % of each
 *   second, with CPU at 17 to 24 % and the loop 26 to 59 % busy: only this limit told, all
 *   along, while the run's p99 went from 42 to 107 ms (345 ms in its worst second).
 * - `eventLoopDelayP99Ms` 50: timers (and so the timing of responses) ran 50 ms late for
 *   1 % of the second; a garbage collection of a large heap pauses 10 to 50 ms, which
 *   is not saturation, and the monitor samples every 10 ms, so less would be noise.
 * - two intervals in a row: one busy second (start-up, a GC) is not a bottleneck.
 */
export const SATURATION_LIMITS = {
  elu: 0.9,
  cpu: 0.9,
  cpuWait: 0.25,
  eventLoopDelayP99Ms: 50,
  consecutiveIntervals: 2,
} as const;

/** A reading over less than this (the last interval, cut short by the stop) is left out. */
export const MIN_JUDGED_INTERVAL_MS = 500;

/** The limits an interval's load reached; empty when the runner had room. */
export function saturationReasons(load: GeneratorLoad): SaturationReason[] {
  const reasons: SaturationReason[] = [];
  if (load.elu >= SATURATION_LIMITS.elu) reasons.push('elu');
  if (load.cpu >= SATURATION_LIMITS.cpu) reasons.push('cpu');
  if ((load.cpuWait ?? 0) >= SATURATION_LIMITS.cpuWait) reasons.push('cpu_wait');
  if (load.eventLoopDelayP99Ms >= SATURATION_LIMITS.eventLoopDelayP99Ms) reasons.push('event_loop_delay');
  return reasons;
}

function gauge(metric: string, contains: 'time' | 'default', runner: string, value: number): SeriesSnapshot {
  return { metric, type: 'gauge', contains, tags: { runner }, value, min: value, max: value };
}

/**
 * A runner's load as gauges tagged with the runner, so the results' `metrics` carry them
 * (merged across runners as the highest, like any gauge but `vus`) and thresholds can use
 * them: `generator_cpu: ['max<0.9']`.
 */
export function generatorGauges(runner: string, load: GeneratorLoad): SeriesSnapshot[] {
  return [
    gauge('generator_event_loop_delay', 'time', runner, load.eventLoopDelayP99Ms),
    gauge('generator_elu', 'default', runner, load.elu),
    gauge('generator_cpu', 'default', runner, load.cpu),
    ...(load.cpuWait === undefined ? [] : [gauge('generator_cpu_wait', 'default', runner, load.cpuWait)]),
  ];
}
