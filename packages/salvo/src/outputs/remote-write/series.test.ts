import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { createAggregator, createRecorder } from '../../metrics/index.ts';
import type { RunMeta } from '../../results/index.ts';
import { TIME_LE } from '../prometheus/buckets.ts';
import { encodeWriteRequest, METRIC_TYPE, WriteRequest } from './prompb.ts';
import { runTimeSeries } from './series.ts';

const META: RunMeta = {
  testId: 'rw-1',
  test: 't.ts',
  startedAt: '2026-11-23T15:00:00.000Z',
  plannedDurationMs: 1000,
  scenarios: ['default'],
};

test('series as remote write wants them: labels sorted, le in its place, a test’s job tag renamed, one sample each', () => {
  const recorder = createRecorder('r0');
  const tags = { name: '/a', method: 'GET', job: 'nightly', Zone: 'eu' };
  recorder.trend(recorder.series('http_req_duration', tags), 3000);
  recorder.count(recorder.series('http_reqs', tags), 1);
  const aggregator = createAggregator();
  aggregator.addInterval([recorder.snapshot(0, 0, 1000)]);
  const { timeseries, metadata } = runTimeSeries(aggregator.data, META, 1_700_000_000_000);

  for (const series of timeseries) {
    const names = series.labels.map((label) => label.name);
    assert.deepEqual(names, [...names].sort(), names.join(','));
    assert.equal(new Set(names).size, names.length, 'no label twice');
    assert.deepEqual(
      series.samples.map((s) => s.timestamp),
      [1_700_000_000_000],
    );
  }
  const byName = (name: string) =>
    timeseries.filter((s) => s.labels.some((l) => l.name === '__name__' && l.value === name));
  const buckets = byName('salvo_http_req_duration_seconds_bucket');
  assert.deepEqual(
    buckets.map((s) => s.labels.find((l) => l.name === 'le')!.value),
    [...TIME_LE, '+Inf'],
  );
  const [reqs] = byName('salvo_http_reqs_total');
  assert.deepEqual(reqs!.labels, [
    { name: 'Zone', value: 'eu' }, // upper case sorts before __name__
    { name: '__name__', value: 'salvo_http_reqs_total' },
    { name: 'exported_job', value: 'nightly' },
    { name: 'instance', value: hostname() },
    { name: 'job', value: 'salvo-test' },
    { name: 'method', value: 'GET' },
    { name: 'name', value: '/a' },
    { name: 'test_id', value: 'rw-1' },
  ]);
  assert.deepEqual(reqs!.samples[0]!.value, 1);
  assert.equal(
    metadata.find((m) => m.metricFamilyName === 'salvo_http_req_duration_seconds')?.type,
    METRIC_TYPE.HISTOGRAM,
  );
  assert.equal(metadata.find((m) => m.metricFamilyName === 'salvo_http_reqs_total')?.unit, '');

  // and what the encoder writes decodes to the same
  const decoded = WriteRequest.toObject(WriteRequest.decode(encodeWriteRequest(timeseries, metadata)), {
    longs: Number,
  });
  assert.equal(decoded.timeseries.length, timeseries.length);
  assert.deepEqual(decoded.timeseries[timeseries.indexOf(reqs!)].labels, reqs!.labels);
});
