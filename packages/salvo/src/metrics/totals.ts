import { BucketCounts } from './bucket-counts.ts';
import { addSparse, decodeSparse, type SparseHistogram } from './hdr-encoding.ts';
import { seriesKey } from './tags.ts';
import type { MetricContains, MetricType, SeriesSnapshot, Tags } from './types.ts';

/** Whole-run totals of one (metric, tags) series, across runners. */
export interface SeriesTotal {
  readonly key: string;
  readonly metric: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly tags: Tags;
  readonly histogram: BucketCounts | undefined;
  count: number;
  passes: number;
  fails: number;
  /** Gauges: the merged value at the last interval, and min/max over the run. */
  gauge: GaugeValues | undefined;
  /** The first sample message seen (errors). */
  sample: string | undefined;
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

/** The run's totals keyed by series key. */
export class TotalsTable {
  readonly byKey = new Map<string, SeriesTotal>();

  get(series: SeriesSnapshot): SeriesTotal {
    const key = seriesKey(series.metric, series.tags);
    let total = this.byKey.get(key);
    if (!total) {
      total = {
        key,
        metric: series.metric,
        type: series.type,
        contains: series.contains,
        tags: series.tags,
        histogram: series.type === 'trend' ? new BucketCounts() : undefined,
        count: 0,
        passes: 0,
        fails: 0,
        gauge: undefined,
        sample: undefined,
      };
      this.byKey.set(key, total);
    }
    return total;
  }

  /**
   * Adds a snapshot's counters, rates, histogram and sample (not its gauge: gauges merge per
   * interval). Returns the decoded interval histogram, for callers that merge it further.
   */
  fold(series: SeriesSnapshot): SparseHistogram | undefined {
    const total = this.get(series);
    if (total.sample === undefined && series.sample !== undefined) total.sample = series.sample;
    let decoded: SparseHistogram | undefined;
    if (series.histogram !== undefined && total.histogram) {
      decoded = decodeSparse(series.histogram);
      addSparse(total.histogram, decoded);
    }
    if (series.count !== undefined) total.count += series.count;
    if (series.passes !== undefined) total.passes += series.passes;
    if (series.fails !== undefined) total.fails += series.fails;
    return decoded;
  }

  /** Records one interval's merged gauge reading. */
  foldGauge(total: SeriesTotal, reading: GaugeValues): void {
    const gauge = total.gauge;
    if (!gauge) total.gauge = { ...reading };
    else {
      gauge.value = reading.value;
      gauge.min = Math.min(gauge.min, reading.min);
      gauge.max = Math.max(gauge.max, reading.max);
    }
  }
}
