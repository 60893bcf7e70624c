import { BucketCounts } from '../../../metrics/bucket-counts.ts';
import { encodeHistogram } from '../../../metrics/hdr-encoding.ts';
import type { MetricSummary, ResultsDocument, SeriesBlock, TrendValues } from '../../../results/index.ts';

/**
 * Test fixture: a results document of any length and width, made up but shaped as the
 * engine writes it (docs/results.md), for the page's size and load-time measure and its
 * browser tests. Deterministic (a seeded generator), so the page it renders is too.
 */

export interface SyntheticOptions {
  readonly seconds: number;
  /** Request names besides the hostile ones (an HTML tag, non-Latin text). */
  readonly names: number;
  /** Add a `response_time` trend and columns, as an arrival-rate run has. */
  readonly openModel?: boolean;
  /** Add scraped service metrics (`server`). */
  readonly server?: boolean;
}

/** A request name that would run script if the page put it into HTML unescaped. */
export const HOSTILE_NAME = '/x<img src=x onerror="window.__xss=1">';
/** A name in other scripts, to show the page keeps any language. */
export const UNICODE_NAME = '/記事/écrire — поиск';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

function trendOf(histogram: BucketCounts): MetricSummary {
  const [med, p90, p95, p99, p999] = histogram.valuesAt([50, 90, 95, 99, 99.9]).map((us) => us / 1000);
  const values: TrendValues = {
    count: histogram.totalCount,
    avg: round(histogram.mean / 1000),
    min: histogram.min / 1000,
    med: med!,
    max: histogram.valueAt(100) / 1000,
    'p(90)': p90!,
    'p(95)': p95!,
    'p(99)': p99!,
    'p(99.9)': p999!,
  };
  return { type: 'trend', contains: 'time', values };
}

function emptyBlock(): SeriesBlock {
  return {
    requests: [],
    failures: [],
    errors: { http_5xx: [] },
    p50: [],
    p90: [],
    p95: [],
    p99: [],
    max: [],
    bytesSent: [],
    bytesReceived: [],
  };
}

/** A document of `seconds` seconds and `names` + 2 request names. */
export function syntheticDocument(options: SyntheticOptions): ResultsDocument {
  const next = random(42);
  const names = [
    ...Array.from({ length: options.names }, (_, i) => `/api/resource-${i}/:id`),
    HOSTILE_NAME,
    UNICODE_NAME,
  ];
  const t = Array.from({ length: options.seconds }, (_, i) => i * 1000);
  const total = emptyBlock();
  const byName: Record<string, SeriesBlock> = {};
  const totalHistogram = new BucketCounts();
  const responseHistogram = new BucketCounts();
  const metrics: Record<string, MetricSummary> = {};
  let requests = 0;
  let failures = 0;
  for (const [n, name] of names.entries()) {
    const block = emptyBlock();
    const whole = new BucketCounts();
    const baseMs = 2 + n * 0.7;
    let nameFailures = 0;
    for (let s = 0; s < options.seconds; s++) {
      const load = 20 + Math.round(10 * Math.sin(s / 60) + next() * 5);
      const slow = s > options.seconds * 0.6 && s < options.seconds * 0.7 ? 4 : 1;
      let highest = 0;
      for (let r = 0; r < load; r++) {
        const us = Math.round(1000 * baseMs * slow * (0.5 + next() ** 3 * 6));
        whole.record(us);
        highest = Math.max(highest, us);
      }
      // The second's percentiles from its shape (a histogram a second costs 10 s an hour to build).
      const p50 = round(baseMs * slow * (1 + next() * 0.2));
      const failed = next() < 0.05 ? 1 : 0;
      block.requests.push(load);
      block.failures.push(failed);
      block.errors.http_5xx!.push(failed);
      block.p50.push(p50);
      block.p90.push(round(p50 * 2.8));
      block.p95.push(round(p50 * 3.6));
      block.p99.push(round(Math.min(p50 * 5.5, highest / 1000)));
      block.max.push(highest / 1000);
      block.bytesSent.push(load * 120);
      block.bytesReceived.push(load * 900);
      nameFailures += failed;
    }
    byName[name] = block;
    totalHistogram.add(whole);
    requests += whole.totalCount;
    failures += nameFailures;
    metrics[`http_req_duration{name:${name}}`] = trendOf(whole);
    metrics[`http_reqs{name:${name}}`] = {
      type: 'counter',
      contains: 'default',
      values: { count: whole.totalCount, rate: whole.totalCount / options.seconds },
    };
    metrics[`http_req_failed{name:${name}}`] = {
      type: 'rate',
      contains: 'default',
      values: {
        rate: nameFailures / whole.totalCount,
        passes: nameFailures,
        fails: whole.totalCount - nameFailures,
      },
    };
  }
  for (let s = 0; s < options.seconds; s++) {
    const blocks = Object.values(byName);
    const sum = (pick: (b: SeriesBlock) => number) => blocks.reduce((a, b) => a + pick(b), 0);
    const most = (pick: (b: SeriesBlock) => number | null) => Math.max(...blocks.map((b) => pick(b) ?? 0));
    total.requests.push(sum((b) => b.requests[s]!));
    total.failures.push(sum((b) => b.failures[s]!));
    total.errors.http_5xx!.push(sum((b) => b.errors.http_5xx![s]!));
    // Made up: the busiest name's figures stand for the total (the page draws, it does not check).
    total.p50.push(most((b) => b.p50[s]!));
    total.p90.push(most((b) => b.p90[s]!));
    total.p95.push(most((b) => b.p95[s]!));
    total.p99.push(most((b) => b.p99[s]!));
    total.max.push(most((b) => b.max[s]!));
    total.bytesSent.push(sum((b) => b.bytesSent[s]!));
    total.bytesReceived.push(sum((b) => b.bytesReceived[s]!));
  }
  if (options.openModel) {
    const queued = (column: (number | null)[]) => column.map((v) => (v === null ? null : round(v * 1.3)));
    total.responseTime = {
      p50: queued(total.p50),
      p90: queued(total.p90),
      p95: queued(total.p95),
      p99: queued(total.p99),
      max: queued(total.max),
    };
    for (let i = 0; i < requests; i += 97)
      responseHistogram.record(Math.round(1300 * (3 + next() ** 3 * 40)));
    metrics.response_time = trendOf(responseHistogram);
  }
  const duration = trendOf(totalHistogram);
  duration.thresholds = { 'p(95)<50': { ok: true, actual: (duration.values as TrendValues)['p(95)'] } };
  metrics.http_req_duration = duration;
  metrics.http_reqs = {
    type: 'counter',
    contains: 'default',
    values: { count: requests, rate: requests / options.seconds },
  };
  metrics.http_req_failed = {
    type: 'rate',
    contains: 'default',
    values: { rate: failures / requests, passes: failures, fails: requests - failures },
    thresholds: { 'rate<0.01': { ok: false, actual: failures / requests } },
  };
  metrics.checks = {
    type: 'rate',
    contains: 'default',
    values: { rate: 0.98, passes: 980, fails: 20 },
  };
  metrics['http_req_duration{name:/never}'] = {
    type: 'trend',
    contains: 'time',
    values: { count: 0, avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0, 'p(99.9)': 0 },
    thresholds: { 'p(99)<100': { ok: false, noData: true } },
  };
  metrics.vus = { type: 'gauge', contains: 'default', values: { value: 0, min: 0, max: 50 } };
  metrics.iterations = {
    type: 'counter',
    contains: 'default',
    values: { count: requests / 2, rate: requests / 2 / options.seconds },
  };
  const gauge = (f: (s: number) => number) => t.map((_, s) => round(f(s)));
  const doc: ResultsDocument = {
    schema: 'salvo/results',
    version: 1,
    meta: {
      salvoVersion: '0.1.0',
      node: 'v24.21.0',
      host: 'synthetic',
      testId: '00000000-0000-4000-8000-000000000000',
      test: 'tests/synthetic.ts',
      startedAt: '2026-12-02T01:00:00.000Z',
      endedAt: new Date(Date.parse('2026-12-02T01:00:00.000Z') + options.seconds * 1000).toISOString(),
      durationMs: options.seconds * 1000,
      outcome: 'thresholds_crossed',
      exitCode: 99,
      transport: 'lean',
      runners: [
        { id: 't0', kind: 'thread', segment: '0:1/2' },
        { id: 't1', kind: 'thread', segment: '1/2:1' },
      ],
      reason: 'http_req_failed rate<0.01 crossed',
    },
    options: {
      scenarios: {
        readers: {
          type: 'constant-vus',
          vus: 50,
          durationMs: options.seconds * 1000,
          startTimeMs: 0,
          tags: {},
          behaviour: 'exec',
        },
      },
      thresholds: { http_req_duration: ['p(95)<50'], http_req_failed: ['rate<0.01'] },
      http: { baseUrl: 'http://127.0.0.1:8080' },
      tags: {},
    },
    metrics,
    errors: [
      {
        kind: 'http_5xx',
        name: HOSTILE_NAME,
        count: 7,
        sample: `GET ${HOSTILE_NAME}: unexpected status 503 </script><script>window.__xss=2</script>`,
      },
      { kind: 'timeout', name: UNICODE_NAME, count: 3, sample: 'request timed out after 60000 ms' },
      { kind: 'check', name: 'status is 200', count: 20, sample: 'check "status is 200" failed' },
      {
        kind: 'script',
        name: 'readers',
        count: 4,
        sample: "TypeError: Cannot read properties of undefined (reading 'id')",
        message: "TypeError: Cannot read properties of undefined (reading 'id')",
        location: 'tests/synthetic.ts:31:27',
      },
    ],
    checks: [{ name: 'status is 200', passes: 980, fails: 20 }],
    series: {
      t,
      vus: t.map(() => 50),
      droppedIterations: t.map(() => 0),
      iterations: total.requests.map((n) => Math.round(n / 2)),
      total,
      byName,
      generator: {
        eventLoopDelayP99Ms: gauge(() => 2 + next() * 3),
        eventLoopDelayMaxMs: gauge(() => 6 + next() * 10),
        elu: gauge((s) => 0.3 + 0.2 * Math.sin(s / 100)),
        cpu: gauge(() => 0.25 + 0.1 * next()),
        cpuWait: gauge(() => 0.01 * next()),
        saturated: t.map((_, s) => s >= 10 && s < 14),
      },
    },
    generator: {
      limits: { elu: 0.9, cpu: 0.9, cpuWait: 0.25, eventLoopDelayP99Ms: 50, consecutiveIntervals: 2 },
      runners: {
        t0: { elu: 0.5, cpu: 0.35, cpuWait: 0.01, eventLoopDelayP99Ms: 5, eventLoopDelayMaxMs: 16 },
        t1: { elu: 0.93, cpu: 0.4, cpuWait: 0.3, eventLoopDelayP99Ms: 61, eventLoopDelayMaxMs: 90 },
      },
      saturated: [
        {
          runner: 't1',
          fromMs: 10_000,
          toMs: 14_000,
          reasons: ['elu', 'cpu_wait'],
          peak: { elu: 0.93, cpu: 0.4, cpuWait: 0.3, eventLoopDelayP99Ms: 61, eventLoopDelayMaxMs: 90 },
        },
      ],
    },
    histograms: {
      http_req_duration: encodeHistogram(totalHistogram),
      ...(options.openModel ? { response_time: encodeHistogram(responseHistogram) } : {}),
    },
  };
  if (options.server) Object.assign(doc, { server: syntheticServer(options.seconds, next) });
  return doc;
}

/**
 * Scraped service metrics every 5 s, shaped as results/server.ts has them (the `--scrape`
 * work): one endpoint, a label set that is HTML, a failing second endpoint.
 */
function syntheticServer(seconds: number, next: () => number): unknown {
  const target = 'http://127.0.0.1:9100/metrics';
  const at = Array.from({ length: Math.ceil(seconds / 5) }, (_, i) => i * 5000);
  const line = (f: (tMs: number) => number) => at.map((tMs) => [tMs, round(f(tMs))]);
  const series = (
    name: string,
    stat: string,
    unit: string,
    labels: Record<string, string>,
    points: unknown,
  ) => ({
    target,
    name,
    stat,
    labels,
    unit,
    points,
  });
  return {
    targets: [
      { url: target, intervalMs: 5000, scrapes: at.length, failures: 0, droppedSeries: 0 },
      {
        url: 'http://127.0.0.1:9200/metrics',
        intervalMs: 5000,
        scrapes: at.length,
        failures: at.length,
        lastError: 'connection refused <b>',
        droppedSeries: 0,
      },
    ],
    series: [
      series(
        'db_query_duration_seconds',
        'p99',
        'ms',
        { table: 'posts' },
        line(() => 4 + next() * 10),
      ),
      series(
        'db_query_duration_seconds',
        'p99',
        'ms',
        { table: 'users<b>' },
        line(() => 2 + next() * 4),
      ),
      series(
        'http_requests_total',
        'rate',
        'req/s',
        { route: '/post/:id' },
        line(() => 500 + next() * 80),
      ),
      series(
        'process_resident_memory_bytes',
        'value',
        'bytes',
        {},
        line((tMs) => 80e6 + tMs * 10),
      ),
      series(
        'cache_hits',
        'ratio',
        'ratio',
        {},
        line(() => 0.8 + next() * 0.15),
      ),
    ],
  };
}
