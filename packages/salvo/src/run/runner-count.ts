import type { Plan, PlannedExecutor } from '../plan/plan.ts';

/**
 * How many runners to start: as many as asked, but never more than the smallest
 * scenario has VUs. A runner whose share of a scenario's VUs rounds to 0 would drop
 * its share of the iterations (shared-iterations) or of the arrivals (arrival rates).
 */
export function runnerCount(plan: Plan, wanted: number): number {
  const fewest = Math.min(...plan.scenarios.map((scenario) => mostVUs(scenario.executor)));
  return Math.max(1, Math.min(wanted, fewest));
}

/** The most VUs an executor ever runs. */
export function mostVUs(executor: PlannedExecutor): number {
  switch (executor.type) {
    case 'constant-vus':
    case 'per-vu-iterations':
    case 'shared-iterations':
      return executor.vus;
    case 'ramping-vus':
      return Math.max(executor.startVUs, ...executor.stages.map((stage) => stage.target));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return executor.maxVUs;
  }
}
