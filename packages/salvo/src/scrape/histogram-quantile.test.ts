import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketIncrease, increase, quantile } from './histogram-quantile.ts';

const buckets = (entries: [number, number][]) => new Map(entries);

describe('quantile (histogram_quantile)', () => {
  // 100 observations: 10 up to 0.1 s, 80 in (0.1, 0.5], 10 in (0.5, 1]
  const spread = buckets([
    [0.1, 10],
    [0.5, 90],
    [1, 100],
    [Infinity, 100],
  ]);

  it('interpolates linearly inside the bucket that reaches the rank, as Prometheus does', () => {
    assert.equal(quantile(0.05, spread), 0.05); // from 0 inside the first bucket
    assert.equal(quantile(0.5, spread), 0.1 + 0.4 * (40 / 80));
    assert.ok(Math.abs(quantile(0.95, spread)! - (0.5 + 0.5 * (5 / 10))) < 1e-12);
  });

  it('gives the highest finite bound for a rank in the +Inf bucket', () => {
    const tail = buckets([
      [0.1, 1],
      [0.5, 2],
      [Infinity, 10],
    ]);
    assert.equal(quantile(0.99, tail), 0.5);
  });

  it('is undefined with no observations or no +Inf bucket', () => {
    assert.equal(
      quantile(
        0.5,
        buckets([
          [0.1, 0],
          [Infinity, 0],
        ]),
      ),
      undefined,
    );
    assert.equal(quantile(0.5, buckets([[0.1, 5]])), undefined);
  });
});

describe('increase', () => {
  it('is the difference, or the whole value after a reset', () => {
    assert.equal(increase(10, 25), 15);
    assert.equal(increase(10, 4), 4);
    assert.equal(increase(undefined, 4), 0);
  });

  it('takes bucket increases, all of them new after a reset', () => {
    const before = buckets([
      [0.1, 5],
      [Infinity, 8],
    ]);
    assert.deepEqual(
      [
        ...bucketIncrease(
          before,
          buckets([
            [0.1, 7],
            [Infinity, 12],
          ]),
        ),
      ],
      [
        [0.1, 2],
        [Infinity, 4],
      ],
    );
    assert.deepEqual(
      [
        ...bucketIncrease(
          before,
          buckets([
            [0.1, 1],
            [Infinity, 2],
          ]),
        ),
      ],
      [
        [0.1, 1],
        [Infinity, 2],
      ],
    );
  });
});
