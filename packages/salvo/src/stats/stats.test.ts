import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bootstrapMedianChange,
  mannWhitney,
  median,
  normalCdf,
  proportionTest,
  quantileSorted,
  robustSigma,
  seededRandom,
} from './index.ts';

/** Normal samples (Box-Muller) from a seeded generator. */
function normals(count: number, mean: number, sd: number, random: () => number): number[] {
  return Array.from({ length: count }, () => {
    const u = 1 - random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

test('normalCdf matches the table', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(-2.575829) - 0.005) < 1e-6);
});

test('Mann-Whitney: two samples apart, by hand (n = 5 + 5: U 25, z = 12 / sqrt(275 / 12))', () => {
  const result = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.equal(result.u, 25);
  assert.ok(Math.abs(result.z - 12 / Math.sqrt(275 / 12)) < 1e-12);
  assert.ok(Math.abs(result.pValue - 0.012186) < 1e-5, String(result.pValue));
  assert.ok(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).z < 0);
});

test('Mann-Whitney: ties share their ranks and shrink the variance; all equal is no evidence', () => {
  // ranks: 1,1 -> 1.5; 2,2 -> 3.5; 3,3 -> 5.5. Second holds 2 (3.5) and both 3s: 14.5 - 6 = 8.5
  const result = mannWhitney([1, 1, 2], [2, 3, 3]);
  assert.equal(result.u, 8.5);
  assert.equal(mannWhitney([4, 4, 4], [4, 4]).pValue, 1);
  assert.equal(mannWhitney([], [1]).pValue, 1);
});

test('Mann-Whitney: samples of one distribution are flagged at 5 % about 5 % of the time', () => {
  const random = seededRandom(7);
  let flagged = 0;
  const trials = 400;
  for (let i = 0; i < trials; i++) {
    if (mannWhitney(normals(20, 10, 2, random), normals(20, 10, 2, random)).pValue < 0.05) flagged++;
  }
  assert.ok(flagged >= trials * 0.02 && flagged <= trials * 0.09, `${flagged} of ${trials}`);
});

test('bootstrap: a 30 % shift lies inside the interval and zero outside; same data, same interval', () => {
  const random = seededRandom(3);
  const a = normals(30, 100, 5, random);
  const b = normals(30, 130, 6.5, random);
  const change = bootstrapMedianChange(a, b);
  assert.ok(change.low < 0.3 && change.high > 0.3, JSON.stringify(change));
  assert.ok(change.low > 0.2, JSON.stringify(change));
  assert.deepEqual(bootstrapMedianChange(a, b), change);
  const same = bootstrapMedianChange(a, normals(30, 100, 5, random));
  assert.ok(same.low < 0 && same.high > 0, JSON.stringify(same));
});

test('proportions: 50 of 1000 against 5 of 1000 differ; equal rates do not', () => {
  assert.ok(proportionTest(5, 1000, 50, 1000).pValue < 1e-6);
  assert.ok(proportionTest(5, 1000, 50, 1000).z > 0);
  assert.equal(proportionTest(0, 1000, 0, 1000).pValue, 1);
  assert.ok(proportionTest(10, 1000, 11, 1000).pValue > 0.5);
});

test('order statistics', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(quantileSorted([0, 10], 0.25), 2.5);
  assert.ok(Number.isNaN(median([])));
  // one wild outlier does not move the robust spread
  assert.equal(robustSigma([1, 2, 3, 4, 5]), robustSigma([1, 2, 3, 4, 500]));
});
