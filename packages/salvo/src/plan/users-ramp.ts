import type { Stage } from './types.ts';

/** Locust's `--users N --spawn-rate R`: how many users, started how many a second. */
export interface UsersRamp {
  readonly users: number;
  readonly spawnRate: number;
}

/**
 * The ramping-vus stages of Locust's ramp over a run of `durationMs`, the ramp included (as
 * Locust's `--run-time` counts it): from 0 to `users` at `spawnRate` users a second, then
 * held for the rest of the run. A run shorter than the ramp ends part-way up it.
 *
 * @example usersRampStages({ users: 100, spawnRate: 10 }, 60_000)
 * // [{ duration: 10000, target: 100 }, { duration: 50000, target: 100 }]
 */
export function usersRampStages(ramp: UsersRamp, durationMs: number): Stage[] {
  const rampMs = Math.round((ramp.users / ramp.spawnRate) * 1000);
  if (durationMs <= rampMs) {
    return [{ duration: durationMs, target: Math.floor((ramp.spawnRate * durationMs) / 1000) }];
  }
  return [
    { duration: rampMs, target: ramp.users },
    { duration: durationMs - rampMs, target: ramp.users },
  ];
}
