import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { HIGHEST_TRACKABLE } from './bucket-counts.ts';
import { decodeHistogram } from './hdr-encoding.ts';
import { createRecorder } from './recorder.ts';

test('series interns a tag set once: 10 000 calls give one id, key order does not matter', () => {
  const recorder = createRecorder('t0');
  const first = recorder.series('http_reqs', { name: '/a', method: 'GET', status: '200' });
  for (let i = 0; i < 10_000; i++) {
    assert.equal(recorder.series('http_reqs', { name: '/a', method: 'GET', status: '200' }), first);
  }
  assert.equal(recorder.series('http_reqs', { status: '200', method: 'GET', name: '/a' }), first);
  assert.notEqual(recorder.series('http_reqs', { name: '/b', method: 'GET', status: '200' }), first);
  assert.notEqual(recorder.series('data_sent', { name: '/a', method: 'GET', status: '200' }), first);
});

test('unknown metrics and conflicting definitions throw; define is idempotent', () => {
  const recorder = createRecorder('t0');
  assert.throws(() => recorder.series('tokens', {}), SalvoError);
  recorder.define({ name: 'tokens', type: 'counter', contains: 'default' });
  recorder.define({ name: 'tokens', type: 'counter', contains: 'default' });
  assert.equal(typeof recorder.series('tokens', {}), 'number');
  assert.throws(
    () => recorder.define({ name: 'tokens', type: 'trend', contains: 'default' }),
    /already a counter/,
  );
  assert.throws(() => recorder.define({ name: 'http_reqs', type: 'gauge', contains: 'default' }), SalvoError);
  assert.throws(() => recorder.define({ name: 'bad name', type: 'gauge', contains: 'default' }), /invalid/);
});

test('snapshot carries each type, resets per interval, skips empty series but keeps gauges', () => {
  const recorder = createRecorder('t0');
  const duration = recorder.series('http_req_duration', { name: '/a' });
  const reqs = recorder.series('http_reqs', { name: '/a' });
  const failed = recorder.series('http_req_failed', { name: '/a' });
  const vus = recorder.series('vus', {});
  const errors = recorder.series('errors', { kind: 'reset', name: '/a' });
  for (const us of [1000, 2000, 3000]) recorder.trend(duration, us);
  recorder.count(reqs, 3);
  recorder.rate(failed, true);
  recorder.rate(failed, false);
  recorder.rate(failed, false);
  recorder.gauge(vus, 5);
  recorder.gauge(vus, 9);
  recorder.gauge(vus, 2);
  recorder.count(errors, 1);
  recorder.sample(errors, 'first');
  recorder.sample(errors, 'second');
  const first = recorder.snapshot(0, 1000, 2000);
  assert.deepEqual([first.runnerId, first.index, first.startMs, first.endMs], ['t0', 0, 1000, 2000]);
  const byMetric = new Map(first.series.map((s) => [s.metric, s]));
  assert.equal(decodeHistogram(byMetric.get('http_req_duration')!.histogram!).totalCount, 3);
  assert.equal(byMetric.get('http_reqs')!.count, 3);
  assert.deepEqual([byMetric.get('http_req_failed')!.passes, byMetric.get('http_req_failed')!.fails], [1, 2]);
  const gauge = byMetric.get('vus')!;
  assert.deepEqual([gauge.value, gauge.min, gauge.max], [2, 2, 9]);
  assert.equal(byMetric.get('errors')!.sample, 'first');

  recorder.count(reqs, 1);
  const second = recorder.snapshot(1, 2000, 3000);
  assert.deepEqual(
    second.series.map((s) => [s.metric, s.count ?? s.value]),
    [
      ['http_reqs', 1],
      ['vus', 2],
    ],
  );
  assert.deepEqual([second.series[1]!.min, second.series[1]!.max], [2, 2]);
});

test('trend values are clamped to 0 .. 1 h; NaN and negatives are not samples', () => {
  const recorder = createRecorder('t0');
  const id = recorder.series('http_req_connecting', {});
  recorder.trend(id, 0);
  recorder.trend(id, Number.NaN);
  recorder.trend(id, -5);
  recorder.trend(id, 10 * HIGHEST_TRACKABLE);
  const histogram = decodeHistogram(recorder.snapshot(0, 0, 1000).series[0]!.histogram!);
  assert.equal(histogram.totalCount, 2);
  assert.equal(histogram.valueAt(50), 0);
  const max = histogram.valueAt(100);
  assert.ok(max >= HIGHEST_TRACKABLE && max < HIGHEST_TRACKABLE * 1.001);
});
