/**
 * Pure timing math for the executors: numbers in, numbers out, tested on a virtual clock.
 */
import type { PlannedStage } from '../plan/plan.ts';

export interface VuChange {
  /** ms from the scenario start */
  readonly atMs: number;
  readonly vus: number;
}

/**
 * The instants where a ramping-vus target changes, with the new count. Within a stage the
 * target moves linearly from the previous target to the stage's, rounded to whole VUs, so
 * a ramp from 0 to 10 over 10 s adds one VU at 0.5 s, 1.5 s, ... 9.5 s.
 */
export function rampingVuChanges(startVUs: number, stages: readonly PlannedStage[]): VuChange[] {
  const changes: VuChange[] = [{ atMs: 0, vus: startVUs }];
  let from = startVUs;
  let stageStart = 0;
  for (const stage of stages) {
    const to = stage.target;
    if (stage.durationMs === 0 || to === from) {
      if (to !== from) changes.push({ atMs: stageStart, vus: to });
    } else {
      const step = to > from ? 1 : -1;
      for (let count = from + step; count !== to + step; count += step) {
        // the rounded target reaches `count` when the line crosses the half-way point before it
        const crossing = count - step / 2;
        const atMs = stageStart + (stage.durationMs * (crossing - from)) / (to - from);
        changes.push({ atMs, vus: count });
      }
    }
    stageStart += stage.durationMs;
    from = to;
  }
  return changes;
}

/**
 * Intended start offsets (ms) of a constant-arrival-rate scenario's iterations: k·unit/rate
 * for every k with k·unit < duration·rate. Both sides are whole numbers for whole rates and
 * milliseconds, so the count is exact; `k * (unit / rate)` compared with the duration was
 * not (19/s for 1 s started 20: 19 · (1000/19) rounds below 1000).
 */
export function* constantArrivals(rate: number, timeUnitMs: number, durationMs: number): Generator<number> {
  const end = durationMs * rate;
  for (let k = 0; k * timeUnitMs < end; k++) yield (k * timeUnitMs) / rate;
}

/**
 * Intended start offsets (ms) of a ramping-arrival-rate scenario's iterations: iteration k
 * starts when the integral of the rate reaches k. The rate moves linearly within a stage,
 * so each start time solves a quadratic; no drift accumulates.
 */
export function* rampingArrivals(
  startRate: number,
  timeUnitMs: number,
  stages: readonly PlannedStage[],
): Generator<number> {
  let k = 0;
  let done = 0; // iterations the stages so far account for (fractional)
  let stageStart = 0;
  let from = startRate;
  for (const stage of stages) {
    const to = stage.target;
    const d = stage.durationMs;
    const inStage = (d * (from + to)) / 2 / timeUnitMs;
    while (k < done + inStage) {
      const need = k - done; // iterations into this stage
      yield stageStart + offsetInStage(need, from, to, d, timeUnitMs);
      k++;
    }
    done += inStage;
    stageStart += d;
    from = to;
  }
}

/** Solves need = (from·t + (to − from)·t²/(2d)) / unit for t in [0, d]. */
function offsetInStage(need: number, from: number, to: number, d: number, unit: number): number {
  if (need <= 0) return 0;
  const a = (to - from) / (2 * d * unit);
  const b = from / unit;
  if (Math.abs(a) < 1e-15) return need / b;
  const t = (-b + Math.sqrt(b * b + 4 * a * need)) / (2 * a);
  return Math.min(Math.max(t, 0), d);
}
