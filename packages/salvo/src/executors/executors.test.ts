import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedExecutor } from '../plan/plan.ts';
import { WHOLE, weightedSegments } from '../plan/segment.ts';
import { runExecutor } from './index.ts';
import { VirtualRuntime } from './testing/virtual-runtime.ts';
import { VU_BATCH } from './vu-batches.ts';

async function run(config: PlannedExecutor, iterationMs: number, segment = WHOLE) {
  const rt = new VirtualRuntime({ iterationMs: () => iterationMs, segment, gracefulStopMs: 1000 });
  await rt.drive(runExecutor(config, rt));
  return rt;
}

test('constant-vus: N VUs loop back to back for the duration', async () => {
  const rt = await run({ type: 'constant-vus', vus: 5, durationMs: 10_000 }, 1000);
  assert.equal(rt.iterations.length, 50);
  assert.equal(rt.created, 5);
  assert.equal(rt.retired, 5);
  assert.equal(rt.activeAt(5000), 5);
  assert.equal(rt.iterations.filter((it) => it.at >= 10_000).length, 0);
  assert.ok(rt.iterations.every((it) => it.lagMs === undefined));
});

test('per-vu-iterations: every VU runs exactly its iterations', async () => {
  const rt = await run({ type: 'per-vu-iterations', vus: 3, iterations: 4, maxDurationMs: 60_000 }, 100);
  assert.equal(rt.iterations.length, 12);
  for (let vu = 0; vu < 3; vu++) assert.equal(rt.iterations.filter((it) => it.vu === vu).length, 4);
});

test('shared-iterations: the VUs share exactly the pool', async () => {
  const rt = await run({ type: 'shared-iterations', vus: 3, iterations: 10, maxDurationMs: 60_000 }, 100);
  assert.equal(rt.iterations.length, 10);
});

test('maxDuration bounds the iteration executors', async () => {
  const rt = await run({ type: 'shared-iterations', vus: 2, iterations: 1000, maxDurationMs: 1000 }, 100);
  assert.equal(rt.iterations.length, 20);
});

test('ramping-vus: the active VU count follows the stages', async () => {
  const rt = await run(
    {
      type: 'ramping-vus',
      startVUs: 0,
      stages: [
        { durationMs: 10_000, target: 10 },
        { durationMs: 10_000, target: 10 },
        { durationMs: 10_000, target: 0 },
      ],
      gracefulRampDownMs: 0,
    },
    250,
  );
  assert.equal(rt.activeAt(400), 0);
  assert.equal(rt.activeAt(600), 1);
  assert.equal(rt.activeAt(5000), 5);
  assert.equal(rt.activeAt(15_000), 10);
  assert.equal(rt.activeAt(25_000), 5);
  assert.equal(rt.activeAt(30_000), 0);
  assert.ok(rt.created <= 10, `VUs are reused, created ${rt.created}`);
  // 10 VUs × 4 it/s over the 10 s plateau, plus the ramps (half of that each)
  assert.ok(Math.abs(rt.iterations.length - 800) <= 20, `iterations ${rt.iterations.length}`);
});

test('constant-arrival-rate: starts on schedule, exact count, no lag', async () => {
  const rt = await run(
    {
      type: 'constant-arrival-rate',
      rate: 20,
      timeUnitMs: 1000,
      durationMs: 10_000,
      preAllocatedVUs: 2,
      maxVUs: 2,
    },
    50,
  );
  assert.equal(rt.iterations.length, 200);
  assert.equal(rt.dropped, 0);
  assert.deepEqual(
    rt.iterations.slice(0, 3).map((it) => it.at),
    [0, 50, 100],
  );
  assert.ok(rt.iterations.every((it) => it.lagMs === 0));
});

test('constant-arrival-rate: grows to maxVUs, then drops and counts the rest', async () => {
  // 10/s of 1 s iterations needs 10 VUs; with at most 4, 6 of every 10 are dropped
  const rt = await run(
    {
      type: 'constant-arrival-rate',
      rate: 10,
      timeUnitMs: 1000,
      durationMs: 10_000,
      preAllocatedVUs: 1,
      maxVUs: 4,
    },
    1000,
  );
  assert.equal(rt.created, 4);
  assert.equal(rt.iterations.length + rt.dropped, 100);
  assert.ok(Math.abs(rt.iterations.length - 40) <= 4, `started ${rt.iterations.length}`);
});

test('ramping-arrival-rate: the count integrates the stages', async () => {
  const rt = await run(
    {
      type: 'ramping-arrival-rate',
      startRate: 0,
      timeUnitMs: 1000,
      stages: [
        { durationMs: 10_000, target: 100 },
        { durationMs: 10_000, target: 100 },
      ],
      preAllocatedVUs: 20,
      maxVUs: 20,
    },
    10,
  );
  assert.equal(rt.iterations.length, 500 + 1000);
  assert.equal(rt.dropped, 0);
});

test('segments of a split add up to the whole plan', async () => {
  const configs: PlannedExecutor[] = [
    {
      type: 'constant-arrival-rate',
      rate: 33,
      timeUnitMs: 1000,
      durationMs: 3000,
      // the smallest part, 1/6, gets one VU of six
      preAllocatedVUs: 6,
      maxVUs: 6,
    },
    { type: 'shared-iterations', vus: 6, iterations: 101, maxDurationMs: 60_000 },
    { type: 'per-vu-iterations', vus: 7, iterations: 3, maxDurationMs: 60_000 },
  ];
  for (const config of configs) {
    const whole = (await run(config, 10)).iterations.length;
    let parts = 0;
    for (const segment of weightedSegments([1, 2, 3]))
      parts += (await run(config, 10, segment)).iterations.length;
    assert.equal(parts, whole, config.type);
  }
});

test('many VUs start in batches, the event loop turning between them', async () => {
  const vus = 3 * VU_BATCH + 10;
  const configs: PlannedExecutor[] = [
    { type: 'constant-vus', vus, durationMs: 1000 },
    { type: 'per-vu-iterations', vus, iterations: 1, maxDurationMs: 1000 },
    { type: 'shared-iterations', vus, iterations: vus, maxDurationMs: 1000 },
    {
      type: 'ramping-vus',
      startVUs: vus,
      stages: [{ durationMs: 1000, target: vus }],
      gracefulRampDownMs: 0,
    },
    {
      type: 'constant-arrival-rate',
      rate: 1,
      timeUnitMs: 1000,
      durationMs: 1000,
      preAllocatedVUs: vus,
      maxVUs: vus,
    },
  ];
  for (const config of configs) {
    const rt = await run(config, 100);
    assert.equal(rt.created, vus, config.type);
    assert.equal(rt.yields, 3, config.type);
  }
});

test('a stop while VUs are starting starts no more', async () => {
  const configs: PlannedExecutor[] = [
    { type: 'constant-vus', vus: 10 * VU_BATCH, durationMs: 1000 },
    {
      type: 'ramping-vus',
      startVUs: 10 * VU_BATCH,
      stages: [{ durationMs: 1000, target: 0 }],
      gracefulRampDownMs: 0,
    },
    {
      type: 'constant-arrival-rate',
      rate: 1,
      timeUnitMs: 1000,
      durationMs: 1000,
      preAllocatedVUs: 10 * VU_BATCH,
      maxVUs: 10 * VU_BATCH,
    },
  ];
  for (const config of configs) {
    const rt = new VirtualRuntime({ iterationMs: () => 100, gracefulStopMs: 1000 });
    // Ctrl-C arrives during the second turn of the event loop
    rt.yieldToIO = () => {
      rt.yields++;
      if (rt.yields === 2) rt.stopping = true;
      return Promise.resolve();
    };
    await rt.drive(runExecutor(config, rt));
    assert.equal(rt.created, 2 * VU_BATCH, config.type);
  }
});
