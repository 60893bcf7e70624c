import type { PlannedExecutor } from '../plan/plan.ts';
import { constantArrivalRate } from './constant-arrival-rate.ts';
import { constantVus } from './constant-vus.ts';
import { perVuIterations } from './per-vu-iterations.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { rampingVus } from './ramping-vus.ts';
import { sharedIterations } from './shared-iterations.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';

export type { ExecutorVU, ScenarioRuntime } from './types.ts';

/** Runs a scenario's executor on the runtime; resolves when its last iteration is done. */
export function runExecutor<V extends ExecutorVU>(
  config: PlannedExecutor,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  switch (config.type) {
    case 'constant-vus':
      return constantVus(config, rt);
    case 'ramping-vus':
      return rampingVus(config, rt);
    case 'per-vu-iterations':
      return perVuIterations(config, rt);
    case 'shared-iterations':
      return sharedIterations(config, rt);
    case 'constant-arrival-rate':
      return constantArrivalRate(config, rt);
    case 'ramping-arrival-rate':
      return rampingArrivalRate(config, rt);
  }
}
