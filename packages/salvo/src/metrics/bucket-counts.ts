import type { Histogram } from 'hdr-histogram-js';
import { createMergeHistogram } from './histogram.ts';

/**
 * The coordinator's histograms: counts by HDR bucket index in a growable Float64Array, for
 * the layout every Salvo recorder uses (lowest 1, 3 significant digits: 2 048 sub-buckets).
 * Adding another's counts is an array add and percentiles are one scan of the used range;
 * the library's JS histogram walks all 23 552 buckets for every percentile and adds a
 * decoded snapshot value by value. Percentiles follow the library exactly (tested).
 */
const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;
const GROW_STEP = 2048;

/** The width of the values sharing an index: 1 in the first 2 048, then doubling. */
export function bucketWidth(index: number): number {
  const bucket = (index >> HALF_MAGNITUDE) - 1;
  return bucket <= 0 ? 1 : 2 ** bucket;
}

/** The lowest value of an index. */
export function bucketLowest(index: number): number {
  if (index < HALF_COUNT * 2) return index;
  return ((index & (HALF_COUNT - 1)) + HALF_COUNT) * bucketWidth(index);
}

/** Math.ulp for positive doubles, as the library uses it to round counts up safely. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

export class BucketCounts {
  counts = new Float64Array(GROW_STEP);
  totalCount = 0;
  /** Σ count × bucket middle (HDR's mean is sum / totalCount). */
  sum = 0;
  minIndex = Number.POSITIVE_INFINITY;
  maxIndex = -1;

  addAt(index: number, count: number): void {
    if (index >= this.counts.length) {
      const grown = new Float64Array((Math.floor(index / GROW_STEP) + 1) * GROW_STEP);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[index]! += count;
    this.totalCount += count;
    this.sum += count * (bucketLowest(index) + Math.floor(bucketWidth(index) / 2));
    if (index < this.minIndex) this.minIndex = index;
    if (index > this.maxIndex) this.maxIndex = index;
  }

  add(other: BucketCounts): void {
    for (let i = other.minIndex; i <= other.maxIndex; i++) {
      const count = other.counts[i]!;
      if (count > 0) this.addAt(i, count);
    }
  }

  reset(): void {
    if (this.maxIndex >= 0) this.counts.fill(0, this.minIndex, this.maxIndex + 1);
    this.totalCount = 0;
    this.sum = 0;
    this.minIndex = Number.POSITIVE_INFINITY;
    this.maxIndex = -1;
  }

  get mean(): number {
    return this.totalCount === 0 ? 0 : this.sum / this.totalCount;
  }

  /** The value at a percentile (0..100) as the library reports it; 0 when empty. */
  valueAt(percentile: number): number {
    if (this.totalCount === 0) return 0;
    const fpCount = (Math.min(percentile, 100) / 100) * this.totalCount;
    const countAtPercentile = Math.max(fpCount > 0 ? Math.ceil(fpCount - ulp(fpCount)) : 0, 1);
    let cumulative = 0;
    for (let i = this.minIndex; i <= this.maxIndex; i++) {
      cumulative += this.counts[i]!;
      if (cumulative >= countAtPercentile) {
        return percentile === 0 ? bucketLowest(i) : bucketLowest(i) + bucketWidth(i) - 1;
      }
    }
    return bucketLowest(this.maxIndex) + bucketWidth(this.maxIndex) - 1;
  }

  /** The lowest value of the lowest non-empty bucket (HDR's min); 0 when empty. */
  get min(): number {
    return this.totalCount === 0 ? 0 : bucketLowest(this.minIndex);
  }

  /** A library histogram with the same counts, for encoding. */
  toHistogram(): Histogram {
    const histogram = createMergeHistogram();
    for (let i = Math.max(this.minIndex, 0); i <= this.maxIndex; i++) {
      const count = this.counts[i]!;
      if (count > 0) histogram.recordValueWithCount(bucketLowest(i), count);
    }
    return histogram;
  }
}
