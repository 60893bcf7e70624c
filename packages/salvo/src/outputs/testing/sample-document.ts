import { BucketCounts } from '../../metrics/bucket-counts.ts';
import { encodeHistogram } from '../../metrics/hdr-encoding.ts';
import type {
  GeneratorColumns,
  GeneratorSection,
  MetricSummary,
  ResultsDocument,
  SeriesBlock,
  TrendValues,
} from '../../results/index.ts';

/** Test fixture: a realistic finished run (3 seconds, two request names, errors, checks). */

function histogramOf(valuesUs: readonly number[]): string {
  const histogram = new BucketCounts();
  for (const v of valuesUs) histogram.record(v);
  return encodeHistogram(histogram);
}

function trend(count: number, medMs: number, maxMs: number): MetricSummary {
  const values: TrendValues = {
    count,
    avg: medMs * 1.2,
    min: medMs / 4,
    med: medMs,
    max: maxMs,
    'p(90)': medMs * 2,
    'p(95)': medMs * 2.5,
    'p(99)': medMs * 4,
    'p(99.9)': maxMs * 0.9,
  };
  return { type: 'trend', contains: 'time', values };
}

function block(requests: number[], failures: number[], p95: number): SeriesBlock {
  const lat = (f: number) => requests.map((n) => (n > 0 ? p95 * f : null));
  return {
    requests,
    failures,
    errors: { reset: failures.map((f) => Math.min(f, 1)), http_5xx: failures.map((f) => Math.max(0, f - 1)) },
    p50: lat(0.4),
    p90: lat(0.8),
    p95: lat(1),
    p99: lat(1.6),
    max: lat(3),
    bytesSent: requests.map((n) => n * 120),
    bytesReceived: requests.map((n) => n * 2048),
  };
}

/** Two runners' load; with `saturated`, t1 at its limits in the last two seconds. */
function generatorOf(saturated: boolean): { columns: GeneratorColumns; section: GeneratorSection } {
  const busy = { elu: 0.51, cpu: 0.15, cpuWait: 0.8, eventLoopDelayP99Ms: 84.2, eventLoopDelayMaxMs: 130.5 };
  const calm = { elu: 0.42, cpu: 0.38, cpuWait: 0.01, eventLoopDelayP99Ms: 1.9, eventLoopDelayMaxMs: 7.3 };
  return {
    columns: {
      eventLoopDelayP99Ms: saturated ? [1.9, 84.2, 80.1] : [1.9, 1.2, 1.5],
      eventLoopDelayMaxMs: saturated ? [7.3, 130.5, 99] : [7.3, 4.4, 5],
      elu: saturated ? [0.42, 0.51, 0.5] : [0.42, 0.4, 0.41],
      cpu: saturated ? [0.38, 0.15, 0.14] : [0.38, 0.36, 0.37],
      cpuWait: saturated ? [0.01, 0.8, 0.78] : [0.01, 0.01, 0.02],
      saturated: saturated ? [false, true, true] : [false, false, false],
    },
    section: {
      limits: { elu: 0.9, cpu: 0.9, cpuWait: 0.25, eventLoopDelayP99Ms: 50, consecutiveIntervals: 2 },
      runners: { t0: calm, t1: saturated ? busy : calm },
      saturated: saturated
        ? [{ runner: 't1', fromMs: 1000, toMs: 3000, reasons: ['cpu_wait', 'event_loop_delay'], peak: busy }]
        : [],
    },
  };
}

export function sampleDocument(options: {
  openModel: boolean;
  passed: boolean;
  saturated?: boolean;
}): ResultsDocument {
  const { openModel, passed } = options;
  const generator = generatorOf(options.saturated === true);
  const metrics: Record<string, MetricSummary> = {
    http_req_duration: { ...trend(1200, 9.8, 310.2), thresholds: { 'p(95)<500': { ok: true } } },
    'http_req_duration{name:/post/:id}': {
      ...trend(800, 12.5, 310.2),
      thresholds: { 'p(99)<40': { ok: passed } },
    },
    'http_req_duration{name:/}': trend(400, 0.61, 45),
    http_req_waiting: trend(1200, 8.1, 300),
    http_req_blocked: trend(1200, 0.02, 4),
    http_req_connecting: trend(1200, 0, 2.5),
    http_req_tls_handshaking: trend(1200, 0, 0),
    http_req_sending: trend(1200, 0.03, 1.1),
    http_req_receiving: trend(1200, 0.2, 9.7),
    iteration_duration: trend(600, 1450, 2600),
    http_reqs: { type: 'counter', contains: 'default', values: { count: 1200, rate: 39.98 } },
    'http_reqs{name:/post/:id}': {
      type: 'counter',
      contains: 'default',
      values: { count: 800, rate: 26.65 },
    },
    'http_reqs{name:/}': { type: 'counter', contains: 'default', values: { count: 400, rate: 13.33 } },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.01, passes: 12, fails: 1188 },
      thresholds: { 'rate<0.05': { ok: true } },
    },
    'http_req_failed{name:/post/:id}': {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.015, passes: 12, fails: 788 },
    },
    http_req_retries: { type: 'counter', contains: 'default', values: { count: 0, rate: 0 } },
    errors: { type: 'counter', contains: 'default', values: { count: 24, rate: 0.8 } },
    iterations: { type: 'counter', contains: 'default', values: { count: 600, rate: 19.99 } },
    data_sent: { type: 'counter', contains: 'data', values: { count: 144_000, rate: 4797.6 } },
    data_received: { type: 'counter', contains: 'data', values: { count: 2_457_600, rate: 81_878.4 } },
    vus: { type: 'gauge', contains: 'default', values: { value: 0, min: 0, max: 50 } },
    vus_max: { type: 'gauge', contains: 'default', values: { value: 50, min: 50, max: 50 } },
    dropped_iterations: {
      type: 'counter',
      contains: 'default',
      values: { count: openModel ? 7 : 0, rate: 0 },
    },
    checks: { type: 'rate', contains: 'default', values: { rate: 0.99, passes: 1188, fails: 12 } },
  };
  if (openModel) metrics.response_time = trend(1200, 14.2, 1250.5);
  const seconds = [0, 1000, 2000];
  const total = block([400, 400, 400], [0, 10, 2], 25.3);
  if (openModel) {
    const { p50, p90, p95, p99, max } = block([400, 400, 400], [0, 0, 0], 60);
    total.responseTime = { p50, p90, p95, p99, max };
  }
  return {
    schema: 'salvo/results',
    version: 1,
    meta: {
      salvoVersion: '0.1.0',
      node: 'v24.21.0',
      host: 'ci-runner-1',
      testId: '3f0c9a4e-6a1b-4c4f-9d7e-2f1e8b9a0c11',
      test: 'tests/blog.ts',
      startedAt: '2026-11-23T15:00:00.000Z',
      endedAt: '2026-11-23T15:00:30.012Z',
      durationMs: 30_012,
      outcome: passed ? 'passed' : 'thresholds_crossed',
      exitCode: passed ? 0 : 99,
      transport: 'lean',
      runners: [
        { id: 't0', kind: 'thread', segment: '0:1/2' },
        { id: 't1', kind: 'thread', segment: '1/2:1' },
      ],
    },
    options: {
      scenarios: { readers: { executor: openModel ? 'constant-arrival-rate' : 'constant-vus', vus: 50 } },
      thresholds: { http_req_duration: ['p(95)<500'] },
    },
    metrics,
    errors: [
      { kind: 'reset', name: '/post/:id', count: 9, sample: 'socket reset by peer (ECONNRESET)' },
      { kind: 'http_5xx', name: '/post/:id', count: 3, sample: '503 Service Unavailable' },
      { kind: 'check', name: 'status is 200', count: 12, sample: 'status is 200' },
    ],
    checks: [
      { name: 'status is 200', passes: 1188, fails: 12 },
      { name: 'body has a title', passes: 1200, fails: 0 },
    ],
    series: {
      t: seconds,
      vus: [50, 50, 50],
      droppedIterations: openModel ? [0, 7, 0] : [0, 0, 0],
      iterations: [200, 200, 200],
      total,
      byName: {
        '/post/:id': block([266, 267, 267], [0, 10, 2], 31),
        '/': block([134, 133, 133], [0, 0, 0], 1.2),
      },
      generator: generator.columns,
    },
    generator: generator.section,
    histograms: {
      http_req_duration: histogramOf([400, 9800, 12_000, 310_200]),
      'http_req_duration{name:/post/:id}': histogramOf([9800, 12_500, 310_200]),
    },
  };
}
