import type { AggregateValues, CheckEntry, SeriesScope } from '../results/index.ts';
import { aggregate } from './aggregate.ts';
import { BUILTIN_METRICS } from './catalogue.ts';
import type { ScopedSeries } from './series-views.ts';
import { tagsInclude } from './tags.ts';
import type { GaugeValues, SeriesTotal, TotalsTable } from './totals.ts';
import type { MetricDef, Tags } from './types.ts';

const BUILTIN_DEFS = new Map<string, MetricDef>(BUILTIN_METRICS.map((def) => [def.name, def]));

/**
 * One scope of the run handle over the aggregator's totals: the whole run so far, or the
 * interval merged last (its series are those with data in it). The aggregator moves
 * `durationMs`, `index` and the metric-wide gauges on as it merges.
 */
export class TotalsScope implements SeriesScope {
  readonly #table: TotalsTable;
  readonly #pick: (total: SeriesTotal, index: number) => ScopedSeries | undefined;
  /** Each metric's gauges merged across tag sets (`vus` is the sum of every runner's). */
  readonly metricGauges = new Map<string, GaugeValues>();
  durationMs = 0;
  /** The interval merged last. */
  index = -1;

  constructor(table: TotalsTable, span: 'cumulative' | 'interval') {
    this.#table = table;
    this.#pick =
      span === 'cumulative'
        ? (total) => total.views.cumulative
        : (total, index) => (total.interval.index === index ? total.views.interval : undefined);
  }

  *series(): IterableIterator<ScopedSeries> {
    for (const total of this.#table.byKey.values()) {
      const series = this.#pick(total, this.index);
      if (series) yield series;
    }
  }

  query(metric: string, tags: Tags = {}, durationMs = this.durationMs): AggregateValues | undefined {
    const def = this.#defOf(metric);
    if (!def) return undefined;
    const matching: ScopedSeries[] = [];
    // one metric's series only: a summary of many request names asks for hundreds of keys a second
    for (const total of this.#table.byMetric.get(metric) ?? []) {
      const series = this.#pick(total, this.index);
      if (series && tagsInclude(series.tags, tags)) matching.push(series);
    }
    const wholeMetric = Object.keys(tags).length === 0;
    const gauge = wholeMetric ? this.metricGauges.get(metric) : undefined;
    return aggregate(def.type, def.contains, matching, durationMs, gauge);
  }

  /** A metric's type: a built-in's, or a custom one's from its first series in the run. */
  #defOf(metric: string): Pick<MetricDef, 'type' | 'contains'> | undefined {
    const builtin = BUILTIN_DEFS.get(metric);
    if (builtin) return builtin;
    return this.#table.byMetric.get(metric)?.[0];
  }
}

/** Checks by name in the order first seen; a pass is a `checks` event with hit true. */
export function checkEntries(totals: Iterable<SeriesTotal>): CheckEntry[] {
  const entries = new Map<string, CheckEntry>();
  for (const total of totals) {
    if (total.metric !== 'checks') continue;
    const name = total.tags.check ?? '';
    const entry = entries.get(name);
    if (entry) {
      entry.passes += total.passes;
      entry.fails += total.fails;
    } else entries.set(name, { name, passes: total.passes, fails: total.fails });
  }
  return [...entries.values()];
}
