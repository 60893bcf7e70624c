import type { CheckEntry, MetricSummary } from '../results/index.ts';
import { type AggregateValues, aggregate } from './aggregate.ts';
import { BUILTIN_METRICS } from './catalogue.ts';
import { encodeHistogram } from './hdr-encoding.ts';
import { displayKey, tagsInclude } from './tags.ts';
import type { GaugeValues, SeriesTotal } from './totals.ts';
import type { MetricDef, Tags } from './types.ts';

/** A tag set a threshold (or a reader) asks about: every series whose tags include these pairs. */
export interface TagSetRef {
  readonly metric: string;
  /** In the order the user wrote them: the summary key prints them so. */
  readonly tags: Tags;
}

interface SummaryRef extends TagSetRef {
  readonly key: string;
}

const BUILTIN_DEFS = new Map<string, MetricDef>(BUILTIN_METRICS.map((def) => [def.name, def]));

/** Metrics that get one summary key per request name (`metric{name:VALUE}`). */
function perName(metric: string): boolean {
  return metric.startsWith('http_') || metric === 'response_time';
}

/** The run's totals, with the metric-wide gauge readings, as summaries and queries see them. */
export interface TotalsView {
  readonly totals: Iterable<SeriesTotal>;
  readonly metricGauges: ReadonlyMap<string, GaugeValues>;
}

function defOf(view: TotalsView, metric: string): Pick<MetricDef, 'type' | 'contains'> | undefined {
  for (const total of view.totals) if (total.metric === metric) return total;
  return BUILTIN_DEFS.get(metric);
}

/** Values over every series of `metric` whose tags include `tags`; undefined for an unknown metric. */
export function queryTotals(
  view: TotalsView,
  metric: string,
  tags: Tags,
  durationMs: number,
): AggregateValues | undefined {
  const def = defOf(view, metric);
  if (!def) return undefined;
  const matching: SeriesTotal[] = [];
  for (const total of view.totals) {
    if (total.metric === metric && tagsInclude(total.tags, tags)) matching.push(total);
  }
  const wholeMetric = Object.keys(tags).length === 0;
  const gauge = wholeMetric ? view.metricGauges.get(metric) : undefined;
  return aggregate(def.type, def.contains, matching, durationMs, gauge);
}

/**
 * The summary keys: one per metric with data, one per request name for the http_* metrics
 * and response_time, and one per tag set asked for. Checks have no per-check keys: the
 * document's `checks` list has them (a threshold on `checks{check:NAME}` adds its key).
 */
function summaryRefs(view: TotalsView, tagSets: readonly TagSetRef[]): SummaryRef[] {
  const refs = new Map<string, SummaryRef>();
  const add = (metric: string, tags: Tags) => {
    const key = displayKey(metric, tags);
    if (!refs.has(key)) refs.set(key, { key, metric, tags });
  };
  for (const total of view.totals) {
    add(total.metric, {});
    const name = total.tags.name;
    if (name !== undefined && perName(total.metric)) add(total.metric, { name });
  }
  for (const ref of tagSets) add(ref.metric, ref.tags);
  return [...refs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function summarize(
  view: TotalsView,
  durationMs: number,
  tagSets: readonly TagSetRef[],
): Record<string, MetricSummary> {
  const summaries: Record<string, MetricSummary> = {};
  for (const ref of summaryRefs(view, tagSets)) {
    const values = queryTotals(view, ref.metric, ref.tags, durationMs);
    if (values) summaries[ref.key] = { type: values.type, contains: values.contains, values: values.values };
  }
  return summaries;
}

/** Whole-run histograms (recorded units, µs for time) of the trend keys of the summary. */
export function encodeTotals(view: TotalsView, tagSets: readonly TagSetRef[]): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const ref of summaryRefs(view, tagSets)) {
    const histogram = queryTotals(view, ref.metric, ref.tags, 0)?.histogram;
    if (histogram && histogram.totalCount > 0) encoded[ref.key] = encodeHistogram(histogram);
  }
  return encoded;
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
