import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { CORE_METRICS, OPEN_MODEL_METRICS } from '../metrics/index.ts';
import { startTest } from '../run/coordinator.ts';
import type { PlanSource } from '../run/load-plan.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { jsonOutput } from './json.ts';
import { sampleDocument } from './testing/sample-document.ts';

const docsDir = join(import.meta.dirname, '../../../../docs');
const schemaPath = join(docsDir, 'results.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

function errorsOf(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors);
}
// biome-ignore lint/suspicious/noExplicitAny: the tests break the document at arbitrary paths
type Loose = any;

/** A JSON round trip, as a reader gets the document, and a deep copy to break. */
function roundTrip(openModel: boolean): Record<string, Loose> {
  return JSON.parse(JSON.stringify(sampleDocument({ openModel, passed: false })));
}

describe('docs/results.schema.json', () => {
  it('validates a realistic closed-model and open-model document', () => {
    assert.equal(errorsOf(roundTrip(false)), '');
    assert.equal(errorsOf(roundTrip(true)), '');
  });

  it('validates the example in docs/results.md', () => {
    const markdown = readFileSync(join(docsDir, 'results.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    assert.ok(example, 'results.md has a json example');
    assert.equal(errorsOf(JSON.parse(example)), '');
  });

  it('accepts fields added later (readers ignore unknown fields)', () => {
    const doc = roundTrip(false);
    doc.meta.region = 'eu-west-1';
    doc.series.total.retries = [0, 0, 0];
    assert.equal(errorsOf(doc), '');
  });

  it('validates a server section (--scrape) and rejects an unknown stat', () => {
    const doc = roundTrip(false);
    doc.server = {
      targets: [
        {
          url: 'http://127.0.0.1:3000/metrics',
          intervalMs: 2000,
          scrapes: 3,
          failures: 1,
          lastError: 'HTTP 500',
          firstMs: -50,
          lastMs: 4000,
          droppedSeries: 0,
        },
      ],
      series: [
        {
          target: 'http://127.0.0.1:3000/metrics',
          name: 'http_request_duration_seconds',
          stat: 'rate',
          labels: { route: '/' },
          unit: 'req/s',
          points: [
            [2000, 10.5],
            [4000, 12],
          ],
          run: 11.2,
          total: 45,
        },
      ],
    };
    assert.equal(errorsOf(doc), '');
    doc.server.series[0].stat = 'p42';
    assert.match(errorsOf(doc), /stat/);
  });

  it('accepts a threshold that saw no data, and the outcome nothing_succeeded', () => {
    const doc = roundTrip(false);
    doc.metrics.http_req_duration.thresholds['p(95)<500'] = { ok: false, noData: true };
    doc.meta.outcome = 'nothing_succeeded';
    assert.equal(errorsOf(doc), '');
  });

  const broken: [string, (doc: Record<string, Loose>) => void, RegExp][] = [
    ['a wrong version', (d) => (d.version = 2), /version/],
    ['an exit code of 1', (d) => (d.meta.exitCode = 1), /exitCode/],
    ['an unknown outcome', (d) => (d.meta.outcome = 'failed'), /outcome/],
    ['a trend without p(95)', (d) => delete d.metrics.http_req_duration.values['p(95)'], /p\(95\)/],
    [
      'a counter shaped like a gauge',
      (d) => (d.metrics.http_reqs.values = { value: 1, min: 0, max: 1 }),
      /count/,
    ],
    ['a rate above 1', (d) => (d.metrics.http_req_failed.values.rate = 1.5), /rate/],
    ['an unknown error kind', (d) => (d.errors[0].kind = 'oops'), /kind/],
    [
      'an unknown error kind in the series',
      (d) => (d.series.total.errors.oops = [1, 0, 0]),
      /series\/total\/errors property name/,
    ],
    ['a latency that is a string', (d) => (d.series.total.p95[1] = '25'), /p95/],
    ['a histogram not in HDR base64', (d) => (d.histograms.http_req_duration = 'abc'), /histograms/],
    ['a bad metric key', (d) => (d.metrics['bad key'] = d.metrics.http_reqs), /metrics property name/],
    [
      'a non-boolean threshold outcome',
      (d) => (d.metrics.http_req_duration.thresholds['p(95)<500'].ok = 'yes'),
      /ok/,
    ],
    [
      'a no-data threshold with a value',
      (d) => (d.metrics.http_req_duration.thresholds['p(95)<500'] = { ok: false, noData: true, actual: 0 }),
      /thresholds/,
    ],
    ['a bad start time', (d) => (d.meta.startedAt = 'yesterday'), /startedAt/],
    ['a core metric left out', (d) => delete d.metrics.checks, /must have required property 'checks'/],
    [
      'a core metric of another type',
      (d) => (d.metrics.errors = d.metrics.http_req_failed),
      /metrics\/errors\/type must be equal to constant/,
    ],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`rejects ${what}`, () => {
      const doc = roundTrip(true);
      breakIt(doc);
      assert.match(errorsOf(doc), message);
    });
  }
});

describe('documents written by real runs', () => {
  let server: TestServer;
  const files = testFiles();
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
    files.remove();
  });

  /** Runs `source` on one runner with --out json and reads the file back, as a reader does. */
  async function written(source: PlanSource): Promise<Record<string, Loose>> {
    const path = join(files.dir, `${Math.random().toString(36).slice(2)}.json`);
    const running = await startTest({ source, workers: 1, outputs: [jsonOutput(path)], testLabel: 'test' });
    await running.done;
    return JSON.parse(readFileSync(path, 'utf8'));
  }

  it('a quick closed-model run validates and carries every core metric', async () => {
    const doc = await written({
      kind: 'quick',
      options: {
        url: `${server.url}/`,
        method: 'GET',
        headers: {},
        body: undefined,
        vus: 2,
        duration: '1s',
        iterations: undefined,
        rate: undefined,
        maxVUs: undefined,
        transport: 'auto',
        insecureSkipTLSVerify: false,
      },
    });
    assert.equal(errorsOf(doc), '');
    for (const metric of CORE_METRICS) assert.ok(doc.metrics[metric], `${metric} is there`);
    assert.ok(doc.metrics.http_reqs.values.count > 0);
    assert.deepEqual(doc.metrics.checks.values, { rate: 0, passes: 0, fails: 0 }, 'no checks: zeros');
    assert.deepEqual(doc.metrics.errors.values, { count: 0, rate: 0 });
    assert.equal(doc.metrics.response_time, undefined, 'closed model: no response_time');

    // the example in docs/results.md has the fields a written document has, no other
    const example = JSON.parse(
      /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(docsDir, 'results.md'), 'utf8'))![1]!,
    );
    const keys = (value: object) => Object.keys(value).sort();
    assert.deepEqual(keys(example), keys(doc));
    assert.deepEqual(keys(example.meta), keys(doc.meta));
    assert.deepEqual(keys(example.options), keys(doc.options));
    assert.deepEqual(keys(example.options.scenarios.readers), keys(doc.options.scenarios.default));
    assert.deepEqual(
      keys(example.options.http).filter((key) => key !== 'baseUrl'),
      keys(doc.options.http),
      'a quick run has no baseUrl',
    );
    assert.deepEqual(keys(example.series), keys(doc.series));
    assert.deepEqual(keys(example.series.total), keys(doc.series.total));
    for (const metric of CORE_METRICS) assert.ok(example.metrics[metric], `${metric} in the example`);
  });

  it('an open-model run in which no request was made still has every core metric, at zero', async () => {
    const path = files.write(
      'idle.ts',
      `export default defineTest({ scenarios: { open: {
        executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 1, exec: () => {},
      } } });`,
    );
    const doc = await written({ kind: 'file', path, overrides: {} });
    assert.equal(errorsOf(doc), '');
    for (const metric of [...CORE_METRICS, ...OPEN_MODEL_METRICS]) {
      assert.ok(doc.metrics[metric], `${metric} is there`);
    }
    assert.deepEqual(doc.metrics.http_req_duration.values, {
      count: 0,
      avg: 0,
      min: 0,
      med: 0,
      max: 0,
      'p(90)': 0,
      'p(95)': 0,
      'p(99)': 0,
      'p(99.9)': 0,
    });
    assert.equal(doc.metrics.response_time.values.count, 0);
    assert.deepEqual(doc.metrics.http_reqs.values, { count: 0, rate: 0 });
    assert.deepEqual(doc.metrics.http_req_failed.values, { rate: 0, passes: 0, fails: 0 });
    assert.deepEqual(doc.metrics.dropped_iterations.values, { count: 0, rate: 0 });
    assert.deepEqual(doc.metrics.data_received.values, { count: 0, rate: 0 });
    assert.ok(doc.metrics.iterations.values.count >= 4);
    assert.equal(doc.histograms.http_req_duration, undefined, 'no histogram for an empty trend');
    assert.equal(doc.meta.transport, 'none');
  });
});
