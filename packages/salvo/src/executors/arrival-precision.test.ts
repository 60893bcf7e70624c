import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedExecutor } from '../plan/plan.ts';
import { equalSegments } from '../plan/segment.ts';
import { runArrivals } from './arrival-driver.ts';
import { runExecutor } from './index.ts';
import { VirtualRuntime } from './testing/virtual-runtime.ts';

/** Starts of every segment of a `count`-way split, on the virtual clock. */
async function startsOfSplit(config: PlannedExecutor, count: number): Promise<number[]> {
  const starts: number[] = [];
  for (const segment of equalSegments(count)) {
    const rt = new VirtualRuntime({ iterationMs: () => 1, segment });
    await rt.drive(runExecutor(config, rt));
    assert.equal(rt.dropped, 0);
    for (const it of rt.iterations) {
      assert.equal(it.lagMs, 0, 'every start on time');
      starts.push(it.at);
    }
  }
  return starts;
}

function constant(rate: number, durationMs: number, timeUnitMs = 1000): PlannedExecutor {
  return { type: 'constant-arrival-rate', rate, timeUnitMs, durationMs, preAllocatedVUs: 4, maxVUs: 4 };
}

test('open-model starts in [0, duration) are exactly rate × duration, however the rate is split', async () => {
  const cases: { config: PlannedExecutor; expected: number; splits: number[] }[] = [
    // 1 000/s per runner with two runners, as --workers auto on 2 cores
    { config: constant(2000, 10_000), expected: 20_000, splits: [1, 2] },
    // 1000/19 ms does not add up to 1 000 in floating point: k · period once started a 20th
    { config: constant(19, 1000), expected: 19, splits: [1, 2, 3] },
    { config: constant(61, 7000), expected: 427, splits: [1, 4] },
    // per runner 1.5/s and 1.75/s: not whole rates per runner
    { config: constant(3, 10_000), expected: 30, splits: [2] },
    { config: constant(7, 3000), expected: 21, splits: [4] },
    // 1 000 per minute for 6 s, split three ways
    { config: constant(1000, 6000, 60_000), expected: 100, splits: [1, 3] },
    {
      config: {
        type: 'ramping-arrival-rate',
        startRate: 0,
        timeUnitMs: 1000,
        stages: [
          { durationMs: 10_000, target: 100 },
          { durationMs: 3000, target: 33 },
        ],
        preAllocatedVUs: 4,
        maxVUs: 4,
      },
      // 500 + 199.5 iterations of rate: the 700th starts when the integral reaches 699
      expected: 700,
      splits: [1, 3],
    },
  ];
  for (const { config, expected, splits } of cases) {
    const durationMs =
      config.type === 'constant-arrival-rate'
        ? config.durationMs
        : config.type === 'ramping-arrival-rate'
          ? config.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
          : 0;
    for (const count of splits) {
      const starts = await startsOfSplit(config, count);
      const label = `${config.type} split ${count}`;
      assert.equal(starts.length, expected, label);
      assert.ok(
        starts.every((at) => at >= 0 && at < durationMs),
        label,
      );
      assert.equal(new Set(starts).size, starts.length, `${label}: no start twice`);
    }
  }
});

test('iterations due together reuse a VU whose iteration ends at that instant instead of dropping', async () => {
  // a late timer finds five starts due at once; the one VU's iterations end at once too
  // (as responses already read by the socket but not yet by the event loop)
  const rt = new VirtualRuntime({ iterationMs: () => 0 });
  await rt.drive(runArrivals({ offsets: [0, 0, 0, 0, 0], activeMs: 1, preAllocatedVUs: 1, maxVUs: 1 }, rt));
  assert.equal(rt.dropped, 0);
  assert.equal(rt.iterations.length, 5);
  assert.equal(rt.created, 1);
});

test('a drop still happens when no VU frees up', async () => {
  const rt = new VirtualRuntime({ iterationMs: () => 10 });
  await rt.drive(runArrivals({ offsets: [0, 0, 0, 0, 0], activeMs: 1, preAllocatedVUs: 1, maxVUs: 2 }, rt));
  assert.equal(rt.iterations.length, 2);
  assert.equal(rt.dropped, 3);
  assert.equal(rt.created, 2);
});
