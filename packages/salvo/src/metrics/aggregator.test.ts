import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'hdr-histogram-js';
import { encodedHistograms, metricSummaries, type TagSetRef } from '../results/index.ts';
import { createAggregator } from './aggregator.ts';
import { decodeHistogram } from './hdr-encoding.ts';
import { createRecorder } from './recorder.ts';
import type { Recorder, Tags } from './types.ts';

const T0 = 1_700_000_000_000;

function countOf(values: unknown): number {
  return (values as { count: number }).count;
}

function recorders(count: number): Recorder[] {
  return Array.from({ length: count }, (_, i) => createRecorder(`r${i}`));
}

function snapshots(list: readonly Recorder[], index: number) {
  return list.map((recorder) => recorder.snapshot(index, T0 + index * 1000, T0 + index * 1000 + 1000));
}

/** One request as the HTTP client records it. */
function request(recorder: Recorder, name: string, durationUs: number, failed = false, tags: Tags = {}) {
  const base = { name, ...tags };
  recorder.trend(recorder.series('http_req_duration', base), durationUs);
  recorder.count(recorder.series('http_reqs', base), 1);
  recorder.rate(recorder.series('http_req_failed', base), failed);
  recorder.count(recorder.series('data_sent', base), 100);
  recorder.count(recorder.series('data_received', base), 1000);
  if (failed) {
    const id = recorder.series('errors', { kind: 'http_5xx', name });
    recorder.count(id, 1);
    recorder.sample(id, `503 from ${name}`);
  }
}

test('merging 3 runners is exact: percentiles equal one histogram of all values; counters and rates sum', () => {
  const runners = recorders(3);
  const all = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let seed = 3;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const us = 200 + Math.floor((seed / 2_147_483_648) ** 3 * 500_000);
    request(runners[i % 3]!, '/a', us, i % 10 === 0);
    all.recordValue(us);
  }
  const aggregator = createAggregator();
  aggregator.addInterval(snapshots(runners, 0));
  const merged = aggregator.data.cumulative.query('http_req_duration', {}, 1000)!;
  for (const p of [50, 90, 95, 99, 99.9, 100]) {
    assert.equal(merged.percentile(p), all.getValueAtPercentile(p) / 1000, `p(${p})`);
  }
  assert.equal(countOf(merged.values), 3000);
  assert.equal((merged.values as { avg: number }).avg, all.mean / 1000);
  assert.deepEqual(aggregator.data.cumulative.query('http_reqs', {}, 2000)!.values, {
    count: 3000,
    rate: 1500,
  });
  assert.deepEqual(aggregator.data.cumulative.query('http_req_failed', {}, 1000)!.values, {
    rate: 0.1,
    passes: 300,
    fails: 2700,
  });
});

test('summaryTrendStats percentiles are added to every trend of the summary map, exactly', () => {
  const [runner] = recorders(1) as [Recorder];
  const all = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (let i = 1; i <= 20_000; i++) {
    const us = 100 + ((i * 7919) % 90_000);
    request(runner, i % 2 ? '/a' : '/b', us);
    all.recordValue(us);
  }
  const aggregator = createAggregator();
  aggregator.addInterval(snapshots([runner], 0));
  const metrics = metricSummaries(aggregator.data.cumulative, 1000, [], [99.99, 97.5, 99]);
  const total = metrics.http_req_duration!.values as Record<string, number>;
  assert.equal(total['p(97.5)'], all.getValueAtPercentile(97.5) / 1000);
  assert.equal(total['p(99.99)'], all.getValueAtPercentile(99.99) / 1000);
  assert.equal(total['p(99)'], all.getValueAtPercentile(99) / 1000, 'its own set stays as it was');
  assert.ok('p(99.99)' in metrics['http_req_duration{name:/a}']!.values, 'per-name trends too');
  assert.deepEqual(Object.keys(metrics.http_reqs!.values), ['count', 'rate'], 'counters untouched');
});

test('percentiles are never averaged: a slow runner and a fast one merge by their histograms', () => {
  const [fast, slow] = recorders(2) as [Recorder, Recorder];
  for (let i = 0; i < 900; i++) request(fast, '/a', 1000);
  for (let i = 0; i < 100; i++) request(slow, '/a', 100_000);
  const aggregator = createAggregator();
  const view = aggregator.addInterval(snapshots([fast, slow], 0));
  // Averaging the runners' p50 (1 ms and 100 ms) would say ~50 ms; p90 and p95 would also differ.
  assert.equal(view.total.duration!.p50, 1);
  assert.equal(view.total.duration!.p90, 1);
  assert.ok(Math.abs(view.total.duration!.p95 - 100) < 0.1);
  assert.ok(Math.abs(view.total.duration!.mean - 10.9) < 0.01);
  const summary = metricSummaries(aggregator.data.cumulative, 1000).http_req_duration!.values as Record<
    string,
    number
  >;
  assert.equal(summary.med, 1);
  assert.ok(Math.abs(summary['p(95)']! - 100) < 0.1);
});

test('the interval view: totals, per name, errors, bytes, vus across runners, iterations', () => {
  const [a, b] = recorders(2) as [Recorder, Recorder];
  request(a, '/x', 2000);
  request(a, '/y', 4000, true);
  request(b, '/x', 6000);
  a.gauge(a.series('vus', {}), 3);
  b.gauge(b.series('vus', {}), 4);
  a.gauge(a.series('vus_max', {}), 5);
  b.gauge(b.series('vus_max', {}), 5);
  a.count(a.series('iterations', { scenario: 's' }), 2);
  b.count(b.series('iterations', { scenario: 's' }), 1);
  b.count(b.series('dropped_iterations', { scenario: 's' }), 7);
  a.trend(a.series('response_time', { name: '/x' }), 9000);
  a.count(a.series('errors', { kind: 'check', name: 'status is 200' }), 2);
  const aggregator = createAggregator();
  const view = aggregator.addInterval(snapshots([a, b], 0));
  assert.deepEqual([view.index, view.startMs, view.endMs, view.elapsedMs], [0, T0, T0 + 1000, 1000]);
  assert.deepEqual([view.vus, view.vusMax, view.iterations, view.droppedIterations], [7, 10, 3, 7]);
  assert.deepEqual(
    [
      view.total.requests,
      view.total.failures,
      view.total.errors,
      view.total.bytesSent,
      view.total.bytesReceived,
    ],
    [3, 1, { http_5xx: 1, check: 2 }, 300, 3000],
  );
  assert.equal(view.total.duration!.max, 6.003);
  assert.ok(Math.abs(view.total.duration!.mean - 4) < 0.002, 'bucket midpoints');
  const x = view.byName['/x']!;
  assert.deepEqual([x.requests, x.failures, x.duration!.p50, x.duration!.max], [2, 0, 2, 6.003]);
  assert.equal(x.responseTime!.p99, 9.007);
  assert.equal(view.byName['/y']!.errors.http_5xx, 1);
  assert.equal(view.byName['/y']!.responseTime, undefined);
  assert.deepEqual(Object.keys(view.byName).sort(), ['/x', '/y'], 'a check is not a request name');
});

test('the per-second series is columnar and back-fills names, error kinds and response time', () => {
  const runners = recorders(1);
  const recorder = runners[0]!;
  const aggregator = createAggregator({ runStartMs: T0 });
  request(recorder, '/a', 1000);
  aggregator.addInterval(snapshots(runners, 0));
  request(recorder, '/b', 3000, true);
  recorder.trend(recorder.series('response_time', { name: '/b' }), 5000);
  aggregator.addInterval(snapshots(runners, 1));
  aggregator.addInterval(snapshots(runners, 2));
  const series = aggregator.data.columns;
  assert.deepEqual(series.t, [0, 1000, 2000]);
  assert.deepEqual(series.total.requests, [1, 1, 0]);
  assert.deepEqual(series.total.p50, [1, 3.001, null]);
  assert.deepEqual(series.total.errors, { http_5xx: [0, 1, 0] });
  assert.deepEqual(series.total.responseTime!.p99, [null, 5.003, null]);
  assert.deepEqual(series.byName['/a']!.requests, [1, 0, 0]);
  assert.deepEqual(series.byName['/b']!.requests, [0, 1, 0]);
  assert.deepEqual(series.byName['/b']!.failures, [0, 1, 0]);
  assert.deepEqual(series.byName['/b']!.bytesReceived, [0, 1000, 0]);
  assert.deepEqual(series.vus, [0, 0, 0]);
});

test('summaries: one key per metric, per request name, and per threshold tag set', () => {
  const [a, b] = recorders(2) as [Recorder, Recorder];
  request(a, '/post/:id', 2000, false, { method: 'GET' });
  request(a, '/post/:id', 4000, true, { method: 'POST' });
  request(b, '/', 8000, false, { method: 'GET' });
  a.rate(a.series('checks', { check: 'status is 200' }), true);
  b.rate(b.series('checks', { check: 'status is 200' }), false);
  a.gauge(a.series('vus', {}), 2);
  b.gauge(b.series('vus', {}), 3);
  const aggregator = createAggregator();
  aggregator.addInterval(snapshots([a, b], 0));
  const tagSets: TagSetRef[] = [
    { metric: 'http_req_duration', tags: { name: '/post/:id', method: 'GET' } },
    { metric: 'checks', tags: { check: 'status is 200' } },
    { metric: 'iterations', tags: { scenario: 'none' } },
  ];
  const summaries = metricSummaries(aggregator.data.cumulative, 2000, tagSets);
  assert.equal(countOf(summaries.http_req_duration!.values), 3);
  assert.equal(countOf(summaries['http_req_duration{name:/post/:id}']!.values), 2);
  assert.equal(countOf(summaries['http_req_duration{name:/post/:id,method:GET}']!.values), 1);
  assert.deepEqual(summaries['http_reqs{name:/}']!.values, { count: 1, rate: 0.5 });
  assert.deepEqual(summaries['http_req_failed{name:/post/:id}']!.values, { rate: 0.5, passes: 1, fails: 1 });
  assert.deepEqual(summaries['checks{check:status is 200}']!.values, { rate: 0.5, passes: 1, fails: 1 });
  assert.deepEqual(summaries['iterations{scenario:none}']!.values, { count: 0, rate: 0 });
  assert.deepEqual(summaries.vus!.values, { value: 5, min: 5, max: 5 });
  assert.equal(summaries['vus{name:x}'], undefined);
  assert.deepEqual(summaries.http_req_duration!.type, 'trend');
  const trend = summaries.http_req_duration!.values as Record<string, number>;
  assert.deepEqual(Object.keys(trend), [
    'count',
    'avg',
    'min',
    'med',
    'max',
    'p(90)',
    'p(95)',
    'p(99)',
    'p(99.9)',
  ]);
  const histograms = encodedHistograms(aggregator.data.cumulative, tagSets);
  assert.equal(decodeHistogram(histograms['http_req_duration{name:/post/:id,method:GET}']!).totalCount, 1);
  assert.equal(decodeHistogram(histograms.http_req_duration!).totalCount, 3);
  assert.equal(histograms.http_reqs, undefined);
  assert.deepEqual(aggregator.data.errors(), [
    { kind: 'http_5xx', name: '/post/:id', count: 1, sample: '503 from /post/:id' },
  ]);
  assert.deepEqual(aggregator.data.checks(), [{ name: 'status is 200', passes: 1, fails: 1 }]);
  assert.equal(aggregator.data.cumulative.query('no_such_metric', {}, 1000), undefined);
});

test('a runner missing from an interval keeps its gauges; a late snapshot reaches the totals only', () => {
  const [a, b] = recorders(2) as [Recorder, Recorder];
  a.gauge(a.series('vus', {}), 10);
  b.gauge(b.series('vus', {}), 20);
  request(a, '/a', 1000);
  const aggregator = createAggregator();
  assert.equal(aggregator.addInterval(snapshots([a, b], 0)).vus, 30);
  request(b, '/a', 1000);
  b.gauge(b.series('vus', {}), 25);
  const late = b.snapshot(1, T0 + 1000, T0 + 2000);
  request(a, '/a', 1000);
  const view = aggregator.addInterval(snapshots([a], 1));
  assert.equal(view.vus, 30, 'b counted at its last value, 20');
  assert.equal(view.total.requests, 1);
  aggregator.addLate(late);
  assert.deepEqual(aggregator.data.columns.total.requests, [1, 1]);
  assert.equal(countOf(aggregator.data.cumulative.query('http_reqs', {}, 2000)!.values), 3);
  assert.equal(countOf(aggregator.data.cumulative.query('http_req_duration', {}, 2000)!.values), 3);
  assert.equal(aggregator.addInterval(snapshots([a], 2)).vus, 35, 'b now at its late value, 25');
  const empty = aggregator.addInterval([], { index: 3, startMs: T0 + 3000, endMs: T0 + 4000 });
  assert.deepEqual([empty.vus, empty.total.requests, empty.elapsedMs], [35, 0, 4000]);
  assert.throws(() => aggregator.addInterval([]), /needs a snapshot or a frame/);
  b.gauge(b.series('vus', {}), 1);
  const older = b.snapshot(0, T0, T0 + 1000);
  aggregator.addLate(older);
  assert.equal(
    aggregator.addInterval(snapshots([a], 4)).vus,
    35,
    'an older late reading does not replace a newer one',
  );
  assert.throws(() => aggregator.addInterval([...snapshots([a], 5), older]), /intervals 5 and 0 mixed/);
});

test('an hour of per-second series stays small: one number per column per second', () => {
  const runners = recorders(1);
  const recorder = runners[0]!;
  const aggregator = createAggregator({ runStartMs: T0 });
  const names = ['/', '/post/:id', '/login'];
  for (let index = 0; index < 3600; index++) {
    for (const name of names) request(recorder, name, 1000 + index, index % 600 === 0);
    aggregator.addInterval(snapshots(runners, index));
  }
  const series = aggregator.data.columns;
  assert.equal(series.t.length, 3600);
  for (const block of [series.total, ...Object.values(series.byName)]) {
    for (const column of [block.requests, block.p99, block.bytesSent, ...Object.values(block.errors)]) {
      assert.equal(column.length, 3600);
    }
  }
  const bytes = JSON.stringify(series).length;
  assert.ok(bytes < 1_200_000, `${bytes} bytes`);
});

test('transports: the union of what every runner sent through, late snapshots included', () => {
  const aggregator = createAggregator({ runStartMs: T0 });
  assert.deepEqual(aggregator.data.transports(), []);
  const [a, b] = recorders(2);
  const at = (recorder: Recorder, index: number, transports: string[]) => ({
    ...recorder.snapshot(index, T0 + index * 1000, T0 + index * 1000 + 1000),
    transports,
  });
  aggregator.addInterval([at(a!, 0, []), at(b!, 0, ['undici'])]);
  assert.deepEqual(aggregator.data.transports(), ['undici']);
  aggregator.addInterval([at(a!, 1, ['undici'])]);
  aggregator.addLate(at(b!, 1, ['undici', 'lean']));
  assert.deepEqual(aggregator.data.transports(), ['lean', 'undici']);
});

test('series that change place or tags between a runner’s seconds still land in their own totals', () => {
  const series = (metric: string, tags: Tags, count: number) =>
    ({ metric, type: 'counter', contains: 'default', tags, count }) as const;
  const second = (index: number, list: ReturnType<typeof series>[]) => ({
    runnerId: 'r0',
    index,
    startMs: T0 + index * 1000,
    endMs: T0 + index * 1000 + 1000,
    series: list,
  });
  const aggregator = createAggregator();
  aggregator.addInterval([
    second(0, [series('http_reqs', { name: '/a' }, 1), series('http_reqs', { name: '/b' }, 10)]),
  ]);
  // swapped places, then a new tag set at a known place, then one more tag than before
  aggregator.addInterval([
    second(1, [series('http_reqs', { name: '/b' }, 10), series('http_reqs', { name: '/a' }, 1)]),
  ]);
  aggregator.addInterval([second(2, [series('http_reqs', { name: '/a', status: '500' }, 100)])]);
  aggregator.addInterval([
    second(3, [series('http_reqs', { name: '/a' }, 1), series('data_sent', { name: '/b' }, 7)]),
  ]);
  const count = (metric: string, tags: Tags) =>
    countOf(aggregator.data.cumulative.query(metric, tags, 4000)?.values);
  assert.equal(count('http_reqs', { name: '/a' }), 103); // the tag set with a status too
  assert.equal(count('http_reqs', { name: '/a', status: '500' }), 100);
  assert.equal(count('http_reqs', { name: '/b' }), 20);
  assert.equal(count('data_sent', { name: '/b' }), 7);
});
