import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usersRampStages } from './users-ramp.ts';

test('Locust ramp: up at the spawn rate, then held for the rest of the run time', () => {
  assert.deepEqual(usersRampStages({ users: 100, spawnRate: 10 }, 60_000), [
    { duration: 10_000, target: 100 },
    { duration: 50_000, target: 100 },
  ]);
  assert.deepEqual(usersRampStages({ users: 3, spawnRate: 2 }, 4_000), [
    { duration: 1_500, target: 3 },
    { duration: 2_500, target: 3 },
  ]);
});

test('a run shorter than the ramp ends part-way up it', () => {
  assert.deepEqual(usersRampStages({ users: 100, spawnRate: 10 }, 5_000), [{ duration: 5_000, target: 50 }]);
  assert.deepEqual(usersRampStages({ users: 10, spawnRate: 5 }, 2_000), [{ duration: 2_000, target: 10 }]);
});
