/**
 * Micro-benchmark behind the choice of HDR histogram implementation in src/metrics:
 * Salvo's own BucketCounts beside hdr-histogram-js (JS vs WebAssembly, each counts' bit
 * size), for the hot path (`record`) and for the interval path (reset, encode, decode,
 * add). Then the recorder's own hot path (trend/count by series id) and a 100-series
 * snapshot + merge.
 *
 * Run: node_modules/.bin/node bench/hdr-record.ts   (each histogram configuration runs in
 * its own process: measured in one, the first class seen makes the later ones look slow).
 * `--snapshots`: only the recorder and the snapshot + merge figures.
 */
import { execFileSync } from 'node:child_process';
import {
  type BitBucketSize,
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  initWebAssemblySync,
} from 'hdr-histogram-js';
import { BucketCounts } from '../packages/salvo/src/metrics/bucket-counts.ts';
import { addEncoded, encodeHistogram } from '../packages/salvo/src/metrics/hdr-encoding.ts';
import { createAggregator, createRecorder } from '../packages/salvo/src/metrics/index.ts';

const HIGHEST_US = 3_600_000_000;
/** The machine may be shared: every figure is the best (ns/op) or the median (per interval) of repeats. */
const RECORDS = 1_000_000;
const REPEATS = 7;
const VALUES_MASK = (1 << 16) - 1;

/**
 * Latencies in µs, log-uniform from `lowUs` over `decades`: 100 µs..1 s is a wide, worst
 * case spread (most buckets in use); 2..20 ms is closer to a healthy service.
 */
function latencies(lowUs: number, decades: number): Uint32Array {
  const values = new Uint32Array(VALUES_MASK + 1);
  let seed = 42;
  for (let i = 0; i < values.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    values[i] = Math.round(lowUs * 10 ** (decades * (seed / 2_147_483_648)));
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

function bestNsPer(count: number, fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) best = Math.min(best, nsPer(count, fn));
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One implementation as the bench drives it: the hot path and the interval path. */
interface HistogramUnderTest {
  record(value: number): void;
  reset(): void;
  encode(): string;
  /** Decodes `encoded` and adds it to a running total. */
  mergeEncoded(encoded: string): void;
  footprintBytes(): number;
  dispose(): void;
}

function libraryHistogram(bits: BitBucketSize, wasm: boolean): HistogramUnderTest {
  const histogram = make(bits, wasm);
  const totals = make(bits, wasm);
  return {
    record: (value) => histogram.recordValue(value),
    reset: () => histogram.reset(),
    encode: () => encodeIntoCompressedBase64(histogram),
    mergeEncoded: (encoded) => {
      const decoded = decodeFromCompressedBase64(encoded, bits, wasm);
      totals.add(decoded);
      decoded.destroy();
    },
    footprintBytes: () => histogram.estimatedFootprintInBytes,
    dispose: () => {
      histogram.destroy();
      totals.destroy();
    },
  };
}

/** Salvo's BucketCounts with its own encoder and decoder, in the (uncompressed) form snapshots use. */
function salvoHistogram(): HistogramUnderTest {
  const histogram = new BucketCounts();
  const totals = new BucketCounts();
  return {
    record: (value) => histogram.record(value),
    reset: () => histogram.reset(),
    encode: () => encodeHistogram(histogram, { compressed: false }),
    mergeEncoded: (encoded) => addEncoded(totals, encoded),
    footprintBytes: () => histogram.counts.byteLength,
    dispose: () => {},
  };
}

function benchHistogram(label: string, histogram: HistogramUnderTest, values: Uint32Array): string {
  const recordNs = bestNsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) histogram.record(values[i & VALUES_MASK]!);
  });
  // One interval of one series: 2 000 values, then reset / encode / decode+add; 50 warm-up
  // rounds, then 200 measured.
  const warmup = 50;
  const rounds = 200;
  const resetNs: number[] = [];
  const encodeNs: number[] = [];
  const mergeNs: number[] = [];
  let bytes = 0;
  for (let r = -warmup; r < rounds; r++) {
    if (r === 0) resetNs.length = encodeNs.length = mergeNs.length = 0;
    resetNs.push(nsPer(1, () => histogram.reset()));
    for (let i = 0; i < 2000; i++) histogram.record(values[(r * 2000 + i) & VALUES_MASK]!);
    let encoded = '';
    encodeNs.push(
      nsPer(1, () => {
        encoded = histogram.encode();
      }),
    );
    bytes = encoded.length;
    mergeNs.push(nsPer(1, () => histogram.mergeEncoded(encoded)));
  }
  const footprint = histogram.footprintBytes();
  histogram.dispose();
  const us = (ns: number[]) => (median(ns) / 1000).toFixed(1).padStart(8);
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
  const trendNs = bestNsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) recorder.trend(durationId, values[i & VALUES_MASK]!);
  });
  const countNs = bestNsPer(RECORDS, () => {
    for (let i = 0; i < RECORDS; i++) recorder.count(reqsId, 1);
  });
  console.log(`\nrecorder.trend: ${trendNs.toFixed(1)} ns/op   recorder.count: ${countNs.toFixed(1)} ns/op`);
}

/** 4 runners × 100 series (50 trends with 2 000 values, 50 counters): snapshot, then merge. */
function benchSnapshotMerge(label: string, values: Uint32Array): void {
  const runners = [0, 1, 2, 3].map((r) => createRecorder(`r${r}`));
  const ids = runners.map((recorder) =>
    Array.from({ length: 50 }, (_, n) => ({
      trend: recorder.series('http_req_duration', { name: `/route/${n}`, status: '200' }),
      counter: recorder.series('http_reqs', { name: `/route/${n}`, status: '200' }),
    })),
  );
  const aggregator = createAggregator();
  const rounds = 20;
  const snapshotNs: number[] = [];
  const mergeNs: number[] = [];
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
      snapshotNs.push(Number(mid - start));
      mergeNs.push(Number(end - mid));
    }
  }
  const ms = (ns: number[]) => (median(ns) / 1e6).toFixed(2);
  console.log(
    `${label}: 100 series × 4 runners, per interval (median): snapshot (all 4) ${ms(snapshotNs)} ms, addInterval ${ms(mergeNs)} ms`,
  );
}

const CONFIGS = [
  'salvo',
  'js/8',
  'js/16',
  'js/32',
  'js/64',
  'js/packed',
  'wasm/32',
  'wasm/64',
  'wasm/packed',
] as const;

/** Runs one configuration; a process each, so no call site sees two histogram classes. */
function runOne(config: string): void {
  if (config === 'salvo') {
    console.log(benchHistogram('salvo', salvoHistogram(), latencies(100, 4)));
    return;
  }
  const [impl, bitsText] = config.split('/');
  const bits = (bitsText === 'packed' ? 'packed' : Number(bitsText)) as BitBucketSize;
  console.log(benchHistogram(config, libraryHistogram(bits, impl === 'wasm'), latencies(100, 4)));
}

/** The recorder and the 4-runner snapshot + merge only (the worker-thread path), without the histogram table. */
function runSnapshots(): void {
  const values = latencies(100, 4);
  benchRecorder(values);
  benchSnapshotMerge('100 µs..1 s', values);
  benchSnapshotMerge('2..20 ms', latencies(2000, 1));
}

initWebAssemblySync();
const oneIndex = process.argv.indexOf('--one');
if (oneIndex > 0) runOne(process.argv[oneIndex + 1] ?? '');
else if (process.argv.includes('--snapshots')) runSnapshots();
else {
  console.log(
    `ns/record: best of ${REPEATS} × ${RECORDS}; per-interval figures: median of 200 rounds of 2 000 values`,
  );
  console.log('impl/bits      ns/record reset µs  encode µs  dec+add µs  b64 len  footprint');
  for (const config of CONFIGS) {
    const args = [process.argv[1]!, '--one', config];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  }
  runSnapshots();
}
