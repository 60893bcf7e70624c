import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Root, type Type } from 'protobufjs';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import type { ResultsDocument, RunMeta } from '../../results/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { TIME_EDGES_MS } from '../prometheus/buckets.ts';
import { recordedRun } from '../testing/recorded-run.ts';
import { otlpOutput } from './index.ts';

/**
 * `--out otlp` into a test receiver that decodes each request with OTLP's own .proto files
 * (test/fixtures/opentelemetry-proto, loaded by protobufjs here), not with the exporter's
 * code: what arrives is the run's own figures.
 */

const PROTOS = fileURLToPath(new URL('../../../../../test/fixtures/opentelemetry-proto/', import.meta.url));

/** ExportMetricsServiceRequest, from opentelemetry/proto/collector/metrics/v1/metrics_service.proto. */
async function exportRequestType(): Promise<Type> {
  const root = new Root();
  root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : `${PROTOS}${target}`);
  await root.load('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: true });
  return root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
}

// The shapes the .proto files define (keepCase: their own field names), as far as the test reads them.
interface KeyValue {
  key: string;
  value: { string_value?: string; double_value?: number; int_value?: number };
}
interface NumberPoint {
  attributes?: KeyValue[];
  as_double?: number;
  start_time_unix_nano: number;
  time_unix_nano: number;
}
interface HistogramPoint {
  attributes?: KeyValue[];
  count: number;
  sum: number;
  min?: number;
  max?: number;
  bucket_counts: number[];
  explicit_bounds: number[];
}
interface Metric {
  name: string;
  unit: string;
  sum?: { data_points: NumberPoint[]; aggregation_temporality: number; is_monotonic: boolean };
  gauge?: { data_points: NumberPoint[] };
  histogram?: { data_points: HistogramPoint[]; aggregation_temporality: number };
}
interface ExportRequest {
  resource_metrics: {
    resource: { attributes: KeyValue[] };
    scope_metrics: { scope: { name: string }; metrics: Metric[] }[];
  }[];
}

const CUMULATIVE = 2; // AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE in metrics.proto

/** An OTLP/HTTP receiver at /v1/metrics: decodes every request, answers `status`. */
async function receiver(type: Type, status = 200) {
  const requests: ExportRequest[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      assert.equal(req.url, '/v1/metrics');
      contentTypes.push(req.headers['content-type'] ?? '');
      const decoded = type.decode(Buffer.concat(chunks));
      requests.push(type.toObject(decoded, { longs: Number, defaults: true, arrays: true }) as ExportRequest);
      res.statusCode = status;
      res.setHeader('content-type', 'application/x-protobuf');
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`,
    requests,
    contentTypes,
    close: () => server.close(),
  };
}

const attribute = (attributes: KeyValue[] | undefined, key: string) =>
  attributes?.find((kv) => kv.key === key)?.value.string_value;

let target: TestServer;
let requestType: Type;
const files = testFiles();
before(async () => {
  target = await startTestServer();
  requestType = await exportRequestType();
});
after(async () => {
  await target.close();
  files.remove();
});

test('a run pushed over OTLP/HTTP arrives, decoded by the protocol’s .proto files, with the run’s figures', {
  timeout: 60_000,
}, async (t) => {
  const otlp = await receiver(requestType);
  try {
    const output = otlpOutput(otlp.url, { intervalMs: 1000 });
    const started = await startTestFile(
      files,
      `export default defineTest({
        vus: 3, duration: '3s',
        http: { baseUrl: '${target.url}' },
        exec: async (vu) => {
          await vu.http.get('/delay?ms=' + (2 + (vu.iteration % 30)), { name: vu.iteration % 2 === 0 ? 'even' : 'odd' });
        },
      });`,
      { outputs: [output] },
    );
    await started.running.done;
    const doc = started.results();
    const requests = (doc.metrics.http_reqs!.values as { count: number }).count;
    assert.ok(requests > 30, `${requests} requests`);
    assert.equal(output.stats.failed, 0, `failed pushes: ${output.stats.lastError}`);
    assert.equal(otlp.requests.length, output.stats.pushes);
    assert.ok(otlp.requests.length >= 2, `${otlp.requests.length} pushes`);
    assert.ok(otlp.contentTypes.every((type) => type === 'application/x-protobuf'));

    const last = otlp.requests.at(-1)!;
    assert.equal(last.resource_metrics.length, 1);
    const [resourceMetrics] = last.resource_metrics;
    assert.equal(attribute(resourceMetrics!.resource.attributes, 'service.name'), 'salvo-test');
    assert.equal(attribute(resourceMetrics!.resource.attributes, 'service.instance.id'), hostname());
    assert.equal(attribute(resourceMetrics!.resource.attributes, 'salvo.test_id'), doc.meta.testId);
    const metrics = new Map(
      resourceMetrics!.scope_metrics.flatMap((scope) => scope.metrics).map((metric) => [metric.name, metric]),
    );

    // counters: a monotonic cumulative sum per label set, adding up to the run's count
    const reqs = metrics.get('salvo_http_reqs_total')!;
    assert.equal(reqs.sum!.aggregation_temporality, CUMULATIVE);
    assert.equal(reqs.sum!.is_monotonic, true);
    const run = started.views.at(-1)!.run.cumulative;
    for (const name of ['even', 'odd']) {
      const points = reqs.sum!.data_points.filter((p) => attribute(p.attributes, 'name') === name);
      const counted = (run.query('http_reqs', { name })!.values as { count: number }).count;
      assert.equal(
        points.reduce((sum, p) => sum + p.as_double!, 0),
        counted,
        name,
      );
      assert.equal(attribute(points[0]!.attributes, 'test_id'), doc.meta.testId);
    }
    // cumulative from the run's start (the meta outputs get as it starts, a moment before the load)
    const startMs = reqs.sum!.data_points[0]!.start_time_unix_nano / 1e6;
    assert.ok(Math.abs(startMs - Date.parse(doc.meta.startedAt)) < 5000, `start ${startMs}`);
    assert.ok(reqs.sum!.data_points[0]!.time_unix_nano / 1e6 > startMs);

    // the duration histogram: the exposition's edges in seconds, the run's counts in each bucket
    const duration = metrics.get('salvo_http_req_duration_seconds')!;
    assert.equal(duration.unit, 's');
    assert.equal(duration.histogram!.aggregation_temporality, CUMULATIVE);
    const points = duration.histogram!.data_points;
    assert.deepEqual(
      points[0]!.explicit_bounds,
      TIME_EDGES_MS.map((ms) => ms / 1000),
    );
    const buckets = TIME_EDGES_MS.map((_, i) => points.reduce((sum, p) => sum + p.bucket_counts[i]!, 0));
    const cumulative = buckets.map((_, i) => buckets.slice(0, i + 1).reduce((a, b) => a + b, 0));
    const histogram = run.query('http_req_duration')!.histogram!;
    assert.deepEqual(cumulative, histogram.countsAtOrBelow(TIME_EDGES_MS));
    assert.equal(
      points.reduce((sum, p) => sum + p.count, 0),
      requests,
    );
    assert.equal(Math.min(...points.map((p) => p.min!)), histogram.min / 1000);
    assert.equal(Math.max(...points.map((p) => p.max!)), histogram.max / 1000);

    // a rate as the exposition has it: a counter of its events by result
    const failed = metrics.get('salvo_http_req_failed_total')!;
    const byResult = (result: string) =>
      failed
        .sum!.data_points.filter((p) => attribute(p.attributes, 'result') === result)
        .reduce((sum, p) => sum + p.as_double!, 0);
    assert.equal(byResult('true') + byResult('false'), requests);
    assert.ok(metrics.get('salvo_vus')!.gauge, 'a gauge stays a gauge');
    t.diagnostic(`${requests} requests, ${otlp.requests.length} OTLP pushes, ${metrics.size} metrics`);
  } finally {
    otlp.close();
  }
});

test('a receiver that refuses (400) costs a counted failure, told once, and the run ends normally', async () => {
  const otlp = await receiver(requestType, 400);
  const lines: string[] = [];
  try {
    const meta: RunMeta = {
      testId: 'otlp-1',
      test: 't.ts',
      startedAt: new Date().toISOString(),
      plannedDurationMs: 1000,
      scenarios: ['default'],
    };
    const output = otlpOutput(otlp.url, {
      intervalMs: 60_000,
      stderr: { write: (text) => lines.push(text) },
    });
    await output.start(meta);
    output.interval(recordedRun([{ name: '/a', durationUs: 900 }]));
    await output.end({} as ResultsDocument);
    assert.equal(otlp.requests.length, 1, 'not retried: a 400 would fail again');
    assert.deepEqual({ pushes: output.stats.pushes, failed: output.stats.failed }, { pushes: 1, failed: 1 });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^otlp: a push to ${otlp.url} failed: HTTP 400`));
    assert.match(lines[1]!, /^otlp: 1 of 1 pushes .* failed/);
  } finally {
    otlp.close();
  }
});
