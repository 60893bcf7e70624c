import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Plan } from '../plan/plan.ts';
import { parseSegment, weightedSegments } from '../plan/segment.ts';
import { describeHanded, handOn, plannedIterations, splitCount } from './handed-iterations.ts';

test('a count cut by capacity adds up to it exactly, however uneven', () => {
  for (const [count, weights] of [
    [0, [1, 2]],
    [1, [3, 3, 3]],
    [97, [200, 100, 7]],
    [1_000_003, [5, 11, 13, 17]],
  ] as const) {
    const parts = splitCount(count, weights);
    assert.equal(parts.length, weights.length);
    assert.equal(
      parts.reduce((sum, part) => sum + part, 0),
      count,
    );
  }
  assert.deepEqual(splitCount(56, [200, 200]), [28, 28]);
});

test("a share's iterations: VUs × iterations for per-vu-iterations, its part of the pool for shared-iterations", () => {
  const scenario = (name: string, executor: object) => ({ name, executor }) as Plan['scenarios'][number];
  const plan = {
    scenarios: [
      scenario('pool', { type: 'shared-iterations', vus: 6, iterations: 360, maxDurationMs: 60_000 }),
      scenario('each', { type: 'per-vu-iterations', vus: 5, iterations: 60, maxDurationMs: 60_000 }),
      scenario('open', { type: 'constant-arrival-rate' }),
    ],
  } as unknown as Plan;
  const shares = weightedSegments([200, 200, 100]).map((segment) => plannedIterations(plan, segment));
  assert.deepEqual(
    shares.map((share) => [...share]),
    [
      [
        ['pool', 144],
        ['each', 120],
      ],
      [
        ['pool', 144],
        ['each', 120],
      ],
      [
        ['pool', 72],
        ['each', 60],
      ],
    ],
  );
  // a part of a part: the pool's shares still add up to the plan
  assert.equal(plannedIterations(plan, parseSegment('4/5:9/10')!).get('pool'), 36);
  const handed = handOn(shares[2]!, new Map([['pool', 16]]), [200, 200]);
  assert.deepEqual(handed, [
    { scenario: 'pool', planned: 72, reported: 16, parts: [28, 28] },
    { scenario: 'each', planned: 60, reported: 0, parts: [30, 30] },
  ]);
  assert.equal(
    describeHanded(handed, ['i1', 'i2']),
    'pool: 16 of its 72 iterations reported done, 56 handed on (i1 28, i2 28); ' +
      'each: 0 of its 60 iterations reported done, 60 handed on (i1 30, i2 30)',
  );
});
