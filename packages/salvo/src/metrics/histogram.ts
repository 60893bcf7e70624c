import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  initWebAssemblySync,
} from 'hdr-histogram-js';
import type { MetricContains } from './types.ts';

/** 1 h in µs: the highest trackable value; values above are clamped to it. */
export const HIGHEST_TRACKABLE = 3_600_000_000;

/**
 * Chosen by bench/hdr-record.ts: WebAssembly with 32-bit counts records in a half to a third
 * of the time of the JS histograms (25-30 vs 50-90 ns on a shared 2-core machine) and
 * encodes about as fast (150-400 µs for 2 000 spread values, both), so the runner's interval
 * histograms are WASM (and must be destroyed). The coordinator does not use the library's
 * histograms to merge (see bucket-counts.ts); it builds a JS one only to encode the totals.
 * 32-bit counts: 8/16-bit ones overflow at high rates; 64-bit ones double the memory and
 * gain nothing in a one-second interval.
 */
export function createIntervalHistogram(): Histogram {
  initWebAssemblySync();
  return build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: true,
  });
}

export function createMergeHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes a snapshot's histogram into a fresh JS histogram. */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}

/** Recorded units per reported unit: µs per ms for `time`, 1 otherwise. */
export function reportDivisor(contains: MetricContains): number {
  return contains === 'time' ? 1000 : 1;
}
