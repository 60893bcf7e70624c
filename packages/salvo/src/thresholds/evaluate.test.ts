import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAggregator, createRecorder } from '../metrics/index.ts';
import { parseDuration } from '../plan/duration.ts';
import { type MetricSummary, metricSummaries } from '../results/index.ts';
import { annotateSummaries } from './annotate.ts';
import { evaluate } from './evaluate.ts';
import { parseThresholds } from './parse.ts';
import type { ThresholdInput } from './types.ts';

const durationMs = (input: string | number) => parseDuration(input, 'delayAbortEval');

/**
 * 100 requests of 0.01..1 ms (10 µs steps: below 2 048 µs HDR buckets are 1 µs wide, so
 * values are exact), every 20th failed, 99 checks passed of 100, 10 VUs.
 */
function runOneSecond() {
  const recorder = createRecorder('r0');
  for (let i = 1; i <= 100; i++) {
    const tags = { name: i % 2 === 0 ? '/even' : '/odd', method: 'GET' };
    recorder.trend(recorder.series('http_req_duration', tags), i * 10);
    recorder.count(recorder.series('http_reqs', tags), 1);
    recorder.rate(recorder.series('http_req_failed', tags), i % 20 === 0);
    recorder.rate(recorder.series('checks', { check: 'ok' }), i !== 50);
  }
  recorder.gauge(recorder.series('vus', {}), 10);
  const aggregator = createAggregator();
  aggregator.addInterval([recorder.snapshot(0, 0, 1000)]);
  return aggregator.data.cumulative;
}

test('evaluate: table of expressions against known data', () => {
  const scope = runOneSecond();
  // actual `undefined`: no data (no sample reached the threshold), which fails
  const cases: [key: string, expression: string, ok: boolean, actual: number | undefined][] = [
    ['http_req_duration', 'p(95)<0.96', true, 0.95],
    ['http_req_duration', 'p(95)<0.95', false, 0.95],
    ['http_req_duration', 'p(50)<=0.5', true, 0.5],
    ['http_req_duration', 'p(99.5)>=1', true, 1],
    ['http_req_duration', 'avg<0.5', false, 0.505],
    ['http_req_duration', 'min==0.01', true, 0.01],
    ['http_req_duration', 'max>1', false, 1],
    ['http_req_duration', 'med!=0.5', false, 0.5],
    ['http_req_duration', 'count==100', true, 100],
    ['http_req_duration{name:/even}', 'min==0.02', true, 0.02],
    ['http_req_duration{name:/odd}', 'max<1', true, 0.99],
    ['http_req_duration{name:/odd,method:GET}', 'count==50', true, 50],
    ['http_req_duration{name:/none}', 'p(95)<1', false, undefined],
    ['http_req_duration{name:/none}', 'max>=0', false, undefined],
    ['http_req_duration{name:/none}', 'count==0', true, 0],
    ['http_req_failed{name:/none}', 'rate<0.01', false, undefined],
    ['checks{check:none}', 'rate>0.9', false, undefined],
    ['vus_max', 'value<100', false, undefined],
    ['http_reqs{name:/none}', 'count<10', true, 0],
    ['http_reqs{name:/none}', 'rate==0', true, 0],
    ['http_req_failed', 'rate<0.05', false, 0.05],
    ['http_req_failed', 'rate<=0.05', true, 0.05],
    ['http_req_failed{name:/odd}', 'rate==0', true, 0],
    ['http_reqs', 'rate>=50', true, 50],
    ['http_reqs', 'count>100', false, 100],
    ['checks', 'rate>0.99', false, 0.99],
    ['checks{check:ok}', 'rate>=0.99', true, 0.99],
    ['vus', 'value==10', true, 10],
    ['dropped_iterations', 'count<1', true, 0],
  ];
  for (const [key, expression, ok, actual] of cases) {
    const set = parseThresholds({ [key]: [expression] }, durationMs);
    const evaluation = evaluate(set, scope, 2000);
    const result = evaluation.results[key]![expression]!;
    assert.equal(result.actual, actual, `${key}: ${expression}`);
    assert.equal(result.noData, actual === undefined ? true : undefined, `${key}: ${expression}`);
    assert.equal(result.ok, ok, `${key}: ${expression}`);
    assert.equal(evaluation.anyFailed, !ok);
    assert.deepEqual(evaluation.noData, actual === undefined ? [`${key} ${expression}`] : []);
  }
});

test('abortOnFail waits for delayAbortEval; the first due failure is the abort', () => {
  const scope = runOneSecond();
  const input: ThresholdInput = {
    http_req_duration: ['p(95)<0.1', { threshold: 'p(99)<0.1', abortOnFail: true, delayAbortEval: '30s' }],
    http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: 10_000 }],
    checks: [{ threshold: 'rate>0.5', abortOnFail: true }],
  };
  const set = parseThresholds(input, durationMs);
  const steps: [elapsedMs: number, abort: { key: string; expression: string } | undefined][] = [
    [1000, undefined],
    [9999, undefined],
    [10_000, { key: 'http_req_failed', expression: 'rate<0.01' }],
    [30_000, { key: 'http_req_duration', expression: 'p(99)<0.1' }],
  ];
  for (const [elapsedMs, abort] of steps) {
    const evaluation = evaluate(set, scope, elapsedMs);
    assert.equal(evaluation.anyFailed, true);
    assert.deepEqual(evaluation.abort, abort, `at ${elapsedMs} ms`);
    assert.deepEqual(evaluation.results.checks, { 'rate>0.5': { ok: true, actual: 0.99 } });
  }
  const passing = parseThresholds({ checks: [{ threshold: 'rate>0.5', abortOnFail: true }] }, durationMs);
  assert.deepEqual(evaluate(passing, scope, 60_000), {
    results: { checks: { 'rate>0.5': { ok: true, actual: 0.99 } } },
    anyFailed: false,
    noData: [],
    abort: undefined,
  });
});

test('threshold tag sets reach the summary, and outcomes are annotated on it', () => {
  const scope = runOneSecond();
  const set = parseThresholds({ 'http_req_duration{ name : /odd }': ['p(95)<0.9', 'max<1'] }, durationMs);
  const summaries: Record<string, MetricSummary> = metricSummaries(scope, 1000, set.tagSets);
  annotateSummaries(summaries, set, evaluate(set, scope, 1000));
  assert.deepEqual(summaries['http_req_duration{name:/odd}']!.thresholds, {
    'p(95)<0.9': { ok: false, actual: 0.95 },
    'max<1': { ok: true, actual: 0.99 },
  });
  assert.equal(summaries.http_req_duration!.thresholds, undefined);
});

test('abortOnFail waits for data: a metric nothing recorded yet does not abort the run', () => {
  const scope = runOneSecond();
  const never = 'http_reqs{name:/not-yet}';
  const set = parseThresholds({ [never]: [{ threshold: 'count>0', abortOnFail: true }] }, durationMs);
  const evaluation = evaluate(set, scope, 5000);
  assert.equal(evaluation.anyFailed, true, 'no data still reads as 0 for the final verdict');
  assert.equal(evaluation.abort, undefined);
});

test('allowNoData: a threshold no sample reached passes, still marked as no data', () => {
  const scope = runOneSecond();
  const set = parseThresholds(
    {
      'http_req_duration{name:/none}': [{ threshold: 'p(95)<1', allowNoData: true }, 'p(99)<1'],
      'http_req_duration{name:/odd}': [{ threshold: 'p(95)<0.5', allowNoData: true }],
    },
    durationMs,
  );
  const evaluation = evaluate(set, scope, 1000);
  assert.deepEqual(evaluation.results['http_req_duration{name:/none}'], {
    'p(95)<1': { ok: true, noData: true },
    'p(99)<1': { ok: false, noData: true },
  });
  assert.deepEqual(evaluation.results['http_req_duration{name:/odd}'], {
    'p(95)<0.5': { ok: false, actual: 0.95 },
  });
  assert.deepEqual(evaluation.noData, ['http_req_duration{name:/none} p(99)<1']);
  const allowed = parseThresholds(
    { 'checks{check:none}': [{ threshold: 'rate>0.9', allowNoData: true }] },
    durationMs,
  );
  assert.equal(evaluate(allowed, scope, 1000).anyFailed, false);
});

test('a no-data threshold is annotated with noData and no value', () => {
  const scope = runOneSecond();
  const set = parseThresholds({ 'http_req_duration{name:/none}': ['p(95)<1'] }, durationMs);
  const summaries: Record<string, MetricSummary> = metricSummaries(scope, 1000, set.tagSets);
  annotateSummaries(summaries, set, evaluate(set, scope, 1000));
  assert.deepEqual(summaries['http_req_duration{name:/none}']?.thresholds, {
    'p(95)<1': { ok: false, noData: true },
  });
});
