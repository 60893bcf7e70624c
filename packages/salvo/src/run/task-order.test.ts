import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedTask } from '../plan/plan.ts';
import { pickTask, startingCredit } from './task-order.ts';

const task = (name: string, weight: number): PlannedTask => ({ name, weight, run: () => {} });
const TASKS = [task('A', 6), task('B', 3), task('C', 1)];

/** The names VU `vuId` runs in its first `n` iterations. */
function order(vuId: number, n: number): string {
  const credit = startingCredit(TASKS, vuId);
  return Array.from({ length: n }, () => TASKS[pickTask(TASKS, credit, 10)]!.name).join(' ');
}

test('VU 1 runs the smooth weighted round-robin from its start, interleaved', () => {
  assert.equal(order(1, 10), 'A B A A B A C A B A');
  assert.equal(order(1, 20), `${order(1, 10)} ${order(1, 10)}`);
});

test('VU n starts n − 1 picks into the cycle, and each VU still runs the exact weights every cycle', () => {
  const cycle = order(1, 10).split(' ');
  for (const vuId of [2, 7, 10, 11, 37]) {
    const picks = order(vuId, 30).split(' ');
    const shift = (vuId - 1) % 10;
    assert.deepEqual(picks.slice(0, 10), [...cycle.slice(shift), ...cycle.slice(0, shift)], `VU ${vuId}`);
    for (let start = 0; start <= 20; start++) {
      const window = picks.slice(start, start + 10);
      assert.deepEqual(
        ['A', 'B', 'C'].map((name) => window.filter((p) => p === name).length),
        [6, 3, 1],
        `VU ${vuId}, picks ${start}–${start + 9}`,
      );
    }
  }
});

test('ten VUs together run the mix at every iteration: a weight-1 task is never everyone’s at once', () => {
  const vus = Array.from({ length: 10 }, (_, i) => order(i + 1, 10).split(' '));
  for (let iteration = 0; iteration < 10; iteration++) {
    const names = vus.map((picks) => picks[iteration]);
    assert.deepEqual(
      ['A', 'B', 'C'].map((name) => names.filter((p) => p === name).length),
      [6, 3, 1],
      `iteration ${iteration}`,
    );
  }
});
