import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantArrivals, rampingArrivals, rampingVuChanges } from './schedule.ts';

test('ramping VUs change at the half-way crossings and end on each target', () => {
  const changes = rampingVuChanges(0, [
    { durationMs: 10_000, target: 10 },
    { durationMs: 5_000, target: 10 },
    { durationMs: 10_000, target: 0 },
  ]);
  assert.deepEqual(changes[0], { atMs: 0, vus: 0 });
  assert.deepEqual(changes[1], { atMs: 500, vus: 1 });
  assert.deepEqual(changes[10], { atMs: 9_500, vus: 10 });
  assert.deepEqual(changes[11], { atMs: 15_500, vus: 9 });
  assert.deepEqual(changes.at(-1), { atMs: 24_500, vus: 0 });
  assert.equal(changes.length, 21);
  for (let i = 1; i < changes.length; i++) assert.ok(changes[i]!.atMs >= changes[i - 1]!.atMs);
});

test('a zero-length stage jumps at once', () => {
  const changes = rampingVuChanges(2, [
    { durationMs: 0, target: 8 },
    { durationMs: 1000, target: 8 },
  ]);
  assert.deepEqual(changes, [
    { atMs: 0, vus: 2 },
    { atMs: 0, vus: 8 },
  ]);
});

test('constant arrivals are evenly spaced and exactly rate × duration', () => {
  const starts = [...constantArrivals(2000, 1000, 10_000)];
  assert.equal(starts.length, 20_000);
  assert.equal(starts[1], 0.5);
  assert.ok(starts.at(-1)! < 10_000);
  const slow = [...constantArrivals(3, 60_000, 60_000)];
  assert.deepEqual(slow, [0, 20_000, 40_000]);
  // 1000/19 ms times 19 rounds below 1 000: a 20th start by the period's multiples
  assert.equal([...constantArrivals(19, 1000, 1000)].length, 19);
  assert.equal([...constantArrivals(2.5, 1000, 3000)].length, 8);
});

test('ramping arrivals integrate the rate: a 0→100/s ramp over 10 s starts 500 iterations', () => {
  const starts = [...rampingArrivals(0, 1000, [{ durationMs: 10_000, target: 100 }])];
  assert.equal(starts.length, 500);
  // the count started by time t is 5·t² (t in s): half of them in the last ~2.93 s
  const byFive = starts.filter((t) => t < 5000).length;
  assert.ok(Math.abs(byFive - 125) <= 1, `started by 5 s: ${byFive}`);
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! >= starts[i - 1]!);
});

test('ramping arrivals over flat and falling stages', () => {
  const starts = [
    ...rampingArrivals(10, 1000, [
      { durationMs: 2000, target: 10 },
      { durationMs: 2000, target: 0 },
    ]),
  ];
  assert.equal(starts.length, 30);
  assert.equal(starts[1], 100);
  assert.ok(starts.at(-1)! < 4000);
  assert.equal(starts.filter((t) => t >= 2000).length, 10);
});
