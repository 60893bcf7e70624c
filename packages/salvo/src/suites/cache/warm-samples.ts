import { bucketHighest, decodeHistogram } from '../../metrics/index.ts';
import type { ResultsDocument } from '../../results/index.ts';

/**
 * Every request's duration (ms) of a step, read back from its whole-run HDR histogram:
 * each recorded value at its bucket's top (3 significant digits, as every percentile in
 * Salvo is). The bootstrap resamples these.
 */
export function durationSamplesMs(doc: ResultsDocument): number[] {
  const encoded = doc.histograms.http_req_duration;
  if (encoded === undefined) return [];
  const histogram = decodeHistogram(encoded);
  const samples: number[] = [];
  for (let index = 0; index <= histogram.maxIndex; index++) {
    const count = histogram.counts[index]!;
    for (let i = 0; i < count; i++) samples.push(bucketHighest(index) / 1000);
  }
  return samples;
}
