import type { HistogramView } from '../results/index.ts';
import { BucketCounts } from './bucket-counts.ts';
import { encodeHistogram } from './hdr-encoding.ts';

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

/**
 * One series' histogram in the interval merged last: every runner's snapshot of it added
 * into counts the series keeps and clears every interval, so a reader keeps numbers, not
 * the view.
 */
export class IntervalHistogram extends CountsView {
  readonly counts: BucketCounts;

  constructor(divisor: number) {
    const counts = new BucketCounts();
    super(counts, divisor);
    this.counts = counts;
  }

  clear(): void {
    this.counts.reset();
  }
}
