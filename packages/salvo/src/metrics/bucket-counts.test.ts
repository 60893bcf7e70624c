import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  JsHistogram,
} from 'hdr-histogram-js';
import { BucketCounts, HIGHEST_TRACKABLE } from './bucket-counts.ts';
import { addEncoded, decodeHistogram, encodeHistogram } from './hdr-encoding.ts';

// hdr-histogram-js is the reference: Salvo's histograms must agree with HdrHistogram exactly.

function libraryHistogram() {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE,
    numberOfSignificantValueDigits: 3,
  });
}

/** Seeded values log-uniform over `decades` from 1 µs, with a few at the extremes. */
function randomValues(seed: number, count: number, decades: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    values.push(Math.round(10 ** (decades * (seed / 2_147_483_648))));
  }
  return values;
}

function both(values: readonly number[]) {
  const library = libraryHistogram();
  const ours = new BucketCounts();
  for (const value of values) {
    library.recordValue(value);
    ours.record(value);
  }
  return { library, ours };
}

const PERCENTILES = [0, 0.001, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];
const CASES = [
  [1, 1, 3],
  [2, 7, 2],
  [3, 5000, 9],
  [4, 20_000, 5],
] as const;

test('recording gives the library percentiles, mean and min, up to 1 h', () => {
  for (const [seed, count, decades] of CASES) {
    const values = [...randomValues(seed, count, decades), 0, 2047, 2048, 2 ** 31, HIGHEST_TRACKABLE];
    const { library, ours } = both(values);
    assert.equal(ours.totalCount, library.totalCount);
    for (const p of PERCENTILES)
      assert.equal(ours.valueAt(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
    assert.equal(ours.mean, library.mean);
    assert.equal(ours.min, 0); // 0 was recorded: the library only reports the lowest non-zero value
    assert.equal(ours.valuesAt([0.000_001])[0], library.getValueAtPercentile(0.000_001));
  }
});

test('values are clamped to 0 .. 1 h and fractions dropped', () => {
  const counts = new BucketCounts();
  for (const value of [-3, 0.4, 10 * HIGHEST_TRACKABLE, 1500.9]) counts.record(value);
  assert.deepEqual(counts.valuesAt([0, 50, 75, 100]).slice(0, 3), [0, 0, 1500]);
  assert.ok(counts.valueAt(100) >= HIGHEST_TRACKABLE && counts.valueAt(100) < HIGHEST_TRACKABLE * 1.001);
});

test('the encoding reads in the library, and the library encoding reads here, exactly', () => {
  for (const [seed, count, decades] of CASES) {
    const { library, ours } = both(randomValues(seed, count, decades));
    const inLibrary = decodeFromCompressedBase64(encodeHistogram(ours));
    const fromLibrary = decodeHistogram(encodeIntoCompressedBase64(library));
    assert.equal(inLibrary.totalCount, count);
    assert.equal(fromLibrary.totalCount, count);
    for (const p of PERCENTILES) {
      assert.equal(inLibrary.getValueAtPercentile(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
      assert.equal(fromLibrary.valueAt(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
    }
    assert.equal(decodeHistogram(encodeHistogram(ours)).mean, library.mean);
  }
});

/** The library's uncompressed V2 encoding: its compressed one, inflated (it has no base64 writer for that form). */
function libraryUncompressed(library: Histogram): string {
  const outer = Buffer.from(encodeIntoCompressedBase64(library), 'base64');
  return inflateSync(outer.subarray(8, 8 + outer.readInt32BE(4))).toString('base64');
}

// JsHistogram.decode reads the uncompressed V2 form; the library assigns it at load, untyped.
const decodeUncompressed = (JsHistogram as unknown as { decode: (data: Uint8Array) => Histogram }).decode;

test('the uncompressed snapshot encoding reads in the library, and the library one here, exactly', () => {
  for (const [seed, count, decades] of CASES) {
    const { library, ours } = both(randomValues(seed, count, decades));
    const encoded = encodeHistogram(ours, { compressed: false });
    const inLibrary = decodeUncompressed(Buffer.from(encoded, 'base64'));
    const fromLibrary = decodeHistogram(libraryUncompressed(library));
    assert.equal(inLibrary.totalCount, count);
    assert.equal(fromLibrary.totalCount, count);
    for (const p of PERCENTILES) {
      assert.equal(inLibrary.getValueAtPercentile(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
      assert.equal(fromLibrary.valueAt(p), library.getValueAtPercentile(p), `seed ${seed} p${p}`);
    }
    assert.equal(decodeHistogram(encoded).mean, library.mean);
  }
});

test('addEncoded adds either form into what a histogram holds, as one histogram of all values', () => {
  const valuesA = randomValues(7, 3000, 6);
  const valuesB = randomValues(8, 3000, 4);
  const { ours: a } = both(valuesA);
  const { ours: b } = both(valuesB);
  const { library } = both([...valuesA, ...valuesA, ...valuesB]);
  const target = new BucketCounts();
  addEncoded(target, encodeHistogram(a, { compressed: false }));
  addEncoded(target, encodeHistogram(a));
  addEncoded(target, encodeHistogram(b, { compressed: false }));
  assert.equal(target.totalCount, 9000);
  for (const p of PERCENTILES) assert.equal(target.valueAt(p), library.getValueAtPercentile(p), `p${p}`);
  assert.equal(target.mean, library.mean);
});

test('an empty histogram encodes and decodes as empty', () => {
  const decoded = decodeHistogram(encodeHistogram(new BucketCounts()));
  assert.equal(decoded.totalCount, 0);
  assert.equal(decodeHistogram(encodeHistogram(new BucketCounts(), { compressed: false })).totalCount, 0);
  assert.equal(decodeFromCompressedBase64(encodeHistogram(new BucketCounts())).totalCount, 0);
});

test('add, reset and growth', () => {
  const a = new BucketCounts();
  const b = new BucketCounts();
  const valuesA = randomValues(5, 1000, 4);
  const valuesB = randomValues(6, 1000, 9);
  for (const value of valuesA) a.record(value);
  for (const value of valuesB) b.record(value);
  const { library } = both([...valuesA, ...valuesB]);
  a.add(b);
  for (const p of PERCENTILES) assert.equal(a.valueAt(p), library.getValueAtPercentile(p), `p${p}`);
  a.reset();
  assert.deepEqual([a.totalCount, a.valueAt(50), a.mean, a.min], [0, 0, 0, 0]);
  assert.ok(a.counts.every((c) => c === 0));
});

test('what is not an encoding is a clear error', () => {
  assert.throws(() => decodeHistogram('bm90IGEgaGlzdG9ncmFt'), /not a Salvo HDR histogram/);
  const truncated = encodeHistogram(new BucketCounts()).slice(0, 12);
  assert.throws(() => decodeHistogram(truncated), /not a Salvo HDR histogram/);
  const header = encodeHistogram(new BucketCounts(), { compressed: false }).slice(0, 12);
  assert.throws(() => addEncoded(new BucketCounts(), header), /not a Salvo HDR histogram/);
});
