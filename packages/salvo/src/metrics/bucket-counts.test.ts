import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BucketCounts } from './bucket-counts.ts';
import { createMergeHistogram, decodeHistogram, encodeHistogram } from './histogram.ts';
import { addSparse, decodeSparse } from './sparse-histogram.ts';

function randomHistogram(seed: number, count: number, decades: number) {
  const histogram = createMergeHistogram();
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    histogram.recordValue(Math.round(10 ** (decades * (seed / 2_147_483_648))));
  }
  return histogram;
}

const PERCENTILES = [0, 0.001, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

test('decoded sparse counts give exactly the library percentiles, mean and min', () => {
  for (const [seed, count, decades] of [
    [1, 1, 3],
    [2, 7, 2],
    [3, 5000, 9],
    [4, 20_000, 5],
  ] as const) {
    const library = randomHistogram(seed, count, decades);
    const counts = new BucketCounts();
    addSparse(counts, decodeSparse(encodeHistogram(library)));
    assert.equal(counts.totalCount, count);
    for (const p of PERCENTILES)
      assert.equal(counts.valueAt(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
    assert.equal(counts.mean, library.mean);
    assert.equal(counts.min, library.minNonZeroValue);
  }
});

test('add, reset, growth, and the round trip through a library histogram', () => {
  const a = new BucketCounts();
  const b = new BucketCounts();
  addSparse(a, decodeSparse(encodeHistogram(randomHistogram(5, 1000, 4))));
  addSparse(b, decodeSparse(encodeHistogram(randomHistogram(6, 1000, 9))));
  const both = randomHistogram(5, 1000, 4);
  both.add(randomHistogram(6, 1000, 9));
  a.add(b);
  for (const p of PERCENTILES) assert.equal(a.valueAt(p), both.getValueAtPercentile(p), `p${p}`);
  const decoded = decodeHistogram(encodeHistogram(a.toHistogram()));
  for (const p of PERCENTILES) assert.equal(decoded.getValueAtPercentile(p), both.getValueAtPercentile(p));
  a.reset();
  assert.deepEqual([a.totalCount, a.valueAt(50), a.mean, a.min], [0, 0, 0, 0]);
  assert.ok(a.counts.every((c) => c === 0));
  assert.throws(() => decodeSparse('bm90IGEgaGlzdG9ncmFt'), /not a Salvo HDR histogram/);
});
