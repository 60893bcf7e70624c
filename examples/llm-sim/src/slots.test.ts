import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Slots } from './slots.ts';

test('slots run up to the limit and hand freed slots to waiters first come, first served', () => {
  const slots = new Slots(2, 10);
  const started: number[] = [];
  const tickets = [0, 1, 2, 3].map((i) => slots.acquire(() => started.push(i))!);
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual([slots.running, slots.queued], [2, 2]);
  tickets[1]!.release();
  tickets[1]!.release();
  assert.deepEqual(started, [0, 1, 2]);
  assert.deepEqual([slots.running, slots.queued], [2, 1]);
});

test('a waiter that leaves the queue never starts and holds no slot', () => {
  const slots = new Slots(1, 10);
  const started: string[] = [];
  const running = slots.acquire(() => started.push('a'))!;
  const leaving = slots.acquire(() => started.push('b'))!;
  slots.acquire(() => started.push('c'));
  leaving.release();
  assert.equal(slots.queued, 1);
  running.release();
  assert.deepEqual(started, ['a', 'c']);
  assert.deepEqual([slots.running, slots.queued], [1, 0]);
});

test('a full queue refuses', () => {
  const slots = new Slots(1, 1);
  assert.ok(slots.acquire(() => {}));
  assert.ok(slots.acquire(() => {}));
  assert.equal(
    slots.acquire(() => {}),
    undefined,
  );
  assert.deepEqual([slots.running, slots.queued], [1, 1]);
});
