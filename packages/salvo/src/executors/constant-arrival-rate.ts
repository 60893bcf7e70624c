import type { PlannedExecutor } from '../plan/plan.ts';
import { runArrivals } from './arrival-driver.ts';
import { constantArrivals } from './schedule.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';

type Config = Extract<PlannedExecutor, { type: 'constant-arrival-rate' }>;

/** `rate` iterations per `timeUnit`, evenly spaced, for `duration` (open model). */
export function constantArrivalRate<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  return runArrivals(
    {
      offsets: constantArrivals(config.rate, config.timeUnitMs, config.durationMs),
      activeMs: config.durationMs,
      preAllocatedVUs: config.preAllocatedVUs,
      maxVUs: config.maxVUs,
    },
    rt,
  );
}
