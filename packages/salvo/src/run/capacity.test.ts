import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import type { Plan, PlannedExecutor, PlannedScenario } from '../plan/plan.ts';
import { checkCapacity, estimateNeed, VU_HEAP_BYTES } from './capacity.ts';
import type { MachineLimits } from './machine-limits.ts';

const GIB = 1024 ** 3;
const ROOMY: MachineLimits = { heapBytesPerRunner: 4 * GIB, availableBytes: 64 * GIB, openFiles: 2_000_000 };

function scenario(name: string, executor: PlannedExecutor, startTimeMs = 0): PlannedScenario {
  const behaviour = {
    exec: async () => {},
    tasks: [],
    think: undefined,
    sequential: false,
    onStart: undefined,
    onStop: undefined,
  };
  return { name, executor, behaviour, startTimeMs, gracefulStopMs: 30_000, tags: {} };
}

function planOf(...scenarios: PlannedScenario[]): Plan {
  return {
    scenarios,
    thresholds: {},
    metrics: [],
    http: {} as Plan['http'],
    tags: {},
    scrape: [],
    setup: undefined,
    teardown: undefined,
    summaryTrendStats: [],
    onSummary: undefined,
  };
}

const vus = (count: number, durationMs = 10_000): PlannedExecutor => ({
  type: 'constant-vus',
  vus: count,
  durationMs,
});

/** The refusal's one line, as the CLI prints it (message, then the hint). */
function refusal(plan: Plan, runners: number, limits: MachineLimits): string {
  try {
    checkCapacity(plan, runners, limits);
  } catch (error) {
    assert.ok(error instanceof SalvoError);
    assert.equal(error.code, 'SALVO_ERR_CAPACITY');
    return `${error.message} (${error.hint})`;
  }
  assert.fail('the plan was not refused');
}

test('a plan that fits passes and says what it needs', () => {
  const need = checkCapacity(planOf(scenario('a', vus(1000))), 2, ROOMY);
  assert.equal(need.vus, 1000);
  assert.equal(need.vusPerRunner, 500);
  assert.equal(need.openFiles, 1000 + 64);
});

test('a million VUs on one runner are refused, with the workers that would hold them', () => {
  const plan = planOf(scenario('a', vus(1_000_000)));
  const line = refusal(plan, 1, ROOMY);
  assert.match(
    line,
    /^the plan does not fit this machine: 1,000,000 VUs on one runner need about 7\.7 GiB of heap \(8 KiB a VU\), more than the 3\.0 GiB a runner can use \(3\/4 of its 4\.0 GiB heap\)/,
  );
  // 7.6 GiB of VUs over 3 GiB usable a runner (three quarters of 4 GiB, less its own 32 MiB)
  assert.match(line, /\(use --workers 3 or more\)$/);
  assert.doesNotThrow(() => checkCapacity(plan, 3, ROOMY));
});

test('more memory than the machine has asks for more machines', () => {
  const plan = planOf(scenario('a', vus(1_000_000)));
  const line = refusal(plan, 8, { ...ROOMY, availableBytes: 4 * GIB });
  assert.match(line, /1,000,000 VUs need about 10 GiB of memory \(10 KiB a VU\) and 4\.0 GiB is available/);
  assert.match(line, /split the load over 3 machines or more/);
  assert.doesNotMatch(line, /--workers/);
});

test('more connections than open files are refused, with the limit', () => {
  const line = refusal(planOf(scenario('a', vus(30_000))), 2, { ...ROOMY, openFiles: 20_000 });
  assert.match(
    line,
    /30,000 VUs need up to 30,064 open files \(a connection each\) and this process may open 20,000/,
  );
  assert.match(line, /raise ulimit -n or split the load over 2 machines or more/);
});

test('every problem is named in the one line', () => {
  const line = refusal(planOf(scenario('a', vus(1_000_000))), 1, { ...ROOMY, openFiles: 20_000 });
  assert.match(line, /of heap .*; 1,000,000 VUs need up to 1,000,064 open files/);
  assert.match(line, /use --workers 3 or more; raise ulimit -n/);
});

test('scenarios add up only while they overlap', () => {
  // the second starts after the first's 10 s and its 30 s graceful stop
  const apart = planOf(scenario('a', vus(600_000)), scenario('b', vus(600_000), 40_000));
  assert.equal(estimateNeed(apart, 1).vus, 600_000);
  const overlapping = planOf(scenario('a', vus(600_000)), scenario('b', vus(600_000), 39_999));
  assert.equal(estimateNeed(overlapping, 1).vus, 1_200_000);
  assert.equal(estimateNeed(overlapping, 4).vusPerRunner, 300_000);
  assert.equal(
    estimateNeed(overlapping, 1).heapBytesPerRunner - estimateNeed(apart, 1).heapBytesPerRunner,
    600_000 * VU_HEAP_BYTES,
  );
});

test('open-model and ramping scenarios count the most VUs they may reach', () => {
  const open: PlannedExecutor = {
    type: 'constant-arrival-rate',
    rate: 100,
    timeUnitMs: 1000,
    durationMs: 10_000,
    preAllocatedVUs: 10,
    maxVUs: 50_000,
  };
  const ramp: PlannedExecutor = {
    type: 'ramping-vus',
    startVUs: 0,
    stages: [
      { durationMs: 10_000, target: 70_000 },
      { durationMs: 10_000, target: 0 },
    ],
    gracefulRampDownMs: 30_000,
  };
  assert.equal(estimateNeed(planOf(scenario('a', open)), 1).vus, 50_000);
  assert.equal(estimateNeed(planOf(scenario('a', ramp)), 1).vus, 70_000);
});
