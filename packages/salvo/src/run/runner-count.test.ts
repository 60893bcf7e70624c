import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePlan } from '../plan/normalize.ts';
import { runnerCount } from './runner-count.ts';

const exec = async () => {};

test('runners are never more than the smallest scenario has VUs', () => {
  assert.equal(runnerCount(normalizePlan({ vus: 1, iterations: 10, exec }), 4), 1);
  assert.equal(runnerCount(normalizePlan({ vus: 3, duration: '1s', exec }), 4), 3);
  assert.equal(runnerCount(normalizePlan({ vus: 50, duration: '1s', exec }), 2), 2);
  const arrival = normalizePlan({
    scenarios: {
      open: {
        executor: 'constant-arrival-rate',
        rate: 20,
        duration: '1s',
        preAllocatedVUs: 1,
        maxVUs: 1,
        exec,
      },
    },
  });
  assert.equal(runnerCount(arrival, 4), 1);
  const ramp = normalizePlan({ stages: [{ duration: '1s', target: 2 }], exec });
  assert.equal(runnerCount(ramp, 8), 2);
});
