import type { PlannedExecutor } from '../plan/plan.ts';
import { shareOf } from '../plan/segment.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';
import { startLoops } from './vu-batches.ts';

type Config = Extract<PlannedExecutor, { type: 'constant-vus' }>;

/** A fixed number of VUs loop over iterations for a fixed time (closed model). */
export async function constantVus<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  const vus = shareOf(rt.segment, config.vus);
  const endAt = rt.startAt + config.durationMs;
  const loops = await startLoops(rt, vus, () => loopUntil(rt, endAt));
  await rt.settle(Promise.all(loops), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
}

/** One VU: iterations back to back until `endAt` or a stop. Shared by the closed-model executors. */
export async function loopUntil<V extends ExecutorVU>(
  rt: ScenarioRuntime<V>,
  endAt: number,
  more: () => boolean = () => true,
): Promise<void> {
  const vu = await rt.createVU();
  await rt.iterateWhile(vu, (nowMs) => !rt.stopping && nowMs < endAt && more());
  await rt.retireVU(vu);
}
