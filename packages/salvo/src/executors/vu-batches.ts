import type { ExecutorVU, ScenarioRuntime } from './types.ts';

/**
 * VUs created between two turns of the event loop. Creating one (its client, its first
 * request) takes 10 to 60 µs of one thread, garbage collection included: a batch is a few
 * milliseconds, so timers, snapshots and signals wait no longer than that.
 */
export const VU_BATCH = 256;

/**
 * Starts `count` VU loops with `start`, a batch at a time, and lets the event loop turn
 * between batches: started in one go, 100 000 VUs held the thread for 6 s and a million for
 * over a minute, with no snapshot and no Ctrl-C handled meanwhile. Stops starting when the
 * run stops. Resolves with the loops started; `setActiveVUs` follows the count.
 */
export async function startLoops<V extends ExecutorVU>(
  rt: ScenarioRuntime<V>,
  count: number,
  start: (index: number) => Promise<void>,
): Promise<Promise<void>[]> {
  const loops: Promise<void>[] = [];
  for (let i = 0; i < count && !rt.stopping; i++) {
    if (i > 0 && i % VU_BATCH === 0) {
      rt.setActiveVUs(loops.length);
      await rt.yieldToIO();
      if (rt.stopping) break;
    }
    loops.push(start(i));
  }
  rt.setActiveVUs(loops.length);
  return loops;
}
