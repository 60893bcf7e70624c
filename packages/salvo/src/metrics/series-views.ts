import { displayKey, type GaugeReading, type SeriesView } from '../results/index.ts';
import type { IntervalHistogram, MergeableHistogram } from './histogram-view.ts';
import type { SeriesTotal } from './totals.ts';

/**
 * The run handle's series: read-only windows on a SeriesTotal, made once per series and
 * reading its live fields, so handing them out copies nothing.
 */

/** A series as the run handle's scopes see it, with a histogram the aggregator can merge. */
export interface ScopedSeries extends SeriesView {
  readonly histogram: MergeableHistogram | undefined;
}

/** What both scopes read the same way: the series' identity. */
abstract class SeriesWindow {
  protected readonly total: SeriesTotal;

  constructor(total: SeriesTotal) {
    this.total = total;
  }

  get metric() {
    return this.total.metric;
  }
  get type() {
    return this.total.type;
  }
  get contains() {
    return this.total.contains;
  }
  get tags() {
    return this.total.tags;
  }
}

/** The series over the whole run so far. */
export class CumulativeSeries extends SeriesWindow implements ScopedSeries {
  readonly histogram: MergeableHistogram | undefined;
  readonly key: string;

  constructor(total: SeriesTotal, histogram: MergeableHistogram | undefined) {
    super(total);
    this.histogram = histogram;
    this.key = displayKey(total.metric, total.tags);
  }

  get count(): number {
    return this.total.count;
  }
  get passes(): number {
    return this.total.passes;
  }
  get fails(): number {
    return this.total.fails;
  }
  get gauge(): GaugeReading | undefined {
    return this.total.gauge;
  }
}

/** The series in the interval merged last (the run handle lists it only when it had data there). */
export class IntervalSeries extends SeriesWindow implements ScopedSeries {
  get key(): string {
    return this.total.views.cumulative.key;
  }
  get count(): number {
    return this.total.interval.count;
  }
  get passes(): number {
    return this.total.interval.passes;
  }
  get fails(): number {
    return this.total.interval.fails;
  }
  get gauge(): GaugeReading | undefined {
    return this.total.interval.gauge;
  }
  get histogram(): IntervalHistogram | undefined {
    return this.total.interval.histogram;
  }
}
