import type { RunData, RunMeta } from '../../results/index.ts';
import { FOLDED, FOLDED_HELP, gatherFamilies, INFO, INFO_HELP } from '../prometheus/gather.ts';
import type { Label as PromLabel } from '../prometheus/labels.ts';
import { familyHelp } from '../prometheus/names.ts';
import { PUSH_JOB, pushInstance } from '../push/identity.ts';
import type { Label, MetricMetadata, TimeSeries } from './prompb.ts';

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
  const add = (name: string, labels: readonly PromLabel[], value: number): void => {
    timeseries.push({ labels: sorted(name, identity, labels), samples: [{ value, timestamp }] });
  };
  metadata.push({ type: 'GAUGE', metricFamilyName: INFO, help: INFO_HELP, unit: '' });
  add(INFO, [testId, ['test', meta.test]], 1);
  for (const { name, family } of families) {
    metadata.push({
      type: family.type === 'histogram' ? 'HISTOGRAM' : family.type === 'counter' ? 'COUNTER' : 'GAUGE',
      metricFamilyName: name,
      help: familyHelp(family.metric, family.metricType, family.contains),
      unit: family.contains === 'time' ? 'seconds' : family.contains === 'data' ? 'bytes' : '',
    });
    for (const sample of family.samples.values()) {
      if (family.type !== 'histogram') {
        add(name, sample.labels, sample.value);
        continue;
      }
      for (let i = 0; i < family.le.length; i++) {
        add(`${name}_bucket`, [...sample.labels, ['le', family.le[i]!]], sample.buckets?.[i] ?? 0);
      }
      add(`${name}_bucket`, [...sample.labels, ['le', '+Inf']], sample.count);
      add(`${name}_sum`, sample.labels, family.sumOf(sample));
      add(`${name}_count`, sample.labels, sample.count);
    }
  }
  metadata.push({ type: 'GAUGE', metricFamilyName: FOLDED, help: FOLDED_HELP, unit: '' });
  add(FOLDED, [testId], folded);
  return { timeseries, metadata };
}

/**
 * `__name__`, job and instance, and the series' labels, sorted by name as the protocol
 * requires. A test's own tag named `job` or `instance` becomes `exported_job` or
 * `exported_instance`, as a scrape renames it.
 */
function sorted(name: string, identity: readonly PromLabel[], labels: readonly PromLabel[]): Label[] {
  const all = [{ name: '__name__', value: name }, ...identity.map(([n, value]) => ({ name: n, value }))];
  for (const [n, value] of labels) {
    all.push({ name: n === 'job' || n === 'instance' ? `exported_${n}` : n, value });
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
