import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedExecutor } from '../plan/plan.ts';
import { runExecutor } from './index.ts';
import { VirtualRuntime } from './testing/virtual-runtime.ts';

/** Stops, ramp-down and resuming, on the virtual clock: every time below is exact. */
async function drive(
  config: PlannedExecutor,
  options: { iterationMs: number; gracefulStopMs?: number; resumeAt?: number },
  stop?: { at: number; mode: 'graceful' | 'hard' },
): Promise<VirtualRuntime> {
  const rt = new VirtualRuntime({ ...options, iterationMs: () => options.iterationMs });
  if (stop) rt.stopAt(stop.at, stop.mode);
  await rt.drive(runExecutor(config, rt));
  return rt;
}

const steady: PlannedExecutor = { type: 'constant-vus', vus: 3, durationMs: 10_000 };

test('a graceful stop starts no new iteration and lets running ones finish within gracefulStop', async () => {
  const rt = await drive(steady, { iterationMs: 4000, gracefulStopMs: 5000 }, { at: 5000, mode: 'graceful' });
  // iterations at 0 and 4000 on each VU; the ones running at 5000 end at 8000, in time
  assert.equal(rt.iterations.length, 6);
  assert.ok(rt.iterations.every((it) => it.at < 5000));
  assert.equal(rt.stoppedAt, 5000);
  assert.equal(rt.settledByDeadlineAt, undefined);
  assert.equal(rt.retired, 3);
});

test('iterations still running gracefulStop after a graceful stop are interrupted then', async () => {
  const rt = await drive(steady, { iterationMs: 4000, gracefulStopMs: 1000 }, { at: 5000, mode: 'graceful' });
  assert.equal(rt.iterations.length, 6);
  assert.equal(rt.settledByDeadlineAt, 6000);
});

test('a hard stop interrupts at once', async () => {
  const rt = await drive(steady, { iterationMs: 4000, gracefulStopMs: 30_000 }, { at: 5000, mode: 'hard' });
  assert.equal(rt.settledByDeadlineAt, 5000);
});

test('an arrival-rate scenario stopped gracefully starts nothing after the stop', async () => {
  const config: PlannedExecutor = {
    type: 'constant-arrival-rate',
    rate: 10,
    timeUnitMs: 1000,
    durationMs: 10_000,
    preAllocatedVUs: 2,
    maxVUs: 2,
  };
  const rt = await drive(config, { iterationMs: 50 }, { at: 2500, mode: 'graceful' });
  assert.equal(rt.iterations.length, 25);
  assert.equal(rt.dropped, 0);
});

const rampDown = (gracefulRampDownMs: number): PlannedExecutor => ({
  type: 'ramping-vus',
  startVUs: 4,
  stages: [
    { durationMs: 5000, target: 4 },
    { durationMs: 0, target: 1 },
    { durationMs: 5000, target: 1 },
  ],
  gracefulRampDownMs,
});

test('ramp-down: VUs ramped down finish their iteration within gracefulRampDown', async () => {
  const rt = await drive(rampDown(5000), { iterationMs: 4000 });
  assert.equal(rt.interrupted, 0);
  assert.equal(rt.activeAt(5000), 1);
  // three VUs ramped down at 5000 ran no iteration after their one in progress (4000..8000)
  const after = rt.iterations.filter((it) => it.at > 5000);
  assert.ok(
    after.every((it) => it.vu === after[0]!.vu),
    'only the remaining VU iterates',
  );
});

test('ramp-down: a VU still busy gracefulRampDown after it was ramped down is interrupted then', async () => {
  const rt = await drive(rampDown(1000), { iterationMs: 4000 });
  assert.deepEqual(rt.interruptions, [6000, 6000, 6000]);
});

test('a share resumed mid-run starts its arrivals at the resume instant, none before', async () => {
  const config: PlannedExecutor = {
    type: 'constant-arrival-rate',
    rate: 10,
    timeUnitMs: 1000,
    durationMs: 10_000,
    preAllocatedVUs: 2,
    maxVUs: 2,
  };
  const rt = await drive(config, { iterationMs: 50, resumeAt: 6000 });
  assert.equal(rt.iterations.length, 40);
  assert.equal(rt.iterations[0]!.at, 6000);
  assert.ok(rt.iterations.every((it) => it.lagMs === 0));
});

test('a ramping-vus share resumed mid-run goes straight to the target in force', async () => {
  const config: PlannedExecutor = {
    type: 'ramping-vus',
    startVUs: 0,
    stages: [
      { durationMs: 10_000, target: 10 },
      { durationMs: 10_000, target: 10 },
    ],
    gracefulRampDownMs: 0,
  };
  const rt = await drive(config, { iterationMs: 250, resumeAt: 12_000 });
  assert.equal(rt.created, 10);
  assert.ok(rt.iterations.every((it) => it.at >= 12_000));
  assert.equal(rt.activeAt(12_000), 10);
  assert.equal(rt.activeAt(15_000), 10);
});
