/**
 * Salvo's HDR histograms: counts by HDR bucket index in a growable Float64Array, for the one
 * layout Salvo records (values in integers from 0 to 1 h in µs, lowest discernible 1, 3
 * significant digits: 2 048 sub-buckets). The runner records into them and the coordinator
 * merges them. Recording is an index computation and an add; adding another's counts is an
 * array add; percentiles are one scan of the used range, where hdr-histogram-js walks all
 * 23 552 buckets for every percentile. Indexes, percentiles, mean and min follow
 * HdrHistogram exactly (tested against hdr-histogram-js); hdr-encoding.ts reads and writes
 * the standard encoding.
 */

/** 1 h in µs: the highest trackable value; recorded values above are clamped to it. */
export const HIGHEST_TRACKABLE = 3_600_000_000;

const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;
const GROW_STEP = 2048;
/** Indexes up to 1 h in µs: (22 buckets + 1) × 1 024. */
const TABLE_LENGTH = 23 * HALF_COUNT;

/**
 * HdrHistogram's counts index of a value in 0..HIGHEST_TRACKABLE (below 2^32, so 32-bit
 * operations are exact): the power-of-two bucket from the leading zeros, then the
 * sub-bucket within it.
 */
export function indexOf(value: number): number {
  const bucket = 21 - Math.clz32(value | (2 * HALF_COUNT - 1));
  return ((bucket + 1) << HALF_MAGNITUDE) + (value >>> bucket) - HALF_COUNT;
}

/** The width of the values sharing an index: 1 in the first 2 048, then doubling. */
function widthOf(index: number): number {
  const bucket = (index >> HALF_MAGNITUDE) - 1;
  return bucket <= 0 ? 1 : 2 ** bucket;
}

/** The lowest value of an index. */
function lowestOf(index: number): number {
  if (index < HALF_COUNT * 2) return index;
  return ((index & (HALF_COUNT - 1)) + HALF_COUNT) * widthOf(index);
}

/** Lowest, highest and middle value per index, computed once: Math.pow per add showed in profiles. */
const LOWEST = Float64Array.from({ length: TABLE_LENGTH }, (_, i) => lowestOf(i));
const HIGHEST = Float64Array.from({ length: TABLE_LENGTH }, (_, i) => lowestOf(i) + widthOf(i) - 1);
const MIDDLE = Float64Array.from(
  { length: TABLE_LENGTH },
  (_, i) => lowestOf(i) + Math.floor(widthOf(i) / 2),
);

export function bucketLowest(index: number): number {
  return index < TABLE_LENGTH ? LOWEST[index]! : lowestOf(index);
}

export function bucketHighest(index: number): number {
  return index < TABLE_LENGTH ? HIGHEST[index]! : lowestOf(index) + widthOf(index) - 1;
}

/** The value HdrHistogram counts a bucket at when it sums for the mean. */
export function bucketMiddle(index: number): number {
  return index < TABLE_LENGTH ? MIDDLE[index]! : lowestOf(index) + Math.floor(widthOf(index) / 2);
}

/** Math.ulp for positive doubles, as the library uses it to round counts up safely. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

/** The count a percentile reaches, rounded up as the library does (at least 1). */
export function countAt(percentile: number, totalCount: number): number {
  const fpCount = (Math.min(percentile, 100) / 100) * totalCount;
  return Math.max(fpCount > 0 ? Math.ceil(fpCount - ulp(fpCount)) : 0, 1);
}

/**
 * The highest HDR index whose values count as at or below `value` (recorded units): its own
 * bucket's, as HdrHistogram treats a bucket's values as equivalent (getCountBetweenValues
 * does the same); -1 below 0; values are clamped to HIGHEST_TRACKABLE as when recorded.
 */
export function lastIndexAtOrBelow(value: number): number {
  // the epsilon: an edge given in ms arrives as 1.999 × 1000 = 1998.9999999999998
  return value < 0 ? -1 : indexOf(Math.min(Math.floor(value + 1e-6), HIGHEST_TRACKABLE));
}

export class BucketCounts {
  counts = new Float64Array(GROW_STEP);
  totalCount = 0;
  /** Σ count × bucket middle (HDR's mean is sum / totalCount). */
  sum = 0;
  minIndex = Number.POSITIVE_INFINITY;
  maxIndex = -1;

  /** Records one value (µs, fractions dropped), clamped to 0..HIGHEST_TRACKABLE. */
  record(value: number): void {
    this.addAt(indexOf(Math.min(Math.max(value, 0), HIGHEST_TRACKABLE)), 1);
  }

  addAt(index: number, count: number): void {
    if (index >= this.counts.length) {
      const grown = new Float64Array((Math.floor(index / GROW_STEP) + 1) * GROW_STEP);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[index]! += count;
    this.totalCount += count;
    this.sum += count * bucketMiddle(index);
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
    return this.valuesAt([percentile])[0]!;
  }

  /** Several percentiles (ascending) in one scan of the used range. */
  valuesAt(percentiles: readonly number[]): number[] {
    const values = new Array<number>(percentiles.length).fill(0);
    if (this.totalCount === 0) return values;
    let next = 0;
    let target = countAt(percentiles[0]!, this.totalCount);
    let cumulative = 0;
    for (let i = this.minIndex; i <= this.maxIndex && next < percentiles.length; i++) {
      cumulative += this.counts[i]!;
      while (next < percentiles.length && cumulative >= target) {
        values[next] = percentiles[next] === 0 ? bucketLowest(i) : bucketHighest(i);
        next++;
        if (next < percentiles.length) target = countAt(percentiles[next]!, this.totalCount);
      }
    }
    return values;
  }

  /**
   * Cumulative counts in one pass: for each of `values` (ascending, recorded units), how
   * many values are in the buckets up to its own (lastIndexAtOrBelow).
   */
  countsAtOrBelow(values: readonly number[]): number[] {
    const result = new Array<number>(values.length);
    let cumulative = 0;
    let index = this.minIndex;
    for (let i = 0; i < values.length; i++) {
      const last = Math.min(lastIndexAtOrBelow(values[i]!), this.maxIndex);
      for (; index <= last; index++) cumulative += this.counts[index]!;
      result[i] = cumulative;
    }
    return result;
  }

  /** The lowest value of the lowest non-empty bucket (HDR's min); 0 when empty. */
  get min(): number {
    return this.totalCount === 0 ? 0 : bucketLowest(this.minIndex);
  }
}
