import { bucketHighest, decodeHistogram } from '../../metrics/index.ts';
import type { ResultsDocument } from '../../results/index.ts';

/**
 * The latency distribution the report draws, computed here from the document's whole-run
 * HDR histograms (µs) rather than in the page: the page then needs no inflate and no HDR
 * code, and a few hundred numbers replace decoding 23 552 buckets in the browser.
 */

/** Log-spaced bars between the fastest and the slowest request: enough to see modes and tails. */
const BIN_COUNT = 48;
/** The spectrum's points: 0, then ten per "nine" (90 %, 99 %, …) up to 99.999 %. */
const SPECTRUM_STEPS = 50;

export interface Distribution {
  /** Requests per bar; bar i spans `edgesMs[i]`..`edgesMs[i + 1]`. */
  readonly edgesMs: number[];
  readonly counts: number[];
  /** [percentile, ms] from p0 to p99.999, then the maximum at 100. */
  readonly spectrum: [number, number][];
  readonly count: number;
}

/** The histograms the Latency and Streams tabs show, when the document has them. */
export const DISTRIBUTION_METRICS = [
  'http_req_duration',
  'response_time',
  'stream_time_to_first_event',
  'llm_ttft',
] as const;

const roundMs = (us: number): number => Math.round(us) / 1000;

/** One histogram's bars and percentile spectrum; undefined for an empty one. */
export function distributionOf(encoded: string): Distribution | undefined {
  const histogram = decodeHistogram(encoded);
  const count = histogram.totalCount;
  if (count === 0) return undefined;
  const minUs = Math.max(histogram.min, 1);
  const maxUs = Math.max(histogram.valueAt(100), minUs + 1);
  const ratio = Math.log(maxUs / minUs);
  const edgesMs = Array.from({ length: BIN_COUNT + 1 }, (_, i) =>
    roundMs(minUs * Math.exp((ratio * i) / BIN_COUNT)),
  );
  const counts = new Array<number>(BIN_COUNT).fill(0);
  for (let index = 0; index <= histogram.maxIndex; index++) {
    const n = histogram.counts[index]!;
    if (n === 0) continue;
    const value = Math.max(bucketHighest(index), minUs);
    const bin = Math.min(BIN_COUNT - 1, Math.floor((Math.log(value / minUs) / ratio) * BIN_COUNT));
    counts[bin]! += n;
  }
  const percentiles = Array.from({ length: SPECTRUM_STEPS + 1 }, (_, k) => 100 * (1 - 10 ** (-k / 10)));
  percentiles.push(100);
  const values = histogram.valuesAt(percentiles);
  const spectrum = percentiles.map((p, i): [number, number] => [
    Math.round(p * 1000) / 1000,
    roundMs(values[i]!),
  ]);
  return { edgesMs, counts, spectrum, count };
}

/** The distributions of the document's histograms, by metric. */
export function distributions(doc: Pick<ResultsDocument, 'histograms'>): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const metric of DISTRIBUTION_METRICS) {
    const encoded = doc.histograms?.[metric];
    const distribution = encoded ? distributionOf(encoded) : undefined;
    if (distribution) out[metric] = distribution;
  }
  return out;
}
