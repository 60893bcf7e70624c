import type { Plan } from '../plan/plan.ts';
import { type Segment, shareOf, splitSegment, WHOLE } from '../plan/segment.ts';

/**
 * The iterations a share of the plan must run, per iteration-count scenario
 * (per-vu-iterations: its VUs × iterations; shared-iterations: its part of the pool). A
 * lost runner's share is followed by these: what it reported done stays done, the rest is
 * handed to the runners that take over (docs/cluster.md).
 */
export function plannedIterations(plan: Plan, segment: Segment): Map<string, number> {
  const planned = new Map<string, number>();
  for (const { name, executor } of plan.scenarios) {
    if (executor.type === 'per-vu-iterations')
      planned.set(name, shareOf(segment, executor.vus) * executor.iterations);
    else if (executor.type === 'shared-iterations') planned.set(name, shareOf(segment, executor.iterations));
  }
  return planned;
}

/** `count` cut in proportion to `weights` (whole numbers > 0); the parts add up to it exactly. */
export function splitCount(count: number, weights: readonly number[]): number[] {
  return splitSegment(WHOLE, weights).map((part) => shareOf(part, count));
}

/** One iteration-count scenario of a lost share: what it had to run, what it reported, who takes the rest. */
export interface HandedScenario {
  readonly scenario: string;
  readonly planned: number;
  readonly reported: number;
  /** The undone iterations per runner taking over, in the order of `takers`. */
  readonly parts: readonly number[];
}

/** What each iteration-count scenario of a lost share leaves, cut among `weights`. */
export function handOn(
  planned: ReadonlyMap<string, number>,
  reported: ReadonlyMap<string, number>,
  weights: readonly number[],
): HandedScenario[] {
  return [...planned].map(([scenario, count]) => {
    const done = reported.get(scenario) ?? 0;
    return {
      scenario,
      planned: count,
      reported: done,
      parts: splitCount(Math.max(0, count - done), weights),
    };
  });
}

/** For the run's notes: `sh: 20 of its 120 iterations reported done, 100 handed on (a 50, b 50)`. */
export function describeHanded(handed: readonly HandedScenario[], takers: readonly string[]): string {
  return handed
    .map(({ scenario, planned, reported, parts }) => {
      const left = parts.reduce((sum, part) => sum + part, 0);
      const who = takers.map((name, index) => `${name} ${parts[index]}`).join(', ');
      return `${scenario}: ${reported} of its ${planned} iterations reported done, ${left} handed on (${who})`;
    })
    .join('; ');
}
