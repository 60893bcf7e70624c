import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUILTIN_METRICS, createAggregator, createRecorder, type Recorder } from '../../metrics/index.ts';
import type { RunData, RunMeta } from '../../results/index.ts';
import { MAX_EXPORTED_SERIES, prometheusExposition } from './index.ts';

const META: RunMeta = {
  testId: 'run-1',
  test: 'blog.ts',
  startedAt: '2026-11-23T15:00:00.000Z',
  plannedDurationMs: 1000,
  scenarios: ['default'],
};

/** A run of one merged second, recorded by `record` on one runner. */
function runOf(record: (recorder: Recorder) => void): RunData {
  const recorder = createRecorder('r0');
  record(recorder);
  const aggregator = createAggregator();
  aggregator.addInterval([recorder.snapshot(0, 0, 1000)]);
  return aggregator.data;
}

/** The sample lines of a family (HELP and TYPE left out). */
function samplesOf(text: string, family: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family}_`));
}

test('a small run, line by line: counters, a rate, a gauge and a histogram in seconds', () => {
  const get = { scenario: 'default', name: '/post/:id', method: 'GET', status: '200' };
  const run = runOf((r) => {
    r.count(r.series('http_reqs', get), 4);
    // on an edge (5 ms), just past it (HDR bucket 5004..5007 µs), 120 ms, and 61 s (past the last edge)
    for (const us of [5000, 5004, 120_000, 61_000_000]) r.trend(r.series('http_req_duration', get), us);
    r.rate(r.series('http_req_failed', get), false);
    r.rate(r.series('http_req_failed', get), false);
    r.rate(r.series('http_req_failed', get), true);
    r.gauge(r.series('vus', {}), 3);
  });
  const text = prometheusExposition(run, META);
  const labels = 'test_id="run-1",scenario="default",name="/post/:id",method="GET",status="200"';
  const bucket = (le: string, count: number) =>
    `salvo_http_req_duration_seconds_bucket{${labels},le="${le}"} ${count}`;
  assert.equal(
    text,
    [
      '# HELP salvo_test_info The running test: its id and test file.',
      '# TYPE salvo_test_info gauge',
      'salvo_test_info{test_id="run-1",test="blog.ts"} 1',
      '# HELP salvo_http_reqs_total HTTP requests sent (every attempt, retries included).',
      '# TYPE salvo_http_reqs_total counter',
      `salvo_http_reqs_total{${labels}} 4`,
      '# HELP salvo_http_req_failed_total HTTP requests by whether they failed (result="true": failed by the expected statuses or an error).',
      '# TYPE salvo_http_req_failed_total counter',
      `salvo_http_req_failed_total{${labels},result="true"} 1`,
      `salvo_http_req_failed_total{${labels},result="false"} 2`,
      '# HELP salvo_http_req_duration_seconds Time of a request: sending, waiting and receiving. In seconds.',
      '# TYPE salvo_http_req_duration_seconds histogram',
      ...['0.0001', '0.00025', '0.0005', '0.001', '0.0025'].map((le) => bucket(le, 0)),
      bucket('0.005', 1),
      ...['0.01', '0.025', '0.05', '0.075', '0.1'].map((le) => bucket(le, 2)),
      ...['0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '30', '60'].map((le) => bucket(le, 3)),
      bucket('+Inf', 4),
      // HDR's sum: each value's bucket middle (5002, 5006, 120 032 and 60 997 632 µs)
      `salvo_http_req_duration_seconds_sum{${labels}} 61.127672`,
      `salvo_http_req_duration_seconds_count{${labels}} 4`,
      '# HELP salvo_vus Virtual users running now.',
      '# TYPE salvo_vus gauge',
      'salvo_vus{test_id="run-1"} 3',
      `# HELP salvo_exposition_series_folded Series past the cap of ${MAX_EXPORTED_SERIES} added into their metric's overflow="true" series (counted, not lost).`,
      '# TYPE salvo_exposition_series_folded gauge',
      'salvo_exposition_series_folded{test_id="run-1"} 0',
      '',
    ].join('\n'),
  );
});

test('the sum is HDR’s own: the mean the summary shows times the count', () => {
  const run = runOf((r) => {
    for (const us of [5000, 5004, 120_000, 61_000_000]) r.trend(r.series('http_req_duration', {}), us);
  });
  const { mean, count } = run.cumulative.query('http_req_duration')!.histogram!;
  const [sum] = samplesOf(prometheusExposition(run, META), 'salvo_http_req_duration_seconds_sum');
  assert.ok(Math.abs(Number(sum!.split(' ')[1]) - (mean * count) / 1000) < 1e-9);
});

test('units: bytes counters, a time gauge in seconds, histograms of iterations', () => {
  const run = runOf((r) => {
    r.count(r.series('data_sent', { name: '/x' }), 1234);
    r.count(r.series('data_received', { name: '/x' }), 99);
    r.count(r.series('iterations', { scenario: 'default' }), 7);
    r.count(r.series('dropped_iterations', { scenario: 'default' }), 2);
    r.gauge(r.series('generator_event_loop_delay', { runner: 'r0' }), 12.5);
    r.gauge(r.series('generator_elu', { runner: 'r0' }), 0.25);
    r.gauge(r.series('vus_max', {}), 10);
    r.trend(r.series('iteration_duration', { scenario: 'default' }), 250_000);
  });
  const text = prometheusExposition(run, META);
  assert.deepEqual(samplesOf(text, 'salvo_data_sent_bytes_total'), [
    'salvo_data_sent_bytes_total{test_id="run-1",name="/x"} 1234',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_data_received_bytes_total'), [
    'salvo_data_received_bytes_total{test_id="run-1",name="/x"} 99',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_iterations_total'), [
    'salvo_iterations_total{test_id="run-1",scenario="default"} 7',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_dropped_iterations_total'), [
    'salvo_dropped_iterations_total{test_id="run-1",scenario="default"} 2',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_generator_event_loop_delay_seconds'), [
    'salvo_generator_event_loop_delay_seconds{test_id="run-1",runner="r0"} 0.0125',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_generator_elu'), [
    'salvo_generator_elu{test_id="run-1",runner="r0"} 0.25',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_vus_max'), ['salvo_vus_max{test_id="run-1"} 10']);
  assert.ok(text.includes('# TYPE salvo_iteration_duration_seconds histogram\n'));
  assert.ok(
    text.includes(
      'salvo_iteration_duration_seconds_bucket{test_id="run-1",scenario="default",le="0.25"} 1\n',
    ),
  );
  assert.ok(
    text.includes('salvo_iteration_duration_seconds_bucket{test_id="run-1",scenario="default",le="0.1"} 0\n'),
  );
});

test('label values escaped, tag names made label names, own labels never overwritten', () => {
  const run = runOf((r) => {
    const tags = {
      name: 'say "hi" \\ then\nleave',
      method: 'GET',
      le: 'a tag called le',
      result: 'mine',
      'page-type': 'article',
      'page.type': 'second',
      '9lives': 'cat',
      __meta: 'reserved',
      test_id: 'theirs',
    };
    r.count(r.series('http_reqs', tags), 1);
  });
  const [line] = samplesOf(prometheusExposition(run, META), 'salvo_http_reqs_total');
  assert.equal(
    line,
    'salvo_http_reqs_total{test_id="run-1",name="say \\"hi\\" \\\\ then\\nleave",method="GET",' +
      '_9lives="cat",tag___meta="reserved",tag_le="a tag called le",page_type="article",' +
      'page_type_="second",tag_result="mine",tag_test_id="theirs"} 1',
  );
});

test('checks and errors: a check’s passes and fails; a script error’s text left out, its counts added', () => {
  const run = runOf((r) => {
    const check = r.series('checks', { scenario: 'default', check: 'status is 200' });
    r.rate(check, true);
    r.rate(check, true);
    r.rate(check, false);
    const boom = { scenario: 'default', kind: 'script', name: 'exec', message: 'boom', location: 't.ts:3' };
    r.count(r.series('errors', boom), 2);
    r.count(r.series('errors', { ...boom, message: 'bang', location: 't.ts:9' }), 1);
    r.count(r.series('errors', { scenario: 'default', kind: 'http_5xx', name: '/x' }), 4);
  });
  const text = prometheusExposition(run, META);
  assert.deepEqual(samplesOf(text, 'salvo_checks_total'), [
    'salvo_checks_total{test_id="run-1",scenario="default",check="status is 200",result="true"} 2',
    'salvo_checks_total{test_id="run-1",scenario="default",check="status is 200",result="false"} 1',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_errors_total'), [
    'salvo_errors_total{test_id="run-1",scenario="default",name="exec",kind="script"} 3',
    'salvo_errors_total{test_id="run-1",scenario="default",name="/x",kind="http_5xx"} 4',
  ]);
});

test('custom metrics: named by type and unit after the built-ins, which keep their names on a clash', () => {
  const run = runOf((r) => {
    r.define({ name: 'http_reqs_total', type: 'gauge', contains: 'default' });
    r.define({ name: 'server_timing', type: 'trend', contains: 'time' });
    r.define({ name: 'queue_depth', type: 'trend', contains: 'default' });
    r.define({ name: 'cache_hits', type: 'rate', contains: 'default' });
    r.define({ name: 'retries_seen', type: 'counter', contains: 'default' });
    r.gauge(r.series('http_reqs_total', {}), 7); // first seen, written after the built-in
    r.count(r.series('http_reqs', {}), 2);
    r.trend(r.series('server_timing', { route: 'home' }), 3000);
    r.trend(r.series('queue_depth', {}), 7);
    r.rate(r.series('cache_hits', {}), true);
    r.count(r.series('retries_seen', {}), 5);
  });
  const text = prometheusExposition(run, META);
  const types = text
    .split('\n')
    .filter((line) => line.startsWith('# TYPE'))
    .map((line) => line.slice('# TYPE '.length));
  assert.deepEqual(types, [
    'salvo_test_info gauge',
    'salvo_http_reqs_total counter',
    'salvo_custom_http_reqs_total gauge',
    'salvo_server_timing_seconds histogram',
    'salvo_queue_depth histogram',
    'salvo_cache_hits_total counter',
    'salvo_retries_seen_total counter',
    'salvo_exposition_series_folded gauge',
  ]);
  assert.ok(
    text.includes(
      '# HELP salvo_server_timing_seconds Custom trend "server_timing" of the test. In seconds.\n',
    ),
  );
  assert.deepEqual(samplesOf(text, 'salvo_custom_http_reqs_total'), [
    'salvo_custom_http_reqs_total{test_id="run-1"} 7',
  ]);
  assert.ok(
    text.includes('salvo_server_timing_seconds_bucket{test_id="run-1",route="home",le="0.0025"} 0\n'),
  );
  assert.ok(text.includes('salvo_server_timing_seconds_bucket{test_id="run-1",route="home",le="0.005"} 1\n'));
  assert.ok(text.includes('salvo_server_timing_seconds_sum{test_id="run-1",route="home"} 0.003001\n'));
  // a plain trend: plain numbers, edges 1, 2, 5, 10, …
  assert.ok(text.includes('salvo_queue_depth_bucket{test_id="run-1",le="5"} 0\n'));
  assert.ok(text.includes('salvo_queue_depth_bucket{test_id="run-1",le="10"} 1\n'));
  assert.ok(text.includes('salvo_queue_depth_sum{test_id="run-1"} 7\n'));
  assert.deepEqual(samplesOf(text, 'salvo_cache_hits_total'), [
    'salvo_cache_hits_total{test_id="run-1",result="true"} 1',
    'salvo_cache_hits_total{test_id="run-1",result="false"} 0',
  ]);
  assert.deepEqual(samplesOf(text, 'salvo_retries_seen_total'), [
    'salvo_retries_seen_total{test_id="run-1"} 5',
  ]);
});

test('past the cap, series are added into their metric’s overflow series, counted; the first keep their labels', () => {
  const recorder = createRecorder('r0');
  const aggregator = createAggregator();
  const extra = 5;
  for (let i = 0; i < MAX_EXPORTED_SERIES + extra; i++) {
    recorder.count(recorder.series('http_reqs', { name: `/page/${i}` }), 1);
  }
  aggregator.addInterval([recorder.snapshot(0, 0, 1000)]);
  const first = samplesOf(prometheusExposition(aggregator.data, META), 'salvo_http_reqs_total');
  assert.equal(first.length, MAX_EXPORTED_SERIES + 1);
  assert.equal(first[0], 'salvo_http_reqs_total{test_id="run-1",name="/page/0"} 1');
  assert.equal(
    first.at(-2),
    `salvo_http_reqs_total{test_id="run-1",name="/page/${MAX_EXPORTED_SERIES - 1}"} 1`,
  );
  assert.equal(first.at(-1), `salvo_http_reqs_total{test_id="run-1",overflow="true"} ${extra}`);

  // a second later: the series exported stay exported (their counters go on), new ones overflow
  recorder.count(recorder.series('http_reqs', { name: '/page/0' }), 1);
  recorder.count(recorder.series('http_reqs', { name: '/late' }), 3);
  aggregator.addInterval([recorder.snapshot(1, 1000, 2000)]);
  const text = prometheusExposition(aggregator.data, META);
  const second = samplesOf(text, 'salvo_http_reqs_total');
  assert.equal(second[0], 'salvo_http_reqs_total{test_id="run-1",name="/page/0"} 2');
  assert.equal(second.at(-1), `salvo_http_reqs_total{test_id="run-1",overflow="true"} ${extra + 3}`);
  assert.deepEqual(samplesOf(text, 'salvo_exposition_series_folded'), [
    `salvo_exposition_series_folded{test_id="run-1"} ${extra + 1}`,
  ]);
  const total = second.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  assert.equal(total, MAX_EXPORTED_SERIES + extra + 4, 'every request counted once');
});

test('docs/prometheus.md names every built-in metric as the exposition does', () => {
  const doc = readFileSync(new URL('../../../../../docs/prometheus.md', import.meta.url), 'utf8');
  const rows = new Map(
    [...doc.matchAll(/^\| `([a-z_]+)` +\| `(salvo_[a-z_]+)` +\| (counter|gauge|histogram) /gm)].map((m) => [
      m[1]!,
      { name: m[2]!, type: m[3]! },
    ]),
  );
  assert.deepEqual([...rows.keys()].sort(), BUILTIN_METRICS.map((def) => def.name).sort());
  for (const def of BUILTIN_METRICS) {
    const run = runOf((r) => {
      const id = r.series(def.name, {});
      if (def.type === 'trend') r.trend(id, 1);
      else if (def.type === 'rate') r.rate(id, true);
      else if (def.type === 'gauge') r.gauge(id, 1);
      else r.count(id, 1);
    });
    const types = prometheusExposition(run, META).match(/^# TYPE salvo_(?!test_info|exposition_).*$/gm);
    assert.deepEqual(types, [`# TYPE ${rows.get(def.name)!.name} ${rows.get(def.name)!.type}`], def.name);
  }
});
