import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { normalizePlan } from './normalize.ts';
import { plannedDurationMs, plannedEnd } from './plan.ts';

const exec = async () => {};

test('the shorthand becomes one default scenario', () => {
  const plan = normalizePlan({ vus: 5, duration: '30s', exec });
  assert.equal(plan.scenarios.length, 1);
  const [scenario] = plan.scenarios;
  assert.equal(scenario!.name, 'default');
  assert.deepEqual(scenario!.executor, { type: 'constant-vus', vus: 5, durationMs: 30_000 });
  assert.equal(plan.http.transport, 'auto');
  assert.equal(plan.http.loadTestHeader, true);
  assert.equal(plan.http.retry, undefined);
});

test('iterations and stages pick their executors', () => {
  const shared = normalizePlan({ vus: 2, iterations: 10, exec }).scenarios[0]!.executor;
  assert.equal(shared.type, 'shared-iterations');
  const ramp = normalizePlan({ stages: [{ duration: '10s', target: 5 }], exec }).scenarios[0]!.executor;
  assert.equal(ramp.type, 'ramping-vus');
});

test('scenarios with start offsets, tasks and every executor', () => {
  const plan = normalizePlan({
    scenarios: {
      readers: { executor: 'constant-vus', vus: 2, duration: '10s', exec },
      writers: {
        executor: 'constant-arrival-rate',
        rate: 50,
        duration: '20s',
        preAllocatedVUs: 5,
        maxVUs: 20,
        startTime: '5s',
        tasks: [{ weight: 3, run: exec }, exec],
      },
      ramp: {
        executor: 'ramping-arrival-rate',
        stages: [{ duration: '1m', target: 10 }],
        preAllocatedVUs: 1,
        exec,
      },
      each: { executor: 'per-vu-iterations', vus: 3, iterations: 4, exec },
    },
  });
  const writers = plan.scenarios[1]!;
  assert.equal(writers.startTimeMs, 5000);
  assert.deepEqual(
    writers.behaviour.tasks.map((task) => task.weight),
    [3, 1],
  );
  // the longest: per-vu-iterations may run up to its default maxDuration of 10 minutes
  assert.equal(plannedDurationMs(plan), 600_000);
  assert.equal(plan.scenarios[2]!.executor.type, 'ramping-arrival-rate');
});

test('what ends a plan: time, iterations (with their total) or either (a mix)', () => {
  assert.deepEqual(plannedEnd(normalizePlan({ vus: 2, duration: '3s', exec })), {
    endsBy: 'time',
    iterations: undefined,
  });
  // -i 3: shared-iterations, bounded by the default maxDuration of 10 minutes
  const shared = normalizePlan({ vus: 2, iterations: 3, exec });
  assert.deepEqual(plannedEnd(shared), { endsBy: 'iterations', iterations: 3 });
  assert.equal(plannedDurationMs(shared), 600_000);
  const each = { executor: 'per-vu-iterations', vus: 3, iterations: 4, exec } as const;
  const bothCounted = normalizePlan({
    scenarios: { each, shared: { executor: 'shared-iterations', vus: 2, iterations: 5, exec } },
  });
  assert.deepEqual(plannedEnd(bothCounted), { endsBy: 'iterations', iterations: 3 * 4 + 5 });
  const mixed = normalizePlan({
    scenarios: { each, timed: { executor: 'constant-vus', vus: 1, duration: '5s', exec } },
  });
  assert.deepEqual(plannedEnd(mixed), { endsBy: 'either', iterations: undefined });
});

test('every bad definition names the setting in one line', () => {
  const cases: [unknown, RegExp][] = [
    [{ vus: 0, duration: '1s', exec }, /vus: must be a whole number >= 1/],
    [{ vus: 1, duration: 'soon', exec }, /invalid duration for scenarios\.default\.duration/],
    [{ vus: 1, duration: '1s' }, /needs exec or tasks/],
    [{ vus: 1, exec }, /give scenarios, or duration/],
    [{ vus: 1, duration: '1s', exec, sequential: true }, /sequential: needs tasks/],
    [{ vus: 1, duration: '1s', tasks: [exec], sequential: 'yes' }, /sequential: must be true or false/],
    [
      { vus: 1, duration: '1s', tasks: [exec, { weight: 2, run: exec }], sequential: true },
      /tasks\[1\]\.weight: has no meaning in a sequential list/,
    ],
    [{ scenarios: { a: { executor: 'constant-users', exec } } }, /scenarios\.a\.executor: must be one of/],
    [
      { scenarios: { a: { executor: 'constant-vus', vus: 1, duration: '1s', exec, rate: 3 } } },
      /a\.rate: is not a known option/,
    ],
    [
      {
        scenarios: {
          a: {
            executor: 'constant-arrival-rate',
            rate: 1,
            duration: '1s',
            preAllocatedVUs: 5,
            maxVUs: 2,
            exec,
          },
        },
      },
      /maxVUs: must be >= preAllocatedVUs/,
    ],
    [{ vus: 1, duration: '1s', exec, http: { baseUrl: 'nope' } }, /http\.baseUrl: must be an absolute URL/],
    [{ vus: 1, duration: '1s', exec, http: { transport: 'h3' } }, /http\.transport: must be one of/],
    [{ vus: 1, duration: '1s', exec, thresholds: { http_req_duration: 'p(95)<1' } }, /list of expressions/],
    [{ vus: 1, duration: '1s', exec, colour: 'red' }, /colour: is not a known option/],
    [
      { scenarios: { a: { executor: 'constant-vus', vus: 1, duration: '1s', exec } }, vus: 3 },
      /vus: cannot be combined/,
    ],
  ];
  for (const [input, pattern] of cases) {
    assert.throws(
      () => normalizePlan(input),
      (error: unknown) =>
        error instanceof SalvoError && pattern.test(error.message) && !error.message.includes('\n'),
      pattern.source,
    );
  }
});

test('http timeouts and retry policy get defaults and ms', () => {
  const plan = normalizePlan({
    vus: 1,
    duration: '1s',
    exec,
    http: { timeout: { connect: '2s', request: '5s' }, retry: { attempts: 3 } },
  });
  assert.deepEqual(plan.http.timeouts, {
    connectMs: 2000,
    headersMs: 60_000,
    bodyMs: 60_000,
    requestMs: 5000,
  });
  assert.deepEqual(plan.http.retry, { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, statusAttempts: 1 });
});

test('every problem of a definition is reported at once, one line each', () => {
  const definition = {
    vus: -1,
    duration: '1 sec',
    exec,
    scenarioz: {},
    http: { timeout: 'soon', transport: 'fast', pipelining: 0 },
    thresholds: { http_req_duration: ['p95<1'] },
  };
  assert.throws(
    () => normalizePlan(definition),
    (error: unknown) => {
      assert.ok(error instanceof SalvoError);
      assert.deepEqual(
        error.problems.map((problem) => `${problem.code} ${problem.message}`),
        [
          'SALVO_ERR_TEST_DEFINITION scenarioz: is not a known option',
          'SALVO_ERR_TEST_DEFINITION scenarios.default.vus: must be a whole number >= 1, got -1',
          'SALVO_ERR_DURATION invalid duration for scenarios.default.duration: "1 sec"',
          'SALVO_ERR_THRESHOLD threshold "http_req_duration": "p95<1": expected aggregation, operator, number (e.g. "p(95)<500")',
          'SALVO_ERR_DURATION invalid duration for http.timeout: "soon"',
          'SALVO_ERR_TEST_DEFINITION http.transport: must be one of auto, lean, undici, got "fast"',
          'SALVO_ERR_TEST_DEFINITION http.pipelining: must be a whole number >= 1, got 0',
        ],
      );
      assert.match(error.message, /^scenarioz: is not a known option \(and 6 more\)$/);
      return true;
    },
  );
});
