import type { HistogramView } from '../results/index.ts';
import {
  BucketCounts,
  bucketHighest,
  bucketLowest,
  bucketMiddle,
  countAt,
  lastIndexAtOrBelow,
} from './bucket-counts.ts';
import { addSparse, encodeHistogram, type SparseHistogram } from './hdr-encoding.ts';

/**
 * The read-only histograms the run handle gives out: wrappers over the aggregator's own
 * counts, never copies. Values are divided by `divisor` (1000 for time: µs recorded, ms
 * reported) when read.
 */

/** A histogram view the aggregator can also merge into others. */
export interface MergeableHistogram extends HistogramView {
  /** Adds these counts (recorded units) to `target`. */
  addTo(target: BucketCounts): void;
}

/** Over a whole-run (or merged) BucketCounts. */
export class CountsView implements MergeableHistogram {
  readonly #counts: BucketCounts;
  readonly #divisor: number;

  constructor(counts: BucketCounts, divisor: number) {
    this.#counts = counts;
    this.#divisor = divisor;
  }

  get count(): number {
    return this.#counts.totalCount;
  }
  get min(): number {
    return this.#counts.min / this.#divisor;
  }
  get max(): number {
    return this.#counts.valueAt(100) / this.#divisor;
  }
  get mean(): number {
    return this.#counts.mean / this.#divisor;
  }
  percentile(percentile: number): number {
    return this.#counts.valueAt(percentile) / this.#divisor;
  }
  percentiles(percentiles: readonly number[]): number[] {
    return this.#counts.valuesAt(percentiles).map((value) => value / this.#divisor);
  }
  countsAtOrBelow(values: readonly number[]): number[] {
    return this.#counts.countsAtOrBelow(values.map((value) => value * this.#divisor));
  }
  encode(): string {
    return encodeHistogram(this.#counts);
  }
  addTo(target: BucketCounts): void {
    target.add(this.#counts);
  }
}

const EMPTY: SparseHistogram = { indexes: [], counts: [], totalCount: 0 };

/** Two sparse histograms (ascending indexes) as one. */
function mergeTwo(a: SparseHistogram, b: SparseHistogram): SparseHistogram {
  const indexes: number[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.indexes.length || j < b.indexes.length) {
    const ai = a.indexes[i] ?? Number.POSITIVE_INFINITY;
    const bj = b.indexes[j] ?? Number.POSITIVE_INFINITY;
    indexes.push(Math.min(ai, bj));
    counts.push((ai <= bj ? a.counts[i++]! : 0) + (bj <= ai ? b.counts[j++]! : 0));
  }
  return { indexes, counts, totalCount: a.totalCount + b.totalCount };
}

/**
 * One series' histogram in the interval merged last: the runners' decoded snapshots as the
 * aggregator folded them (usually one a runner), merged only when read. Cleared and
 * refilled every interval, so a reader keeps numbers, not the view.
 */
export class IntervalHistogram implements MergeableHistogram {
  readonly #parts: SparseHistogram[] = [];
  readonly #divisor: number;
  #merged: SparseHistogram | undefined;

  constructor(divisor: number) {
    this.#divisor = divisor;
  }

  clear(): void {
    this.#parts.length = 0;
    this.#merged = undefined;
  }

  add(part: SparseHistogram): void {
    this.#parts.push(part);
    this.#merged = undefined;
  }

  #sparse(): SparseHistogram {
    this.#merged ??= this.#parts.length === 0 ? EMPTY : this.#parts.reduce(mergeTwo);
    return this.#merged;
  }

  get count(): number {
    let count = 0;
    for (const part of this.#parts) count += part.totalCount;
    return count;
  }
  get min(): number {
    const first = this.#sparse().indexes[0];
    return first === undefined ? 0 : bucketLowest(first) / this.#divisor;
  }
  get max(): number {
    const { indexes } = this.#sparse();
    return indexes.length === 0 ? 0 : bucketHighest(indexes[indexes.length - 1]!) / this.#divisor;
  }
  get mean(): number {
    const { indexes, counts, totalCount } = this.#sparse();
    let sum = 0;
    for (let i = 0; i < indexes.length; i++) sum += counts[i]! * bucketMiddle(indexes[i]!);
    return totalCount === 0 ? 0 : sum / totalCount / this.#divisor;
  }
  percentile(percentile: number): number {
    return this.percentiles([percentile])[0]!;
  }
  /** As BucketCounts.valuesAt, over the non-empty buckets only. */
  percentiles(percentiles: readonly number[]): number[] {
    const values = new Array<number>(percentiles.length).fill(0);
    const { indexes, counts, totalCount } = this.#sparse();
    if (totalCount === 0) return values;
    let next = 0;
    let target = countAt(percentiles[0]!, totalCount);
    let cumulative = 0;
    for (let i = 0; i < indexes.length && next < percentiles.length; i++) {
      cumulative += counts[i]!;
      while (next < percentiles.length && cumulative >= target) {
        const index = indexes[i]!;
        values[next] = (percentiles[next] === 0 ? bucketLowest(index) : bucketHighest(index)) / this.#divisor;
        next++;
        if (next < percentiles.length) target = countAt(percentiles[next]!, totalCount);
      }
    }
    return values;
  }
  encode(): string {
    const counts = new BucketCounts();
    this.addTo(counts);
    return encodeHistogram(counts);
  }
  countsAtOrBelow(values: readonly number[]): number[] {
    const { indexes, counts } = this.#sparse();
    const result = new Array<number>(values.length);
    let cumulative = 0;
    let next = 0;
    for (let i = 0; i < values.length; i++) {
      const last = lastIndexAtOrBelow(values[i]! * this.#divisor);
      while (next < indexes.length && indexes[next]! <= last) cumulative += counts[next++]!;
      result[i] = cumulative;
    }
    return result;
  }
  addTo(target: BucketCounts): void {
    for (const part of this.#parts) addSparse(target, part);
  }
}
