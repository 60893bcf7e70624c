import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../stats/index.ts';
import type { ResultsSeries, SeriesBlock } from '../index.ts';
import { findChangePoints, pelt } from './index.ts';

/** A per-second latency series: lognormal noise (sd 8 % of the level), the level given per second. */
function latencies(levels: readonly number[], seed: number): number[] {
  const random = seededRandom(seed);
  return levels.map((level) => {
    const u = 1 - random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return level * Math.exp(0.08 * normal);
  });
}

function block(p95: (number | null)[], requests: number[], failures: number[]): SeriesBlock {
  return {
    requests,
    failures,
    errors: {},
    p50: p95,
    p90: p95,
    p95,
    p99: p95,
    max: p95,
    bytesSent: requests.map(() => 0),
    bytesReceived: requests.map(() => 0),
  };
}

function series(total: SeriesBlock, byName: Record<string, SeriesBlock> = {}): ResultsSeries {
  const length = total.requests.length;
  const t = Array.from({ length }, (_, i) => i * 1000);
  const zeros = t.map(() => 0);
  const nulls = t.map(() => null);
  return {
    t,
    vus: zeros,
    droppedIterations: zeros,
    iterations: zeros,
    total,
    byName,
    generator: {
      eventLoopDelayP99Ms: nulls,
      eventLoopDelayMaxMs: nulls,
      elu: nulls,
      cpu: nulls,
      cpuWait: nulls,
      saturated: t.map(() => false),
    },
  };
}

test('pelt: one step in the mean is found where it is', () => {
  const values = [...Array(40).fill(0), ...Array(40).fill(3)].map((v, i) => v + Math.sin(i * 12.9898) * 0.5);
  assert.deepEqual(pelt(values, { sigma: 0.5 }), [40]);
  assert.deepEqual(pelt(values.slice(0, 5), { sigma: 0.5 }), []);
});

test('pelt: two steps, and no change in a series too short for two stretches', () => {
  const values = [...Array(30).fill(1), ...Array(30).fill(5), ...Array(30).fill(2)].map(
    (v, i) => v + Math.cos(i * 7.1) * 0.3,
  );
  assert.deepEqual(pelt(values, { sigma: 0.3 }), [30, 60]);
});

test('a latency step at second 37 of 90 (12 ms to 18 ms) is found within 2 s of it', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const p95 = latencies(
      Array.from({ length: 90 }, (_, i) => (i < 37 ? 12 : 18)),
      seed,
    );
    const found = findChangePoints(
      series(
        block(
          p95,
          p95.map(() => 100),
          p95.map(() => 0),
        ),
      ),
    );
    assert.equal(found.length, 1, `seed ${seed}: ${JSON.stringify(found)}`);
    const [point] = found;
    assert.equal(point!.series, 'p95');
    assert.ok(Math.abs(point!.atMs - 37_000) <= 2000, `seed ${seed}: at ${point!.atMs}`);
    assert.ok(Math.abs(point!.before - 12) < 1 && Math.abs(point!.after - 18) < 1.5, JSON.stringify(point));
  }
});

test('flat noisy series give no change point (20 seeds, with single-second spikes)', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const p95 = latencies(Array(120).fill(25), seed);
    p95[30] = 250; // a GC pause: one second, not a new level
    p95[77] = 90;
    const random = seededRandom(seed + 100);
    const failures = p95.map(() => (random() < 0.02 ? 1 : 0));
    const found = findChangePoints(
      series(
        block(
          p95,
          p95.map(() => 50),
          failures,
        ),
      ),
    );
    assert.deepEqual(found, [], `seed ${seed}`);
  }
});

test('an error-rate step is found per request name; seconds without requests are skipped', () => {
  const length = 60;
  const requests = Array.from({ length }, (_, i) => (i % 10 === 9 ? 0 : 100));
  const failures = requests.map((n, i) => (n === 0 ? 0 : i >= 25 ? 20 + (i % 3) : i % 2));
  const p95 = requests.map((n) => (n === 0 ? null : 10));
  const quiet = block(
    p95,
    requests,
    requests.map(() => 0),
  );
  const found = findChangePoints(series(quiet, { '/pay': block(p95, requests, failures) }));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.deepEqual(
    { ...found[0], before: undefined, after: undefined },
    {
      series: 'error_rate',
      name: '/pay',
      atMs: 25_000,
      before: undefined,
      after: undefined,
    },
  );
  assert.ok(found[0]!.before < 0.01 && found[0]!.after > 0.19, JSON.stringify(found[0]));
});
