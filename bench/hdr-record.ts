/**
 * Micro-benchmark behind the choice of HDR histogram implementation in src/metrics:
 * JS vs WebAssembly, and the counts' bit-bucket size, for the hot path (`recordValue`)
 * and for the interval path (reset, encode, decode, add). Then the recorder's own hot
 * path (trend/count by series id) and a 100-series snapshot + merge.
 *
 * Run: node_modules/.bin/node bench/hdr-record.ts
 */
import {
  type BitBucketSize,
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  initWebAssemblySync,
} from 'hdr-histogram-js';
import { createAggregator, createRecorder } from '../packages/salvo/src/metrics/index.ts';

const HIGHEST_US = 3_600_000_000;
const RECORDS = 4_000_000;
const VALUES_MASK = (1 << 16) - 1;

/** Latencies in µs, log-uniform from 100 µs to ~1 s: a spread like a real service's. */
function latencies(): Uint32Array {
  const values = new Uint32Array(VALUES_MASK + 1);
  let seed = 42;
  for (let i = 0; i < values.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    values[i] = Math.round(100 * 10_000 ** (seed / 2_147_483_648));
  }
  return values;
}

function make(bitBucketSize: BitBucketSize, useWebAssembly: boolean): Histogram {
  return build({
    bitBucketSize,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly,
  });
}

function nsPer(count: number, fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / count;
}

function benchHistogram(label: string, bits: BitBucketSize, wasm: boolean, values: Uint32Array): string {
  const histogram = make(bits, wasm);
  nsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) histogram.recordValue(values[i & VALUES_MASK]!);
  });
  histogram.reset();
  const recordNs = nsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) histogram.recordValue(values[i & VALUES_MASK]!);
  });
  // One interval of one series: 2 000 values, then reset / encode / decode+add; 50 warm-up
  // rounds, then 200 measured.
  const warmup = 50;
  const rounds = 200;
  const totals = make(bits, wasm);
  let resetNs = 0;
  let encodeNs = 0;
  let mergeNs = 0;
  let bytes = 0;
  for (let r = -warmup; r < rounds; r++) {
    if (r === 0) resetNs = encodeNs = mergeNs = 0;
    resetNs += nsPer(1, () => histogram.reset());
    for (let i = 0; i < 2000; i++) histogram.recordValue(values[(r * 2000 + i) & VALUES_MASK]!);
    let encoded = '';
    encodeNs += nsPer(1, () => {
      encoded = encodeIntoCompressedBase64(histogram);
    });
    bytes = encoded.length;
    mergeNs += nsPer(1, () => {
      const decoded = decodeFromCompressedBase64(encoded, bits, wasm);
      totals.add(decoded);
      decoded.destroy();
    });
  }
  const footprint = histogram.estimatedFootprintInBytes;
  histogram.destroy();
  totals.destroy();
  const us = (ns: number) => (ns / rounds / 1000).toFixed(1).padStart(8);
  return `${label.padEnd(14)} ${recordNs.toFixed(1).padStart(8)} ${us(resetNs)} ${us(encodeNs)} ${us(mergeNs)} ${String(bytes).padStart(7)} ${String(footprint).padStart(9)}`;
}

function benchRecorder(values: Uint32Array): void {
  const recorder = createRecorder('bench');
  const durationId = recorder.series('http_req_duration', {
    name: '/post/:id',
    method: 'GET',
    status: '200',
  });
  const reqsId = recorder.series('http_reqs', { name: '/post/:id', method: 'GET', status: '200' });
  for (let i = 0; i < RECORDS; i++) recorder.trend(durationId, values[i & VALUES_MASK]!);
  const trendNs = nsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) recorder.trend(durationId, values[i & VALUES_MASK]!);
  });
  const countNs = nsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) recorder.count(reqsId, 1);
  });
  console.log(`\nrecorder.trend: ${trendNs.toFixed(1)} ns/op   recorder.count: ${countNs.toFixed(1)} ns/op`);
}

/** 4 runners × 100 series (50 trends with 2 000 values, 50 counters): snapshot, then merge. */
function benchSnapshotMerge(values: Uint32Array): void {
  const runners = [0, 1, 2, 3].map((r) => createRecorder(`r${r}`));
  const ids = runners.map((recorder) =>
    Array.from({ length: 50 }, (_, n) => ({
      trend: recorder.series('http_req_duration', { name: `/route/${n}`, status: '200' }),
      counter: recorder.series('http_reqs', { name: `/route/${n}`, status: '200' }),
    })),
  );
  const aggregator = createAggregator();
  const rounds = 20;
  let snapshotNs = 0;
  let mergeNs = 0;
  for (let index = 0; index < rounds; index++) {
    runners.forEach((recorder, r) => {
      for (const { trend, counter } of ids[r]!) {
        for (let i = 0; i < 2000; i++) recorder.trend(trend, values[(index * 7919 + i) & VALUES_MASK]!);
        recorder.count(counter, 2000);
      }
    });
    const start = process.hrtime.bigint();
    const snapshots = runners.map((recorder) => recorder.snapshot(index, index * 1000, index * 1000 + 1000));
    const mid = process.hrtime.bigint();
    aggregator.addInterval(snapshots);
    const end = process.hrtime.bigint();
    if (index > 1) {
      snapshotNs += Number(mid - start);
      mergeNs += Number(end - mid);
    }
  }
  const ms = (ns: number) => (ns / (rounds - 2) / 1e6).toFixed(2);
  console.log(
    `100 series × 4 runners per interval: snapshot (all 4) ${ms(snapshotNs)} ms, addInterval ${ms(mergeNs)} ms`,
  );
}

initWebAssemblySync();
const values = latencies();
console.log(`recordValue over ${RECORDS} values; per-interval figures: mean of 200 rounds of 2 000 values`);
console.log('impl/bits      ns/record reset µs  encode µs  dec+add µs  b64 len  footprint');
for (const bits of [8, 16, 32, 64, 'packed'] as const)
  console.log(benchHistogram(`js/${bits}`, bits, false, values));
for (const bits of [32, 64, 'packed'] as const)
  console.log(benchHistogram(`wasm/${bits}`, bits, true, values));
benchRecorder(values);
benchSnapshotMerge(values);
