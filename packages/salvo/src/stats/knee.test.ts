import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findKnee } from './knee.ts';

test('a throughput that stops growing at a level has its knee there', () => {
  const levels = [1, 5, 10, 20, 50, 100, 200];
  const saturating = levels.map((n) => Math.min(n, 20) * 40);
  assert.equal(levels[findKnee(levels, saturating)!.index], 20);
  const doubling = [1, 2, 4, 8, 16, 32];
  assert.equal(
    doubling[
      findKnee(
        doubling,
        doubling.map((n) => Math.min(n, 8) * 50),
      )!.index
    ],
    8,
  );
});

test('a curve that rises then falls (retrograde) has its knee at or before the peak', () => {
  const levels = [1, 2, 4, 8, 16, 32];
  const usl = levels.map((n) => (50 * n) / (1 + 0.1 * (n - 1) + 0.01 * n * (n - 1)));
  assert.equal(levels[findKnee(levels, usl)!.index], 8);
});

test('throughput still growing in proportion, or flat throughout, has no knee', () => {
  const levels = [1, 5, 10, 20, 50];
  assert.equal(
    findKnee(
      levels,
      levels.map((n) => n * 30),
    ),
    undefined,
  );
  assert.equal(findKnee(levels, [100, 100, 100, 100, 100]), undefined);
  // flat within noise: scaled to 0..1, the 110 at 5 would be a bend 0.92 above the diagonal
  assert.equal(findKnee(levels, [100, 110, 95, 105, 100]), undefined);
  // a server saturated at the first level, as a sweep of a one-slot server measured it
  assert.equal(findKnee([1, 2, 4, 8, 16, 32], [90, 97, 97, 97, 96, 97]), undefined);
  assert.equal(findKnee([1, 2], [10, 20]), undefined);
});
