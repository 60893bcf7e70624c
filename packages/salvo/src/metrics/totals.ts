import { BucketCounts } from './bucket-counts.ts';
import { addEncoded } from './hdr-encoding.ts';
import { CountsView, IntervalHistogram } from './histogram-view.ts';
import { CumulativeSeries, IntervalSeries } from './series-views.ts';
import { seriesKey } from './tags.ts';
import type { MetricContains, MetricType, SeriesSnapshot, Tags } from './types.ts';

/** Whole-run totals of one (metric, tags) series, across runners. */
export class SeriesTotal {
  readonly key: string;
  readonly metric: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly tags: Tags;
  readonly histogram: BucketCounts | undefined;
  count = 0;
  passes = 0;
  fails = 0;
  /** Gauges: the merged value at the last interval, and min/max over the run. */
  gauge: GaugeValues | undefined;
  /** The first sample message seen (errors). */
  sample: string | undefined;
  /** What the series had in the interval merged last. */
  readonly interval: IntervalTotal;
  /** The read-only views the run handle gives out, made once per series. */
  readonly views: { readonly cumulative: CumulativeSeries; readonly interval: IntervalSeries };

  constructor(key: string, series: SeriesSnapshot) {
    this.key = key;
    this.metric = series.metric;
    this.type = series.type;
    this.contains = series.contains;
    this.tags = series.tags;
    const trend = series.type === 'trend';
    const divisor = reportDivisor(series.contains);
    this.histogram = trend ? new BucketCounts() : undefined;
    this.interval = {
      index: -1,
      count: 0,
      passes: 0,
      fails: 0,
      gauge: undefined,
      histogram: trend ? new IntervalHistogram(divisor) : undefined,
    };
    this.views = {
      cumulative: new CumulativeSeries(this, this.histogram && new CountsView(this.histogram, divisor)),
      interval: new IntervalSeries(this),
    };
  }
}

/** One series in one interval, across runners; refilled for every interval it has data in. */
export interface IntervalTotal {
  /** The interval these figures are of: older than the last one when the series had no data in it. */
  index: number;
  count: number;
  passes: number;
  fails: number;
  gauge: GaugeValues | undefined;
  readonly histogram: IntervalHistogram | undefined;
}

/** Recorded units per reported unit: µs per ms for `time`, 1 otherwise. */
export function reportDivisor(contains: MetricContains): number {
  return contains === 'time' ? 1000 : 1;
}

export interface GaugeValues {
  value: number;
  min: number;
  max: number;
}

/**
 * `vus` and `vus_max` add up across runners and tag sets (each runner owns its VUs); any
 * other gauge merges as the highest value, a conservative reading across runners.
 */
export function gaugeSums(metric: string): boolean {
  return metric === 'vus' || metric === 'vus_max';
}

/** Merges gauge readings taken at the same time (runners, or tag sets of one metric). */
export function mergeGauges(metric: string, parts: readonly GaugeValues[]): GaugeValues | undefined {
  const first = parts[0];
  if (!first) return undefined;
  const merged = { ...first };
  const sum = gaugeSums(metric);
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (sum) {
      merged.value += part.value;
      merged.min += part.min;
      merged.max += part.max;
    } else {
      merged.value = Math.max(merged.value, part.value);
      merged.min = Math.min(merged.min, part.min);
      merged.max = Math.max(merged.max, part.max);
    }
  }
  return merged;
}

/** Whether two tag sets hold the same pairs. */
function sameTags(a: Tags, b: Tags): boolean {
  let count = 0;
  for (const name in b) {
    if (a[name] !== b[name]) return false;
    count++;
  }
  for (const _ in a) count--;
  return count === 0;
}

/** The run's totals keyed by series key. */
export class TotalsTable {
  readonly byKey = new Map<string, SeriesTotal>();
  /** The same totals by metric, each list in the order first seen: a query reads one metric's only. */
  readonly byMetric = new Map<string, SeriesTotal[]>();
  /**
   * Per runner, the totals of its series by their position in its last snapshot, with the
   * tags object that matched (`find`).
   */
  readonly #byPosition = new Map<string, { total: SeriesTotal; tags: Tags }[]>();
  /** The total last found at each position, whatever the runner (`find`). */
  readonly #lastAt: SeriesTotal[] = [];
  /** Trend series with data in the interval being folded, for `closeInterval`. */
  #opened: SeriesTotal[] = [];

  get(series: SeriesSnapshot): SeriesTotal {
    const key = seriesKey(series.metric, series.tags);
    let total = this.byKey.get(key);
    if (!total) {
      total = new SeriesTotal(key, series);
      this.byKey.set(key, total);
      const ofMetric = this.byMetric.get(total.metric);
      if (ofMetric) ofMetric.push(total);
      else this.byMetric.set(total.metric, [total]);
    }
    return total;
  }

  /**
   * `get` without building the series key when it can: a runner sends the same series in
   * the same order second after second, so the total at the same position of its last
   * snapshot, with the same metric and tags, is the one. Building and hashing the key was
   * the largest part of a cluster coordinator's merge after the histograms. A remote
   * runner's series come with the same tags object every second (cluster/snapshot-wire.ts),
   * so even the tags are compared only when the object differs.
   */
  find(series: SeriesSnapshot, runnerId: string, position: number): SeriesTotal {
    let totals = this.#byPosition.get(runnerId);
    if (!totals) this.#byPosition.set(runnerId, (totals = []));
    const hint = totals[position];
    if (hint && hint.total.metric === series.metric) {
      if (hint.tags === series.tags) return hint.total;
      if (sameTags(hint.total.tags, series.tags)) {
        hint.tags = series.tags;
        return hint.total;
      }
    }
    // a runner's first snapshot: the runners of a run send the same series in the same
    // order, so the series another runner had at this place is checked before keying
    const other = this.#lastAt[position];
    const total =
      other && other.metric === series.metric && sameTags(other.tags, series.tags) ? other : this.get(series);
    this.#lastAt[position] = total;
    totals[position] = { total, tags: series.tags };
    return total;
  }

  /**
   * Adds a snapshot's counters, rates, histogram and sample (not its gauge: gauges merge per
   * interval) to the figures of interval `index`, or straight to the totals when it is late
   * (undefined). An interval's histograms reach the totals once, in `closeInterval`: each
   * runner's is added into one array per series, not into every sum it counts in. With
   * `runnerId`, the series is `position`th in that runner's snapshot (found without its key).
   */
  fold(series: SeriesSnapshot, index: number | undefined, runnerId?: string, position = 0): void {
    const total = runnerId === undefined ? this.get(series) : this.find(series, runnerId, position);
    if (total.sample === undefined && series.sample !== undefined) total.sample = series.sample;
    if (series.count !== undefined) total.count += series.count;
    if (series.passes !== undefined) total.passes += series.passes;
    if (series.fails !== undefined) total.fails += series.fails;
    if (index === undefined) {
      if (series.histogram !== undefined && total.histogram) addEncoded(total.histogram, series.histogram);
      return;
    }
    const interval = this.#intervalOf(total, index);
    if (series.histogram !== undefined && interval.histogram) {
      addEncoded(interval.histogram.counts, series.histogram);
    }
    interval.count += series.count ?? 0;
    interval.passes += series.passes ?? 0;
    interval.fails += series.fails ?? 0;
  }

  /**
   * Adds the histograms of the interval folded last to the totals; returns the series that
   * have one, for the caller's own sums (figures by name and target).
   */
  closeInterval(): SeriesTotal[] {
    const opened = this.#opened;
    this.#opened = [];
    for (const total of opened) total.histogram?.add(total.interval.histogram!.counts);
    return opened;
  }

  /** Records interval `index`'s merged gauge reading. */
  foldGauge(total: SeriesTotal, reading: GaugeValues, index: number): void {
    this.#intervalOf(total, index).gauge = { ...reading };
    const gauge = total.gauge;
    if (!gauge) total.gauge = { ...reading };
    else {
      gauge.value = reading.value;
      gauge.min = Math.min(gauge.min, reading.min);
      gauge.max = Math.max(gauge.max, reading.max);
    }
  }

  /** The series' figures for interval `index`, emptied when it is a new interval. */
  #intervalOf(total: SeriesTotal, index: number): IntervalTotal {
    const interval = total.interval;
    if (interval.index !== index) {
      interval.index = index;
      interval.count = 0;
      interval.passes = 0;
      interval.fails = 0;
      interval.gauge = undefined;
      if (interval.histogram) {
        interval.histogram.clear();
        this.#opened.push(total);
      }
    }
    return interval;
  }
}
