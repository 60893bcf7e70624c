import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { prometheusSkipReason, promtoolCheckMetrics } from '../../../../../test/helpers/prometheus.ts';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import type { RunData, RunMeta } from '../../results/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import type { Output } from '../types.ts';
import { prometheusExposition } from './index.ts';

/** `/metrics` of a real run, read mid-run and at the end, parsed and linted by Prometheus' own promtool. */

const SALVO_ENTRY = pathToFileURL(new URL('../../index.ts', import.meta.url).pathname).href;
const skip = prometheusSkipReason();
let server: TestServer;
const files = testFiles();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

/** Every kind of series a run has: names, statuses, errors, checks, groups, custom metrics, awkward text. */
const RICH_TEST = () => `
  import { Counter, Gauge, Rate, Trend } from '${SALVO_ENTRY}';
  const serverTiming = new Trend('server_timing', true);
  const itemsSeen = new Counter('items_seen');
  const cacheHits = new Rate('cache_hits');
  const queueDepth = new Gauge('queue_depth');
  const payloadSize = new Trend('payload_size');
  export default defineTest({
    vus: 2, duration: '2500ms',
    http: { baseUrl: '${server.url}' },
    exec: async (vu) => {
      const res = await vu.http.get('/items/' + vu.iteration, { tags: { page_kind: 'item' } });
      vu.check(res, { 'status is 200': (r) => r.status === 200, 'is "odd" \\\\ fine': () => vu.iteration % 2 === 1 });
      await vu.group('checkout', async () => {
        await vu.http.get('/status/' + (vu.iteration % 3 === 0 ? 500 : 404), { name: 'say "hi"\\nthen \\\\ go' });
      });
      serverTiming.add(1.5 + vu.iteration, { route: 'home' });
      itemsSeen.add(2);
      cacheHits.add(vu.iteration % 4 !== 0);
      queueDepth.add(vu.iteration);
      payloadSize.add(100 * vu.iteration);
      await vu.sleep(0.02);
    },
  });`;

test('promtool check metrics passes the exposition of a real run, mid-run and at the end', {
  skip,
}, async () => {
  let meta: RunMeta | undefined;
  let midRun: string | undefined;
  const scraper: Output = {
    name: 'scraper',
    start: (given) => void (meta = given),
    interval(view) {
      if (view.index === 1) midRun = prometheusExposition(view.run, meta!);
    },
    end() {},
  };
  let run: RunData | undefined;
  const started = await startTestFile(files, RICH_TEST(), {
    outputs: [scraper, { name: 'handle', start() {}, interval: (view) => void (run = view.run), end() {} }],
  });
  await started.running.done;
  assert.equal(started.results().meta.outcome, 'passed');
  const final = prometheusExposition(run!, meta!);
  for (const [when, text] of [
    ['mid-run', midRun!],
    ['at the end', final],
  ] as const) {
    const checked = await promtoolCheckMetrics(text);
    assert.deepEqual(checked, { code: 0, output: '' }, `${when}:\n${text}`);
  }
  // what the run had is there, under the names and labels docs/prometheus.md gives
  for (const expected of [
    /^salvo_http_reqs_total\{test_id="[^"]+",scenario="default",name="\/items\/:id",method="GET",status="200",page_kind="item"\} \d+$/m,
    /^salvo_http_req_duration_seconds_bucket\{.*name="say \\"hi\\"\\nthen \\\\ go",.*status="404",group="::checkout",le="0\.1"\} \d+$/m,
    /^salvo_errors_total\{.*kind="http_5xx",group="::checkout"\} \d+$/m,
    /^salvo_checks_total\{.*check="is \\"odd\\" \\\\ fine",result="false"\} \d+$/m,
    /^salvo_group_duration_seconds_count\{.*group="::checkout"\} \d+$/m,
    /^salvo_server_timing_seconds_bucket\{.*route="home",le="0\.0025"\} \d+$/m,
    /^salvo_items_seen_total\{test_id="[^"]+",scenario="default"\} \d+$/m,
    /^salvo_cache_hits_total\{.*result="true"\} \d+$/m,
    /^salvo_queue_depth\{test_id="[^"]+",scenario="default"\} \d+$/m,
    /^salvo_payload_size_bucket\{test_id="[^"]+",scenario="default",le="1000"\} \d+$/m,
    /^salvo_generator_cpu\{test_id="[^"]+",runner="[^"]+"\} [\d.e-]+$/m,
    /^salvo_vus_max\{test_id="[^"]+"\} 2$/m,
  ]) {
    assert.match(final, expected);
  }
  // and the counts are the summary's
  const requests = [...final.matchAll(/^salvo_http_reqs_total\{.*\} (\d+)$/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  assert.equal(requests, (started.results().metrics.http_reqs!.values as { count: number }).count);
});

test('promtool finds what is wrong in an exposition (the check above can fail)', { skip }, async () => {
  const checked = await promtoolCheckMetrics('# TYPE salvo_x counter\nsalvo_x{a="b} 1\n');
  assert.notEqual(checked.code, 0);
});
