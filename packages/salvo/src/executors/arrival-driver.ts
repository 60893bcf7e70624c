import { iterationOwner, shareOf } from '../plan/segment.ts';
import type { ExecutorVU, ScenarioRuntime } from './types.ts';
import { VU_BATCH } from './vu-batches.ts';

export interface ArrivalSettings {
  /** Intended start offsets (ms from the scenario start) of every global iteration, in order. */
  readonly offsets: Iterable<number>;
  readonly activeMs: number;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
}

/**
 * The open model: iterations start at their intended times whatever the service does.
 * Starts are computed from the absolute scenario start (no drift) and taken in batches
 * when the timer wakes late; an iteration that finds no free VU gets a new one up to
 * maxVUs, else it is counted in dropped_iterations. Each iteration knows how late it
 * started (`lagMs`), which corrects its response times for coordinated omission.
 * A drop means no VU was free once the I/O already arrived was read (see yieldToIO).
 */
export async function runArrivals<V extends ExecutorVU>(
  settings: ArrivalSettings,
  rt: ScenarioRuntime<V>,
): Promise<void> {
  const maxVUs = shareOf(rt.segment, settings.maxVUs);
  const free: V[] = [];
  const every: V[] = [];
  const preAllocated = shareOf(rt.segment, settings.preAllocatedVUs);
  for (let i = 0; i < preAllocated; i++) {
    // a VU that has no onStart is created without a turn of the event loop: give it one
    if (i > 0 && i % VU_BATCH === 0) await rt.yieldToIO();
    if (rt.stopping) break;
    const vu = await rt.createVU();
    free.push(vu);
    every.push(vu);
  }
  let allocated = every.length;
  let busy = 0;
  const inFlight = new Set<Promise<void>>();
  const run = (vu: V, intendedAt: number): void => {
    busy++;
    rt.setActiveVUs(busy);
    const done = rt.iterate(vu, Math.max(0, rt.now() - intendedAt)).then(() => {
      busy--;
      rt.setActiveVUs(busy);
      free.push(vu);
      inFlight.delete(done);
    });
    inFlight.add(done);
  };
  const growAndRun = (intendedAt: number): void => {
    allocated++;
    const done = rt.createVU().then((vu) => {
      every.push(vu);
      inFlight.delete(done);
      if (rt.stopping) free.push(vu);
      else run(vu, intendedAt);
    });
    inFlight.add(done);
  };

  const owns = iterationOwner(rt.segment);
  let k = 0;
  for (const offset of settings.offsets) {
    if (!owns(k++)) continue;
    const intendedAt = rt.startAt + offset;
    // a share taken over mid-run starts where it was handed on (docs/cluster.md)
    if (intendedAt < rt.resumeAt) continue;
    if (intendedAt > rt.now() && !(await rt.sleepUntil(intendedAt))) break;
    if (rt.stopping) break;
    let vu = free.pop();
    if (!vu) {
      // A timer that fires late runs before the I/O that arrived meanwhile: the responses
      // that end iterations are still unread, so their VUs only look busy. Read them first,
      // rather than open a new VU (a new connection) or drop an iteration that a VU could run.
      await rt.yieldToIO();
      if (rt.stopping) break;
      vu = free.pop();
    }
    if (vu) run(vu, intendedAt);
    else if (allocated < maxVUs) growAndRun(intendedAt);
    else rt.dropIteration();
  }
  const endAt = rt.startAt + settings.activeMs;
  await rt.settle(waitAll(inFlight), endAt + rt.gracefulStopMs);
  rt.setActiveVUs(0);
  await Promise.all(every.map((vu) => rt.retireVU(vu)));
}

/** Resolves when the set is empty, including promises added while waiting. */
async function waitAll(inFlight: Set<Promise<void>>): Promise<void> {
  while (inFlight.size > 0) await Promise.all(inFlight);
}
