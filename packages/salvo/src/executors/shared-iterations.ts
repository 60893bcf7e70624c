import type { PlannedExecutor } from '../plan/plan.ts';
import { shareOf } from '../plan/segment.ts';
import { loopUntil } from './constant-vus.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';
import { startLoops } from './vu-batches.ts';

type Config = Extract<PlannedExecutor, { type: 'shared-iterations' }>;

/** VUs share one pool of `iterations`: faster VUs take more (or until maxDuration). */
export async function sharedIterations<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  const vus = shareOf(rt.segment, config.vus);
  let left = shareOf(rt.segment, config.iterations);
  const endAt = rt.startAt + config.maxDurationMs;
  const loops = await startLoops(rt, vus, () => loopUntil(rt, endAt, () => left-- > 0));
  await rt.settle(Promise.all(loops), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
}
