import type { RunData, RunMeta } from '../../results/index.ts';
import { FOLDED, FOLDED_HELP, gatherFamilies, INFO, INFO_HELP } from '../prometheus/gather.ts';
import type { Label as PromLabel } from '../prometheus/labels.ts';
import { familyHelp } from '../prometheus/names.ts';
import { PUSH_JOB, pushInstance } from '../push/identity.ts';
import { type Label, METRIC_TYPE, type MetricMetadata, type TimeSeries } from './prompb.ts';

/**
 * The run so far as remote-write time series, one sample each at `timestamp`: the same
 * names, labels and buckets as the `/metrics` exposition (outputs/prometheus), so that a
 * pushed run and a scraped one are queried and graphed alike. Histograms are classic ones
 * (`_bucket` per `le`, `_sum`, `_count`), as Prometheus 2.x stores them. Every series says
 * its job and instance (push/identity.ts), as a scrape would add them.
 */
export function runTimeSeries(
  run: RunData,
  meta: RunMeta,
  timestamp: number,
): { timeseries: TimeSeries[]; metadata: MetricMetadata[] } {
  const { testId, families, folded } = gatherFamilies(run, meta);
  const identity: PromLabel[] = [
    ['job', PUSH_JOB],
    ['instance', pushInstance()],
  ];
  const timeseries: TimeSeries[] = [];
  const metadata: MetricMetadata[] = [];
  const add = (name: string, labels: SortedLabels, value: number, le?: string): void => {
    timeseries.push({ labels: labels.with(name, le), samples: [{ value, timestamp }] });
  };
  metadata.push({ type: METRIC_TYPE.GAUGE, metricFamilyName: INFO, help: INFO_HELP, unit: '' });
  add(INFO, sortedLabels(identity, [testId, ['test', meta.test]], false), 1);
  for (const { name, family } of families) {
    metadata.push({
      type: METRIC_TYPE[
        family.type === 'histogram' ? 'HISTOGRAM' : family.type === 'counter' ? 'COUNTER' : 'GAUGE'
      ],
      metricFamilyName: name,
      help: familyHelp(family.metric, family.metricType, family.contains),
      unit: family.contains === 'time' ? 'seconds' : family.contains === 'data' ? 'bytes' : '',
    });
    for (const sample of family.samples.values()) {
      if (family.type !== 'histogram') {
        add(name, sortedLabels(identity, sample.labels, false), sample.value);
        continue;
      }
      const bucket = sortedLabels(identity, sample.labels, true);
      for (let i = 0; i < family.le.length; i++) {
        add(`${name}_bucket`, bucket, sample.buckets?.[i] ?? 0, family.le[i]);
      }
      add(`${name}_bucket`, bucket, sample.count, '+Inf');
      const plain = sortedLabels(identity, sample.labels, false);
      add(`${name}_sum`, plain, family.sumOf(sample));
      add(`${name}_count`, plain, sample.count);
    }
  }
  metadata.push({ type: METRIC_TYPE.GAUGE, metricFamilyName: FOLDED, help: FOLDED_HELP, unit: '' });
  add(FOLDED, sortedLabels(identity, [testId], false), folded);
  return { timeseries, metadata };
}

/** A label set sorted once; each series made from it fills in its own name (and `le`). */
interface SortedLabels {
  with(name: string, le?: string): Label[];
}

/**
 * `__name__`, job and instance, the series' labels and, for buckets, `le`, sorted by name as
 * the protocol requires: once per label set, not once per bucket (a histogram is 24 series).
 * A test's own tag named `job` or `instance` becomes `exported_job` or `exported_instance`,
 * as a scrape renames it.
 */
function sortedLabels(
  identity: readonly PromLabel[],
  labels: readonly PromLabel[],
  withLe: boolean,
): SortedLabels {
  const all: Label[] = [
    { name: '__name__', value: '' },
    ...identity.map(([n, value]) => ({ name: n, value })),
  ];
  for (const [n, value] of labels) {
    all.push({ name: n === 'job' || n === 'instance' ? `exported_${n}` : n, value });
  }
  if (withLe) all.push({ name: 'le', value: '' });
  all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nameAt = all.findIndex((label) => label.name === '__name__');
  const leAt = withLe ? all.findIndex((label) => label.name === 'le') : -1;
  return {
    with(name, le) {
      const copy = all.slice();
      copy[nameAt] = { name: '__name__', value: name };
      if (leAt >= 0) copy[leAt] = { name: 'le', value: le ?? '' };
      return copy;
    },
  };
}
