import type { MetricFamily, Sample } from './exposition.ts';
import type { Buckets } from './histogram-quantile.ts';

/**
 * Which of a service's metrics Salvo keeps, and how each is read: the series that explain
 * latency, from the names packages/instrument exports (docs/scrape.md), plus any the user
 * names. One scrape becomes a list of readings, each summed over the labels it does not
 * keep (as PromQL's `sum by (route)`); server-series.ts turns two scrapes' readings into points.
 */

export type Reading =
  /** Per second over the window (`rate`), with the increase over the run (`total`). */
  | (ReadingBase & { readonly kind: 'counter'; readonly value: number })
  | (ReadingBase & { readonly kind: 'gauge'; readonly value: number })
  /** Request rate, p50/p95/p99 and, with `busy`, the time spent per second. */
  | (ReadingBase & {
      readonly kind: 'histogram';
      readonly buckets: Buckets;
      readonly count: number;
      readonly sum: number;
      readonly busy: boolean;
    })
  /** `hits / (hits + misses)` over the window. */
  | (ReadingBase & { readonly kind: 'ratio'; readonly hits: number; readonly misses: number });

interface ReadingBase {
  /** The Prometheus metric family it comes from. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Unit of the rate (`req/s`, `/s`, `cores`) or of the value (`bytes`, ''), or `ms` for seconds histograms. */
  readonly unit: string;
}

/** Labels a reading keeps: a list, or every label but the family's own (`le`, `quantile`). */
type KeepLabels = readonly string[] | 'all';

interface Rule {
  readonly name: string;
  read(families: ReadonlyMap<string, MetricFamily>): Reading[];
}

/** The series that explain latency, by packages/instrument's and prom-client's default names. */
export const BUILT_IN_RULES: readonly Rule[] = [
  histogramRule('http_request_duration_seconds', ['route'], 'req/s', false),
  histogramRule('db_query_duration_seconds', ['table'], '/s', true),
  ratioRule('cache_hits_total', 'cache_misses_total', ['cache']),
  valueRule('http_requests_in_flight', 'gauge', [], ''),
  valueRule('process_cpu_seconds_total', 'counter', [], 'cores'),
  valueRule('process_resident_memory_bytes', 'gauge', [], 'bytes'),
];

/** A metric the user named (`keep`): read by its declared type, every label kept. */
export function keptRule(name: string): Rule {
  return {
    name,
    read(families) {
      const family = families.get(name);
      if (!family) return [];
      const seconds = name.endsWith('_seconds');
      switch (family.type) {
        case 'histogram':
          return histogramRule(name, 'all', '/s', false).read(families);
        case 'counter':
          return valueRule(name, 'counter', 'all', '/s').read(families);
        case 'summary':
          // quantiles as the service computed them (they cannot be re-aggregated), and the rate
          return [
            ...sumBy(family.samples, name, 'all', true).map(({ labels, value }) => ({
              kind: 'gauge' as const,
              name,
              labels,
              unit: seconds ? 's' : '',
              value,
            })),
            ...valueRule(`${name}_count`, 'counter', 'all', '/s', family).read(families),
          ];
        default:
          return valueRule(name, 'gauge', 'all', '').read(families);
      }
    },
  };
}

/** Every reading of one scrape. */
export function readScrape(families: ReadonlyMap<string, MetricFamily>, rules: readonly Rule[]): Reading[] {
  return rules.flatMap((rule) => rule.read(families));
}

function histogramRule(name: string, keep: KeepLabels, rateUnit: string, busy: boolean): Rule {
  return {
    name,
    read(families) {
      const family = families.get(name);
      if (family?.type !== 'histogram') return [];
      const groups = new Map<string, { labels: Record<string, string>; buckets: Map<number, number> }>();
      for (const sample of family.samples) {
        if (sample.name !== `${name}_bucket`) continue;
        const labels = kept(sample.labels, keep);
        const key = labelKey(labels);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { labels, buckets: new Map() }));
        const le = Number(sample.labels.le === '+Inf' ? Infinity : sample.labels.le);
        group.buckets.set(le, (group.buckets.get(le) ?? 0) + sample.value);
      }
      const counts = indexed(sumBy(family.samples, `${name}_count`, keep));
      const sums = indexed(sumBy(family.samples, `${name}_sum`, keep));
      return [...groups].map(([key, { labels, buckets }]) => ({
        kind: 'histogram' as const,
        name,
        labels,
        unit: rateUnit,
        buckets,
        count: counts.get(key) ?? buckets.get(Infinity) ?? 0,
        sum: sums.get(key) ?? 0,
        busy,
      }));
    },
  };
}

function ratioRule(hitsName: string, missesName: string, keep: KeepLabels): Rule {
  return {
    name: hitsName,
    read(families) {
      const hits = families.get(hitsName);
      const misses = families.get(missesName);
      if (!hits || !misses) return [];
      const missed = indexed(sumBy(misses.samples, missesName, keep));
      const hit = sumBy(hits.samples, hitsName, keep);
      return hit.map(({ labels, value }) => ({
        kind: 'ratio' as const,
        name: hitsName,
        labels,
        unit: 'ratio',
        hits: value,
        misses: missed.get(labelKey(labels)) ?? 0,
      }));
    },
  };
}

function valueRule(
  name: string,
  kind: 'counter' | 'gauge',
  keep: KeepLabels,
  unit: string,
  family?: MetricFamily,
): Rule {
  return {
    name,
    read(families) {
      const source = family ?? families.get(name);
      if (!source) return [];
      const shown = family ? family.name : name;
      return sumBy(source.samples, name, keep).map(({ labels, value }) => ({
        kind,
        name: shown,
        labels,
        unit,
        value,
      }));
    },
  };
}

/** Samples named `sampleName`, summed by the kept labels. `withQuantile` keeps `quantile` too. */
function sumBy(
  samples: readonly Sample[],
  sampleName: string,
  keep: KeepLabels,
  withQuantile = false,
): { labels: Record<string, string>; value: number }[] {
  const groups = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const sample of samples) {
    if (sample.name !== sampleName || Number.isNaN(sample.value)) continue;
    const labels = kept(sample.labels, keep, withQuantile);
    const key = labelKey(labels);
    const group = groups.get(key);
    if (group) group.value += sample.value;
    else groups.set(key, { labels, value: sample.value });
  }
  return [...groups.values()];
}

function indexed(groups: readonly { labels: Record<string, string>; value: number }[]): Map<string, number> {
  return new Map(groups.map(({ labels, value }) => [labelKey(labels), value]));
}

function kept(
  labels: Readonly<Record<string, string>>,
  keep: KeepLabels,
  withQuantile = false,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [label, value] of Object.entries(labels)) {
    const wanted =
      keep === 'all' ? label !== 'le' && (withQuantile || label !== 'quantile') : keep.includes(label);
    if (wanted) result[label] = value;
  }
  return result;
}

/** A label set as a key: sorted, so the order a service prints them in does not matter. */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((label) => `${label}=${JSON.stringify(labels[label])}`)
    .join(',');
}
