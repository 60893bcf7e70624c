import type { ThinkTime } from './types.ts';

/**
 * Think time between a user's tasks, in seconds, as Locust's wait_time functions.
 *
 * @example think: between(1, 5) // a uniform random wait of 1 to 5 seconds
 */
export function between(minSeconds: number, maxSeconds: number): ThinkTime {
  if (!(minSeconds >= 0 && maxSeconds >= minSeconds)) {
    throw new RangeError(`between(${minSeconds}, ${maxSeconds}): need 0 <= min <= max`);
  }
  return () => minSeconds + Math.random() * (maxSeconds - minSeconds);
}

/** @example think: constant(2) // always 2 seconds */
export function constant(seconds: number): ThinkTime {
  if (!(seconds >= 0)) throw new RangeError(`constant(${seconds}): need a wait >= 0`);
  return () => seconds;
}

/**
 * Waits so that each task starts `seconds` after the previous one started, whatever the
 * task took (no wait when it took longer).
 *
 * @example think: constantPacing(10) // one task every 10 seconds per user
 */
export function constantPacing(seconds: number): ThinkTime {
  if (!(seconds >= 0)) throw new RangeError(`constantPacing(${seconds}): need a pace >= 0`);
  return ({ lastTaskMs }) => Math.max(0, seconds - lastTaskMs / 1000);
}
