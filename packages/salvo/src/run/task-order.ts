import type { PlannedTask } from '../plan/plan.ts';

/**
 * The order of weighted tasks: smooth weighted round-robin (nginx's upstream balancing), so
 * every `total` picks of one VU run each task exactly `weight` times, interleaved rather than
 * in bursts. Each VU starts at its own point of that cycle (VU n as if it had made n − 1
 * picks): otherwise every user would run the same task at the same iteration, and a rare
 * heavy task (an AI draft at weight 1 in 14) would arrive from all users at once, a burst
 * Locust's random choice never makes. VUs 1..total together then run the exact mix at
 * every iteration.
 */

/** Picks the next task's index and moves `credit` (one number per task) on. */
export function pickTask(tasks: readonly PlannedTask[], credit: number[], total: number): number {
  let best = 0;
  for (let i = 0; i < tasks.length; i++) {
    credit[i]! += tasks[i]!.weight;
    if (credit[i]! > credit[best]!) best = i;
  }
  credit[best]! -= total;
  return best;
}

/** The starting credit of VU `vuId` (1-based): the cycle advanced by vuId − 1 picks. */
export function startingCredit(tasks: readonly PlannedTask[], vuId: number): number[] {
  const credit = tasks.map(() => 0);
  const total = tasks.reduce((sum, task) => sum + task.weight, 0);
  if (total === 0) return credit;
  for (let step = 0; step < (vuId - 1) % total; step++) pickTask(tasks, credit, total);
  return credit;
}
