import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPlan } from './load-plan.ts';
import { testFiles } from './testing/test-files.ts';

/** The overrides the suites (src/suites) set on a test file: an arrival rate, and thresholds as the SLO. */

test("rate turns the shorthand behaviour into one constant-arrival-rate scenario; thresholds replace the test's", async () => {
  const files = testFiles();
  try {
    const path = files.write(
      'shorthand.ts',
      `export default defineTest({ vus: 3, duration: '5s', tasks: [{ weight: 1, run: () => {} }], think: constant(0.1),
        thresholds: { checks: ['rate>0.9'] } });`,
    );
    const plan = await loadPlan({
      kind: 'file',
      path,
      overrides: {
        rate: 40,
        vus: 4,
        maxVUs: 40,
        duration: '2s',
        thresholds: { response_time: ['p(99)<500'] },
      },
    });
    assert.equal(plan.scenarios.length, 1);
    const [scenario] = plan.scenarios;
    assert.equal(scenario!.name, 'default');
    assert.deepEqual(
      { ...scenario!.executor },
      {
        type: 'constant-arrival-rate',
        rate: 40,
        timeUnitMs: 1000,
        durationMs: 2000,
        preAllocatedVUs: 4,
        maxVUs: 40,
      },
    );
    assert.ok('tasks' in scenario!.behaviour);
    assert.deepEqual(Object.keys(plan.thresholds), ['response_time']);
  } finally {
    files.remove();
  }
});
