import type { PlannedExecutor } from '../plan/plan.ts';
import { shareOf } from '../plan/segment.ts';
import { loopUntil } from './constant-vus.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';
import { startLoops } from './vu-batches.ts';

type Config = Extract<PlannedExecutor, { type: 'shared-iterations' }>;

/** VUs share one pool of `iterations`: faster VUs take more (or until maxDuration). */
export function sharedIterations<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  return iterationPool(
    rt,
    shareOf(rt.segment, config.vus),
    shareOf(rt.segment, config.iterations),
    config.maxDurationMs,
  );
}

/**
 * `iterations` run by `vus` VUs from one pool until `maxDurationMs` after the scenario's
 * start: a share of shared-iterations, or the iterations a lost runner left undone, handed
 * to this one (src/cluster).
 */
export async function iterationPool<V extends ExecutorVU>(
  rt: ScenarioRuntime<V>,
  vus: number,
  iterations: number,
  maxDurationMs: number,
): Promise<void> {
  let left = iterations;
  const endAt = rt.startAt + maxDurationMs;
  const loops = await startLoops(rt, vus, () => loopUntil(rt, endAt, () => left-- > 0));
  await rt.settle(Promise.all(loops), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
}
