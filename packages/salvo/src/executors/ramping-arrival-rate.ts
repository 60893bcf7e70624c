import type { PlannedExecutor } from '../plan/plan.ts';
import { runArrivals } from './arrival-driver.ts';
import { rampingArrivals } from './schedule.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';

type Config = Extract<PlannedExecutor, { type: 'ramping-arrival-rate' }>;

/** The arrival rate moves linearly through the stages (open model). */
export function rampingArrivalRate<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  return runArrivals(
    {
      offsets: rampingArrivals(config.startRate, config.timeUnitMs, config.stages),
      activeMs: config.stages.reduce((sum, stage) => sum + stage.durationMs, 0),
      preAllocatedVUs: config.preAllocatedVUs,
      maxVUs: config.maxVUs,
    },
    rt,
  );
}
