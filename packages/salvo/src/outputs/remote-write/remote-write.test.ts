import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, test } from 'node:test';
import { prometheusSkipReason, startPrometheus } from '../../../../../test/helpers/prometheus.ts';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { TIME_EDGES_MS, TIME_LE } from '../prometheus/buckets.ts';
import { prometheusRemoteWriteOutput } from './index.ts';

/**
 * `--out prometheus-rw` into a real Prometheus (Debian's 2.42, its remote-write receiver
 * on): what it stores, queried back through its API, is the run's own figures.
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

test('a run pushed by remote write is stored by Prometheus with the run’s counts and buckets', {
  skip,
  timeout: 90_000,
}, async (t) => {
  const prometheus = await startPrometheus({ targets: [], flags: ['--web.enable-remote-write-receiver'] });
  try {
    const output = prometheusRemoteWriteOutput(`${prometheus.url}/api/v1/write`, { intervalMs: 1000 });
    const started = await startTestFile(
      files,
      `export default defineTest({
        vus: 4, duration: '4s',
        http: { baseUrl: '${target.url}' },
        exec: async (vu) => {
          await vu.http.get('/delay?ms=' + (5 + (vu.iteration % 40)), { name: vu.iteration % 3 === 0 ? 'slow' : 'fast' });
        },
      });`,
      { outputs: [output] },
    );
    await started.running.done;
    const doc = started.results();
    const testId = doc.meta.testId;
    const requests = (doc.metrics.http_reqs!.values as { count: number }).count;
    assert.ok(requests > 50, `${requests} requests`);
    assert.equal(output.stats.failed, 0, `failed pushes: ${output.stats.lastError}`);
    assert.ok(output.stats.pushes >= 2, `${output.stats.pushes} pushes`);

    const one = async (expression: string): Promise<number> => {
      const samples = await prometheus.query(expression);
      assert.equal(samples.length, 1, `${expression}: ${JSON.stringify(samples)}`);
      return samples[0]!.value;
    };
    const selector = `{test_id="${testId}"}`;
    assert.equal(await one(`sum(salvo_http_reqs_total${selector})`), requests);
    assert.equal(await one(`sum(salvo_http_req_duration_seconds_count${selector})`), requests);
    assert.equal(await one(`salvo_test_info${selector}`), 1);
    // under the job the lab's dashboards select, as a scrape of the run is
    const [info] = await prometheus.query(`salvo_test_info${selector}`);
    assert.equal(info!.metric.job, 'salvo-test');
    assert.equal(info!.metric.instance, hostname());
    // per request name, as the run counted them
    for (const name of ['slow', 'fast']) {
      const counted = started.views.at(-1)!.run.cumulative.query('http_reqs', { name })!.values as {
        count: number;
      };
      assert.equal(
        await one(`sum(salvo_http_reqs_total{test_id="${testId}",name="${name}"})`),
        counted.count,
        name,
      );
    }
    // the histogram bucket by bucket, and its sum, as the exposition writes them
    const histogram = started.views.at(-1)!.run.cumulative.query('http_req_duration')!.histogram!;
    const stored = new Map(
      (await prometheus.query(`sum by (le) (salvo_http_req_duration_seconds_bucket${selector})`)).map((s) => [
        s.metric.le,
        s.value,
      ]),
    );
    assert.deepEqual(
      TIME_LE.map((le) => stored.get(le)),
      histogram.countsAtOrBelow(TIME_EDGES_MS),
    );
    assert.equal(stored.get('+Inf'), requests);
    const sum = await one(`sum(salvo_http_req_duration_seconds_sum${selector})`);
    assert.ok(Math.abs(sum - (histogram.mean * histogram.count) / 1000) < 1e-6 * requests, `sum ${sum} s`);
    // a time series, not one point: every push is a sample
    const samples = await one(`max(count_over_time(salvo_http_reqs_total${selector}[5m]))`);
    assert.ok(samples >= 2, `${samples} samples of one series`);
    t.diagnostic(`${requests} requests, ${output.stats.pushes} pushes, ${samples} samples a series`);
  } finally {
    await prometheus.stop();
  }
});
