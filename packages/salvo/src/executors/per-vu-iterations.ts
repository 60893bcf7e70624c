import type { PlannedExecutor } from '../plan/plan.ts';
import { shareOf } from '../plan/segment.ts';
import { loopUntil } from './constant-vus.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';

type Config = Extract<PlannedExecutor, { type: 'per-vu-iterations' }>;

/** Each VU runs exactly `iterations` iterations (or until maxDuration). */
export async function perVuIterations<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  const vus = shareOf(rt.segment, config.vus);
  const endAt = rt.startAt + config.maxDurationMs;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < vus; i++) {
    let left = config.iterations;
    loops.push(loopUntil(rt, endAt, () => left-- > 0));
  }
  rt.setActiveVUs(vus);
  await rt.settle(Promise.all(loops), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
}
