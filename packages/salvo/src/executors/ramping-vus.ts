import type { PlannedExecutor } from '../plan/plan.ts';
import { shareOf } from '../plan/segment.ts';
import { rampingVuChanges } from './schedule.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';
import { VU_BATCH } from './vu-batches.ts';

type Config = Extract<PlannedExecutor, { type: 'ramping-vus' }>;

interface Slot<V> {
  vu: V | undefined;
  stop: boolean;
  done: Promise<void>;
}

/**
 * VUs follow the stages' target. A VU ramped down finishes its iteration and idles; one
 * still busy after gracefulRampDown is interrupted. Idle VUs are reused on the way up.
 */
export async function rampingVus<V extends ExecutorVU>(
  config: Config,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  const activeMs = config.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  const endAt = rt.startAt + activeMs;
  const active: Slot<V>[] = [];
  const idle: V[] = [];
  const everyLoop: Promise<void>[] = [];

  const loop = async (slot: Slot<V>, reuse: V | undefined): Promise<void> => {
    const vu = reuse ?? (await rt.createVU());
    slot.vu = vu;
    await rt.iterateWhile(vu, (nowMs) => !slot.stop && !rt.stopping && nowMs < endAt);
  };
  const adjust = async (target: number): Promise<void> => {
    for (let started = 0; active.length < target; started++) {
      // a big step (0 to 100 000 VUs) starts in batches, as startLoops does
      if (started > 0 && started % VU_BATCH === 0) {
        rt.setActiveVUs(active.length);
        await rt.yieldToIO();
        if (rt.stopping) break;
      }
      const slot: Slot<V> = { vu: undefined, stop: false, done: Promise.resolve() };
      slot.done = loop(slot, idle.pop());
      active.push(slot);
      everyLoop.push(slot.done);
    }
    while (active.length > target) {
      const slot = active.pop()!;
      slot.stop = true;
      // on the runtime's clock, so the virtual clock drives it in tests; a stop ends the
      // wait (gracefulStop governs then), and so does the VU finishing first
      const finished = new AbortController();
      void rt.sleepUntil(rt.now() + config.gracefulRampDownMs, finished.signal).then((expired) => {
        if (expired && slot.vu) rt.interruptVU(slot.vu);
      });
      void slot.done.then(() => {
        finished.abort();
        if (slot.vu) idle.push(slot.vu);
      });
    }
    rt.setActiveVUs(active.length);
  };

  const changes = rampingVuChanges(config.startVUs, config.stages);
  for (const [i, change] of changes.entries()) {
    // a share taken over mid-run starts at the target in force then, not at every step before
    const next = changes[i + 1];
    if (next && rt.startAt + next.atMs <= rt.resumeAt) continue;
    if (rt.stopping || !(await rt.sleepUntil(rt.startAt + change.atMs))) break;
    await adjust(shareOf(rt.segment, change.vus));
  }
  await rt.sleepUntil(endAt);
  for (const slot of active) slot.stop = true;
  await rt.settle(Promise.all(everyLoop), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
  await Promise.all(
    [...idle, ...active.flatMap((slot) => (slot.vu ? [slot.vu] : []))].map((vu) => rt.retireVU(vu)),
  );
}
