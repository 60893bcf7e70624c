import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import { parseThresholds } from './parse.ts';
import type { ThresholdInput } from './types.ts';

const durationMs = (input: string | number) => parseDuration(input, 'delayAbortEval');
const parse = (input: ThresholdInput) =>
  parseThresholds(input, durationMs, [{ name: 'tokens_out', type: 'counter', contains: 'default' }]);

test('valid keys and expressions', () => {
  const cases: [
    key: string,
    expression: string,
    metric: string,
    tags: Record<string, string>,
    expected: object,
  ][] = [
    [
      'http_req_duration',
      'p(95)<500',
      'http_req_duration',
      {},
      { aggregation: { kind: 'p', percentile: 95 }, operator: '<', value: 500 },
    ],
    [
      'http_req_duration',
      'p(99.9) <= 1000.5',
      'http_req_duration',
      {},
      { aggregation: { kind: 'p', percentile: 99.9 }, operator: '<=', value: 1000.5 },
    ],
    [
      'http_req_duration',
      'p( 0 )>=0',
      'http_req_duration',
      {},
      { aggregation: { kind: 'p', percentile: 0 }, operator: '>=', value: 0 },
    ],
    [
      'http_req_duration',
      'avg<200',
      'http_req_duration',
      {},
      { aggregation: { kind: 'avg' }, operator: '<', value: 200 },
    ],
    [
      'iteration_duration',
      'med != 3',
      'iteration_duration',
      {},
      { aggregation: { kind: 'med' }, operator: '!=', value: 3 },
    ],
    [
      'http_req_waiting',
      'count>10',
      'http_req_waiting',
      {},
      { aggregation: { kind: 'count' }, operator: '>', value: 10 },
    ],
    [
      'http_req_failed',
      'rate<0.01',
      'http_req_failed',
      {},
      { aggregation: { kind: 'rate' }, operator: '<', value: 0.01 },
    ],
    ['checks', 'rate>0.99', 'checks', {}, { aggregation: { kind: 'rate' }, operator: '>', value: 0.99 }],
    [
      'http_reqs',
      'count==100',
      'http_reqs',
      {},
      { aggregation: { kind: 'count' }, operator: '==', value: 100 },
    ],
    ['http_reqs', 'rate>=50', 'http_reqs', {}, { aggregation: { kind: 'rate' }, operator: '>=', value: 50 }],
    ['vus', 'value<=100', 'vus', {}, { aggregation: { kind: 'value' }, operator: '<=', value: 100 }],
    ['vus_max', 'max<-1', 'vus_max', {}, { aggregation: { kind: 'max' }, operator: '<', value: -1 }],
    ['tokens_out', 'count>0', 'tokens_out', {}, { aggregation: { kind: 'count' }, operator: '>', value: 0 }],
    [
      'http_req_duration{name:/post/:id}',
      'p(99)<500',
      'http_req_duration',
      { name: '/post/:id' },
      { value: 500 },
    ],
    [
      'http_req_duration{ status : 200 , method:GET }',
      'max<9',
      'http_req_duration',
      { status: '200', method: 'GET' },
      { value: 9 },
    ],
    ['checks{check:status is 200}', 'rate==1', 'checks', { check: 'status is 200' }, { value: 1 }],
  ];
  for (const [key, expression, metric, tags, expected] of cases) {
    const [entry] = parse({ [key]: [expression] }).entries;
    assert.equal(entry!.metric, metric, key);
    assert.deepEqual(entry!.tags, tags, key);
    assert.deepEqual(Object.keys(entry!.tags), Object.keys(tags), `${key}: tag order kept`);
    assert.partialDeepStrictEqual(
      entry!.expressions[0],
      { source: expression, ...expected },
      `${key}: ${expression}`,
    );
  }
});

test('invalid keys and expressions throw SALVO_ERR_THRESHOLD naming key, expression and the problem', () => {
  const cases: [key: string, expression: string, message: RegExp][] = [
    ['http_req_duraton', 'p(95)<500', /threshold "http_req_duraton": unknown metric "http_req_duraton"/],
    ['http_req_duration{name:/a', 'p(95)<500', /must end with "}"/],
    ['http_req_duration{}', 'p(95)<500', /tag list is empty/],
    ['http_req_duration{name}', 'p(95)<500', /tag "name" needs the form name:value/],
    ['http_req_duration{:x}', 'p(95)<500', /has no valid name/],
    ['http_req_duration{a:1,a:2}', 'p(95)<500', /tag "a" appears twice/],
    ['9lives', 'count>1', /"9lives" is not a metric name/],
    ['http_req_duration', 'p(95)', /"p\(95\)": expected aggregation, operator, number/],
    ['http_req_duration', 'p95<500', /expected aggregation, operator, number/],
    ['http_req_duration', 'p(101)<500', /percentile 101 is outside 0..100/],
    ['http_req_duration', 'p(abc)<500', /percentile "abc" is not a number/],
    ['http_req_duration', 'p(95)<fast', /value "fast" is not a number/],
    ['http_req_duration', 'p(95)=<500', /value "<500" is not a number|expected aggregation/],
    ['http_req_duration', 'mean<500', /unknown aggregation "mean"/],
    ['http_req_duration', 'rate<0.1', /"rate" does not apply to a trend/],
    [
      'http_reqs',
      'p(95)<500',
      /"http_reqs": "p\(95\)<500": "p\(N\)" does not apply to a counter \(use count, rate\)/,
    ],
    ['http_req_failed', 'count<5', /"count" does not apply to a rate/],
    ['vus', 'avg<5', /"avg" does not apply to a gauge/],
  ];
  for (const [key, expression, message] of cases) {
    assert.throws(
      () => parse({ [key]: [expression] }),
      (error: unknown) => {
        assert.ok(error instanceof SalvoError, `${key}: ${expression}`);
        assert.equal(error.code, 'SALVO_ERR_THRESHOLD');
        assert.match(error.message, message, `${key}: ${expression}`);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  }
});

test('object form: abortOnFail and delayAbortEval; bad objects throw', () => {
  const set = parse({
    http_req_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }, 'rate<0.5'],
  });
  assert.partialDeepStrictEqual(set.entries[0]!.expressions, [
    { source: 'rate<0.05', abortOnFail: true, delayAbortEvalMs: 10_000 },
    { source: 'rate<0.5', abortOnFail: false, delayAbortEvalMs: 0 },
  ]);
  assert.deepEqual(set.tagSets, [{ metric: 'http_req_failed', tags: {} }]);
  const bad: [ThresholdInput, RegExp][] = [
    [
      { http_req_failed: [{ threshold: 'rate<1', delayAbortEval: 'soon' }] },
      /"rate<1": delayAbortEval: .*soon/,
    ],
    [
      { http_req_failed: [{ threshold: 'rate<1', abortOnFail: 'yes' as unknown as boolean }] },
      /abortOnFail must be true or false/,
    ],
    [
      { http_req_failed: [{ threshold: 'rate<1', allowNoData: 1 as unknown as boolean }] },
      /allowNoData must be true or false/,
    ],
    [{ http_req_failed: [{} as { threshold: string }] }, /a string or \{ threshold/],
    [{ http_req_failed: [] }, /non-empty list/],
  ];
  for (const [input, message] of bad) assert.throws(() => parse(input), message);
});

test('every bad key and expression is reported at once, one problem each', () => {
  assert.throws(
    () =>
      parse({
        http_req_duraton: ['p(95)<500'],
        http_req_duration: ['p95<500', 'avg<200', 'mean<3'],
        http_reqs: [{ threshold: 'count<1', allowNoData: true }],
      }),
    (error: unknown) => {
      assert.ok(error instanceof SalvoError);
      assert.deepEqual(
        error.problems.map((problem) => problem.message),
        [
          'threshold "http_req_duraton": unknown metric "http_req_duraton" (not built in, not defined as a custom metric)',
          'threshold "http_req_duration": "p95<500": expected aggregation, operator, number (e.g. "p(95)<500")',
          'threshold "http_req_duration": "mean<3": unknown aggregation "mean" (use avg, min, max, med, count, rate, value or p(N))',
        ],
      );
      return true;
    },
  );
});
