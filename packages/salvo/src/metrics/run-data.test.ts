import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'hdr-histogram-js';
import type { SeriesView } from '../results/index.ts';
import { createAggregator } from './aggregator.ts';
import { BucketCounts } from './bucket-counts.ts';
import { decodeHistogram } from './hdr-encoding.ts';
import { CountsView } from './histogram-view.ts';
import { createRecorder } from './recorder.ts';
import type { Recorder } from './types.ts';

const T0 = 1_700_000_000_000;

function snapshot(recorder: Recorder, index: number) {
  return recorder.snapshot(index, T0 + index * 1000, T0 + index * 1000 + 1000);
}

function byKey(series: Iterable<SeriesView>): Map<string, SeriesView> {
  return new Map([...series].map((one) => [one.key, one]));
}

test('the interval scope has what the last interval merged; the cumulative one the whole run', () => {
  const a = createRecorder('a');
  const b = createRecorder('b');
  const aggregator = createAggregator();
  const run = aggregator.data;
  a.count(a.series('http_reqs', { name: '/x' }), 3);
  b.count(b.series('http_reqs', { name: '/x' }), 4);
  b.count(b.series('http_reqs', { name: '/y' }), 1);
  a.gauge(a.series('vus', {}), 5);
  b.gauge(b.series('vus', {}), 6);
  const view = aggregator.addInterval([snapshot(a, 0), snapshot(b, 0)]);
  assert.equal(view.run, run, 'one handle all run');
  a.count(a.series('http_reqs', { name: '/x' }), 2);
  a.rate(a.series('http_req_failed', { name: '/x' }), true);
  aggregator.addInterval([snapshot(a, 1), snapshot(b, 1)]);

  const now = byKey(run.interval.series());
  assert.deepEqual([...now.keys()].sort(), ['http_req_failed{name:/x}', 'http_reqs{name:/x}', 'vus']);
  assert.equal(now.get('http_reqs{name:/x}')!.count, 2);
  assert.deepEqual(now.get('vus')!.gauge, { value: 11, min: 11, max: 11 });
  const all = byKey(run.cumulative.series());
  assert.equal(all.get('http_reqs{name:/x}')!.count, 9);
  assert.equal(all.get('http_reqs{name:/y}')!.count, 1);
  assert.deepEqual(run.interval.query('http_reqs')!.values, { count: 2, rate: 2 });
  assert.deepEqual(run.cumulative.query('http_reqs')!.values, { count: 10, rate: 5 }, 'per s over 2 s');
  assert.deepEqual(run.interval.query('http_reqs', { name: '/y' })!.values, { count: 0, rate: 0 });
  assert.equal(run.interval.query('http_reqs', { name: '/y' })!.observed, false);
  assert.deepEqual(run.interval.query('http_req_failed', { name: '/x' })!.values, {
    rate: 1,
    passes: 1,
    fails: 0,
  });
  assert.equal(run.cumulative.query('no_such_metric'), undefined);
  assert.deepEqual([run.interval.durationMs, run.cumulative.durationMs], [1000, 2000]);
});

test("interval histograms across runners are exact, and equal the run's after one interval", () => {
  const runners = [createRecorder('a'), createRecorder('b'), createRecorder('c')];
  const reference = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let seed = 7;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const us = 100 + Math.floor((seed / 2_147_483_648) ** 3 * 900_000);
    const recorder = runners[i % 3]!;
    recorder.trend(recorder.series('http_req_duration', { name: '/x' }), us);
    reference.recordValue(us);
  }
  const aggregator = createAggregator();
  aggregator.addInterval(runners.map((recorder) => snapshot(recorder, 0)));
  const [interval] = [...aggregator.data.interval.series()];
  const [whole] = [...aggregator.data.cumulative.series()];
  const ps = [0, 1, 25, 50, 90, 99, 99.9, 100];
  assert.deepEqual(
    interval!.histogram!.percentiles(ps),
    ps.map((p) => reference.getValueAtPercentile(p) / 1000),
  );
  assert.deepEqual(interval!.histogram!.percentiles(ps), whole!.histogram!.percentiles(ps));
  assert.equal(interval!.histogram!.percentile(99), reference.getValueAtPercentile(99) / 1000);
  assert.equal(interval!.histogram!.count, 3000);
  assert.equal(interval!.histogram!.max, reference.getValueAtPercentile(100) / 1000);
  assert.equal(interval!.histogram!.min, whole!.histogram!.min);
  assert.ok(Math.abs(interval!.histogram!.mean - reference.mean / 1000) < 1e-9);
  assert.equal(interval!.histogram!.encode(), whole!.histogram!.encode());
  assert.equal(decodeHistogram(whole!.histogram!.encode()).totalCount, 3000);
});

test('countsAtOrBelow counts the values at or below each edge, in the interval and the run alike', () => {
  const runners = [createRecorder('a'), createRecorder('b')];
  const valuesUs: number[] = [];
  let seed = 11;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    // below 2 048 µs HDR buckets are 1 µs wide: counting by value is exact there
    const us = 1 + Math.floor((seed / 2_147_483_648) * 2000);
    const recorder = runners[i % 2]!;
    recorder.trend(recorder.series('http_req_duration', { name: '/x' }), us);
    valuesUs.push(us);
  }
  const aggregator = createAggregator();
  aggregator.addInterval(runners.map((recorder) => snapshot(recorder, 0)));
  const [interval] = [...aggregator.data.interval.series()];
  const [whole] = [...aggregator.data.cumulative.series()];
  const edgesMs = [0.001, 0.25, 0.5, 1, 1.999, 2.5];
  const expected = edgesMs.map((ms) => valuesUs.filter((us) => us <= Math.floor(ms * 1000 + 1e-6)).length);
  assert.deepEqual(interval!.histogram!.countsAtOrBelow(edgesMs), expected);
  assert.deepEqual(whole!.histogram!.countsAtOrBelow(edgesMs), expected);
  assert.equal(expected.at(-1), 2000);
});

test('the handle hands out the aggregator’s own series: same objects, moving on as intervals merge', () => {
  const recorder = createRecorder('a');
  const aggregator = createAggregator();
  const id = recorder.series('http_req_duration', { name: '/x' });
  recorder.trend(id, 1000);
  aggregator.addInterval([snapshot(recorder, 0)]);
  const [first] = [...aggregator.data.cumulative.series()];
  const [firstNow] = [...aggregator.data.interval.series()];
  recorder.trend(id, 5000);
  recorder.trend(id, 5000);
  aggregator.addInterval([snapshot(recorder, 1)]);
  const [again] = [...aggregator.data.cumulative.series()];
  const [againNow] = [...aggregator.data.interval.series()];
  assert.equal(again, first, 'no copy per read');
  assert.equal(againNow, firstNow);
  assert.equal(first!.histogram!.count, 3, 'the run so far');
  assert.equal(firstNow!.histogram!.count, 2, 'the interval just merged');
  assert.equal(firstNow!.histogram!.min, 5);
  recorder.trend(id, 1);
  aggregator.addLate(snapshot(recorder, 0));
  assert.equal(first!.histogram!.count, 4, 'a late snapshot counts in the run');
  assert.equal(firstNow!.histogram!.count, 2, 'but not in the interval');
  aggregator.addInterval([snapshot(recorder, 2)]);
  assert.deepEqual([...aggregator.data.interval.series()], [], 'nothing recorded in interval 2');
});

test('countsAtOrBelow: the values HdrHistogram holds at or below each value, in both scopes', () => {
  const runners = [createRecorder('a'), createRecorder('b')];
  // the library's JsHistogram has it; its Histogram type does not declare it
  const reference = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  }) as unknown as { highestEquivalentValue(value: number): number };
  const recorded: number[] = [];
  let seed = 11;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const us = Math.floor((seed / 2_147_483_648) ** 2 * 400_000);
    const recorder = runners[i % 2]!;
    recorder.trend(recorder.series('http_req_duration', {}), us);
    recorded.push(us);
  }
  const aggregator = createAggregator();
  aggregator.addInterval(runners.map((recorder) => snapshot(recorder, 0)));
  const [interval] = [...aggregator.data.interval.series()];
  const [whole] = [...aggregator.data.cumulative.series()];
  // edges on and off bucket boundaries, below the lowest value and above the highest
  const edges = [-1, 0, 0.5, 1000, 2047, 2049, 5000, 10_001, 99_999.5, 250_000, 400_000, 4e9];
  // HdrHistogram counts a value as at or below an edge when it is equivalent to it
  const expected = edges.map((edge) => {
    const top = edge < 0 ? -1 : reference.highestEquivalentValue(Math.floor(Math.min(edge, 3_600_000_000)));
    return recorded.filter((us) => us <= top).length;
  });
  // the views read in reported units: ms for a time trend
  const edgesMs = edges.map((us) => us / 1000);
  assert.deepEqual(whole!.histogram!.countsAtOrBelow(edgesMs), expected);
  assert.deepEqual(interval!.histogram!.countsAtOrBelow(edgesMs), expected);
  assert.equal(expected.at(-1), 2000);
  assert.ok(expected[6]! > 0 && expected[6]! < 2000, 'an edge inside the values');
  // never more than the exact count of values at or below the edge plus its own bucket's
  for (const [i, edge] of edges.entries()) {
    assert.ok(expected[i]! >= recorded.filter((us) => us <= edge).length);
  }
  assert.deepEqual(new CountsView(new BucketCounts(), 1000).countsAtOrBelow([0, 5000]), [0, 0], 'empty');
});
