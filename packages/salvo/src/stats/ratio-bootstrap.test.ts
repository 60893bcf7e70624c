import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratioOfMediansInterval } from './ratio-bootstrap.ts';
import { median } from './summary.ts';

test('median of odd and even samples', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('the interval holds the true ratio of two samples 10x apart and narrows with more data', () => {
  // deterministic "noise": values spread ±20 % around 100 ms and 10 ms
  const spread = (centre: number, n: number) =>
    Array.from({ length: n }, (_, i) => centre * (0.8 + (0.4 * i) / (n - 1)));
  const small = ratioOfMediansInterval(spread(100, 5), spread(10, 10))!;
  const large = ratioOfMediansInterval(spread(100, 50), spread(10, 200))!;
  for (const interval of [small, large]) {
    assert.ok(interval.low <= 10 && interval.high >= 10, `${interval.low}..${interval.high}`);
    assert.ok(Math.abs(interval.estimate - 10) < 0.5);
  }
  assert.ok(large.high - large.low < small.high - small.low);
  assert.equal(small.method, 'percentile bootstrap of the ratio of medians');
});

test('the same data give the same interval (seeded), and nothing divides by zero', () => {
  const a = ratioOfMediansInterval([50, 60, 70], [5, 6, 7, 8]);
  assert.deepEqual(a, ratioOfMediansInterval([50, 60, 70], [5, 6, 7, 8]));
  assert.equal(ratioOfMediansInterval([], [5]), undefined);
  assert.equal(ratioOfMediansInterval([50], []), undefined);
  assert.equal(ratioOfMediansInterval([50], [0, 0, 0]), undefined);
});
