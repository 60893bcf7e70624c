import type { MetricContains, MetricType, SeriesView } from '../../results/index.ts';
import { PLAIN_EDGES, PLAIN_LE, TIME_EDGES_MS, TIME_LE } from './buckets.ts';
import { type Label, renderLabels } from './labels.ts';
import { type FamilyType, familyType } from './names.ts';

/**
 * A metric's series gathered under their Prometheus labels: series whose labels come out
 * the same (a script error's message left out, or past the cap) are added together.
 */

/** One label set's figures: a counter's or gauge's value, or a histogram's counts. */
export interface Sample {
  readonly labels: readonly Label[];
  /** The labels rendered (`name="value",…`), as the exposition writes them. */
  readonly rendered: string;
  value: number;
  /** histogram: cumulative counts at each edge, count, and sum in recorded units (µs for time). */
  buckets: Float64Array | undefined;
  count: number;
  sum: number;
  /** histogram: the lowest and highest value, in Prometheus' unit (seconds for time); NaN until one. */
  min: number;
  max: number;
}

export class Family {
  readonly metric: string;
  readonly metricType: MetricType;
  readonly contains: MetricContains;
  readonly type: FamilyType;
  /** Rendered labels → figures, in the order first seen. */
  readonly samples = new Map<string, Sample>();
  readonly edges: readonly number[];
  readonly le: readonly string[];

  constructor(series: SeriesView) {
    this.metric = series.metric;
    this.metricType = series.type;
    this.contains = series.contains;
    this.type = familyType(series.type);
    const time = series.contains === 'time';
    this.edges = time ? TIME_EDGES_MS : PLAIN_EDGES;
    this.le = time ? TIME_LE : PLAIN_LE;
  }

  /** Adds one series' figures under `labels`. */
  add(labels: readonly Label[], series: SeriesView): void {
    if (this.metricType === 'rate') {
      this.#sample([...labels, ['result', 'true']]).value += series.passes;
      this.#sample([...labels, ['result', 'false']]).value += series.fails;
      return;
    }
    const sample = this.#sample(labels);
    if (this.metricType === 'counter') sample.value += series.count;
    else if (this.metricType === 'gauge') sample.value += this.#unit(series.gauge?.value ?? 0);
    else if (series.histogram !== undefined) {
      const { histogram } = series;
      const counts = histogram.countsAtOrBelow(this.edges);
      const buckets = (sample.buckets ??= new Float64Array(this.edges.length));
      for (let i = 0; i < counts.length; i++) buckets[i]! += counts[i]!;
      sample.count += histogram.count;
      if (histogram.count > 0) {
        sample.min = Number.isNaN(sample.min)
          ? this.#unit(histogram.min)
          : Math.min(sample.min, this.#unit(histogram.min));
        sample.max = Number.isNaN(sample.max)
          ? this.#unit(histogram.max)
          : Math.max(sample.max, this.#unit(histogram.max));
      }
      // HDR's sum (count × bucket middle, an integer in recorded units): mean × count × 1000 for ms
      sample.sum += Math.round(histogram.mean * histogram.count * (this.contains === 'time' ? 1000 : 1));
    }
  }

  /** Reported units to Prometheus': ms to seconds for times. */
  #unit(value: number): number {
    return this.contains === 'time' ? value / 1000 : value;
  }

  /** A histogram's sum in Prometheus' unit: µs to seconds for times. */
  sumOf(sample: Sample): number {
    return this.contains === 'time' ? sample.sum / 1_000_000 : sample.sum;
  }

  #sample(labels: readonly Label[]): Sample {
    const rendered = renderLabels(labels);
    let sample = this.samples.get(rendered);
    if (sample === undefined) {
      sample = {
        labels,
        rendered,
        value: 0,
        buckets: undefined,
        count: 0,
        sum: 0,
        min: Number.NaN,
        max: Number.NaN,
      };
      this.samples.set(rendered, sample);
    }
    return sample;
  }
}
