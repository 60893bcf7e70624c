import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { prometheusSkipReason, startPrometheus } from '../../../../../test/helpers/prometheus.ts';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import type { RunData, RunMeta } from '../../results/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import type { Output } from '../types.ts';
import { TIME_EDGES_MS, TIME_LE } from './buckets.ts';
import { PROMETHEUS_CONTENT_TYPE, prometheusExposition } from './index.ts';

/**
 * A real Prometheus (Debian's) scraping a real run's /metrics every second: what it stores
 * is the run's histogram, and its histogram_quantile agrees with Salvo's p(95).
 */

const skip = prometheusSkipReason();
let target: TestServer;
const files = testFiles();
before(async () => {
  target = await startTestServer();
});
after(async () => {
  await target.close();
  files.remove();
});

/** 10 VUs for 6 s against a server answering after 10 to 200 ms, under two names. */
const LATENCY_SPREAD = () => `
  export default defineTest({
    vus: 10, duration: '6s',
    http: { baseUrl: '${target.url}' },
    exec: async (vu) => {
      const ms = 10 + Math.floor(Math.random() * 191);
      await vu.http.get('/delay?ms=' + ms, { name: vu.iteration % 2 === 0 ? 'even' : 'odd' });
    },
  });`;

/** What a dashboard does: keep the run's handle, answer GET /metrics with what it reads now. */
function metricsEndpoint(): { output: Output; server: Server; scrapes: () => number } {
  let meta: RunMeta | undefined;
  let run: RunData | undefined;
  let scrapes = 0;
  const output: Output = {
    name: 'metrics',
    start: (given) => void (meta = given),
    interval: (view) => void (run = view.run),
    end() {},
  };
  const server = createServer((req, res) => {
    if (req.url !== '/metrics' || run === undefined || meta === undefined) {
      res.statusCode = req.url === '/metrics' ? 503 : 404;
      res.end();
      return;
    }
    scrapes++;
    res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
    res.end(prometheusExposition(run, meta));
  });
  return { output, server, scrapes: () => scrapes };
}

test('Prometheus scrapes a running test; its histogram_quantile(0.95) is Salvo’s p(95) within the bucket', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const endpoint = metricsEndpoint();
  endpoint.server.listen(0, '127.0.0.1');
  await once(endpoint.server, 'listening');
  const { port } = endpoint.server.address() as AddressInfo;
  const prometheus = await startPrometheus({ targets: [`127.0.0.1:${port}`], scrapeIntervalS: 1 });
  try {
    await prometheus.scraped(); // its first scrape comes about 5 s after it starts: wait, then run
    const started = await startTestFile(files, LATENCY_SPREAD(), { outputs: [endpoint.output] });
    await started.running.done;
    const scrapesDuringRun = endpoint.scrapes();
    assert.ok(scrapesDuringRun >= 3, `${scrapesDuringRun} scrapes while the test ran`);

    const doc = started.results();
    const requests = (doc.metrics.http_reqs!.values as { count: number }).count;
    assert.ok(requests > 200, `${requests} requests`);
    // the endpoint now serves the final figures: wait for a scrape of them
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [stored] = await prometheus.query('sum(salvo_http_req_duration_seconds_count)');
      if (stored?.value === requests) break;
      assert.ok(Date.now() < deadline, `Prometheus has ${stored?.value} requests, the run ${requests}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [changes] = await prometheus.query('sum(changes(salvo_http_req_duration_seconds_count[1m]))');
    assert.ok(changes!.value >= 2, `Prometheus saw the count move ${changes!.value} times`);

    // what Prometheus stores is the run's histogram, bucket by bucket
    const merged = doc.metrics.http_req_duration!;
    const histogram = started.views.at(-1)!.run.cumulative.query('http_req_duration')!.histogram!;
    const expected = histogram.countsAtOrBelow(TIME_EDGES_MS);
    const stored = new Map(
      (await prometheus.query('sum by (le) (salvo_http_req_duration_seconds_bucket)')).map((s) => [
        s.metric.le,
        s.value,
      ]),
    );
    assert.deepEqual(
      TIME_LE.map((le) => stored.get(le)),
      expected,
    );
    assert.equal(stored.get('+Inf'), requests);

    // p(95): Prometheus interpolates inside the bucket where the 95th percentile falls
    const salvoP95 = (merged.values as { 'p(95)': number })['p(95)'] / 1000;
    assert.equal(salvoP95, histogram.percentile(95) / 1000);
    const [quantile] = await prometheus.query(
      'histogram_quantile(0.95, sum by (le) (salvo_http_req_duration_seconds_bucket))',
    );
    const edges = TIME_EDGES_MS.map((ms) => ms / 1000);
    const upper = edges.findIndex((edge) => edge >= salvoP95);
    const bucketWidth = edges[upper]! - (edges[upper - 1] ?? 0);
    // HDR reports a bucket's highest equivalent value: up to 0.1% past the edge
    assert.ok(
      Math.abs(quantile!.value - salvoP95) <= bucketWidth + salvoP95 * 0.001,
      `Prometheus p95 ${quantile!.value} s, Salvo ${salvoP95} s, bucket width ${bucketWidth} s`,
    );
    t.diagnostic(
      `${requests} requests, ${scrapesDuringRun} scrapes during the run; p95: Salvo ${salvoP95} s, Prometheus ${quantile!.value} s`,
    );
    assert.ok(salvoP95 > 0.15 && salvoP95 < 0.25, `the server's spread: p95 ${salvoP95} s`);
  } finally {
    await prometheus.stop();
    endpoint.server.close();
  }
});
