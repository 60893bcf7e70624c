import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepFigures } from '../step/index.ts';
import { sloThresholds } from './slo.ts';
import { stepVerdict } from './verdict.ts';

test('--slo: bare expressions go on response_time (times) or http_req_failed (rate); a key may hold tags with colons', () => {
  assert.deepEqual(
    sloThresholds(['p(99)<500', 'rate<0.01', 'http_req_duration{name:/post/:id}:p(95)<200', 'avg<100']),
    {
      response_time: ['p(99)<500', 'avg<100'],
      http_req_failed: ['rate<0.01'],
      'http_req_duration{name:/post/:id}': ['p(95)<200'],
    },
  );
  assert.throws(() => sloThresholds(['p(99)<<500']), /--slo: .*/);
  assert.throws(
    () => sloThresholds(['no_such_metric:avg<1']),
    (error: Error & { code?: string }) => error.code === 'SALVO_ERR_THRESHOLD',
  );
});

const FIGURES: StepFigures = {
  requests: 1000,
  failures: 0,
  durationMs: 10_000,
  throughputRps: 100,
  goodputRps: 100,
  errorRate: 0,
  latencyMetric: 'response_time',
  p50Ms: 5,
  p95Ms: 9,
  p99Ms: 12,
  droppedIterations: 0,
  generator: { elu: 0.2, cpu: 0.2, saturated: false, reasons: [] },
};
const OK = [{ key: 'response_time', expression: 'p(99)<500', ok: true, actual: 12 }];

test('a step holds when every SLO expression holds, at most 1 % of its iterations dropped, the generator unsaturated', () => {
  assert.deepEqual(stepVerdict(FIGURES, OK, 100), { holds: true, reasons: [] });
  assert.deepEqual(stepVerdict(FIGURES, [{ ...OK[0]!, ok: false, actual: 731.25 }], 100), {
    holds: false,
    reasons: ['response_time p(99)<500 (731.3)'],
  });
  assert.deepEqual(stepVerdict({ ...FIGURES, droppedIterations: 10 }, OK, 100).holds, true);
  assert.match(
    stepVerdict({ ...FIGURES, droppedIterations: 11 }, OK, 100).reasons[0]!,
    /11 iterations dropped/,
  );
  assert.deepEqual(
    stepVerdict(
      { ...FIGURES, generator: { elu: 0.95, cpu: 0.97, saturated: true, reasons: ['elu', 'cpu'] } },
      OK,
      100,
    ).reasons,
    ['generator saturated (elu, cpu)'],
  );
  assert.deepEqual(stepVerdict(FIGURES, [{ ...OK[0]!, ok: false, actual: null }], 100).reasons, [
    'response_time p(99)<500 (no data)',
  ]);
});
