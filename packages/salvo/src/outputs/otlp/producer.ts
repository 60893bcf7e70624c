import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { RunData, RunMeta } from '../../results/index.ts';
import { SALVO_VERSION } from '../../version.ts';
import type { Family, Sample } from '../prometheus/families.ts';
import { FOLDED, FOLDED_HELP, gatherFamilies, INFO, INFO_HELP } from '../prometheus/gather.ts';
import type { Label } from '../prometheus/labels.ts';
import { familyHelp } from '../prometheus/names.ts';
import { PUSH_JOB, pushInstance } from '../push/identity.ts';

/**
 * An OpenTelemetry MetricProducer that reads the run handle when collected: the engine's
 * own counters and HDR histograms turned into OTLP metrics, never recorded through a
 * metrics client on the hot path (DESIGN.md, "Outputs and formats"). Cumulative from the
 * run's start. Names, attributes and bucket edges are the `/metrics` exposition's
 * (outputs/prometheus), units in UCUM (`s`, `By`): a collector that exports to Prometheus
 * keeps those names (they already end in the unit and `_total`), so dashboards built on
 * the scraped run read a pushed one too.
 */
export function runMetricProducer(run: () => RunData | undefined, meta: RunMeta): MetricProducer {
  const resource = resourceFromAttributes({
    // Prometheus' OTLP translation makes these the job and instance labels
    'service.name': PUSH_JOB,
    'service.instance.id': pushInstance(),
    'service.version': SALVO_VERSION,
    'salvo.test_id': meta.testId,
    'salvo.test': meta.test,
  });
  const startTime = hrTime(Date.parse(meta.startedAt));
  return {
    async collect(): Promise<CollectionResult> {
      const handle = run();
      const metrics = handle === undefined ? [] : runMetrics(handle, meta, startTime, hrTime(Date.now()));
      return {
        resourceMetrics: {
          resource,
          scopeMetrics: [{ scope: { name: 'salvo', version: SALVO_VERSION }, metrics }],
        },
        errors: [],
      };
    },
  };
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

function attributes(labels: readonly Label[]): Attributes {
  return Object.fromEntries(labels);
}

function unitOf(family: Family): string {
  if (family.contains === 'time') return 's';
  return family.contains === 'data' ? 'By' : '1';
}

function runMetrics(run: RunData, meta: RunMeta, startTime: HrTime, endTime: HrTime): MetricData[] {
  const { testId, families, folded } = gatherFamilies(run, meta);
  const point = <T>(labels: readonly Label[], value: T) => ({
    startTime,
    endTime,
    attributes: attributes(labels),
    value,
  });
  const gauge = (name: string, description: string, labels: readonly Label[], value: number): MetricData => ({
    descriptor: { name, description, unit: '1', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [point(labels, value)],
  });
  const metrics: MetricData[] = [gauge(INFO, INFO_HELP, [testId, ['test', meta.test]], 1)];
  for (const { name, family } of families) {
    const descriptor = {
      name,
      description: familyHelp(family.metric, family.metricType, family.contains),
      unit: unitOf(family),
      valueType: ValueType.DOUBLE,
    };
    const samples = [...family.samples.values()];
    const temporality = AggregationTemporality.CUMULATIVE;
    if (family.type === 'histogram') {
      const boundaries = family.edges.map((edge) => (family.contains === 'time' ? edge / 1000 : edge));
      metrics.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: samples.map((sample) => point(sample.labels, histogram(family, sample, boundaries))),
      });
    } else if (family.type === 'counter') {
      metrics.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: samples.map((sample) => point(sample.labels, sample.value)),
      });
    } else {
      metrics.push({
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.GAUGE,
        dataPoints: samples.map((sample) => point(sample.labels, sample.value)),
      });
    }
  }
  metrics.push(gauge(FOLDED, FOLDED_HELP, [testId], folded));
  return metrics;
}

/** OTLP's explicit buckets: counts per bucket (not cumulative), one more than the edges, the last past them. */
function histogram(family: Family, sample: Sample, boundaries: number[]) {
  const counts: number[] = [];
  let below = 0;
  for (let i = 0; i < boundaries.length; i++) {
    const atOrBelow = sample.buckets?.[i] ?? 0;
    counts.push(atOrBelow - below);
    below = atOrBelow;
  }
  counts.push(sample.count - below);
  const seen = sample.count > 0;
  return {
    buckets: { boundaries, counts },
    count: sample.count,
    sum: family.sumOf(sample),
    ...(seen ? { min: sample.min, max: sample.max } : {}),
  };
}
