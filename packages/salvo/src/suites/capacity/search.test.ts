import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ProbeVerdict, searchCapacity } from './search.ts';

const SETTINGS = { startRps: 10, factor: 2, maxRps: 10_000, precision: 0.05 };
const holdsUpTo =
  (limit: number, saturatesAt = Number.POSITIVE_INFINITY) =>
  async (rate: number): Promise<ProbeVerdict> => ({
    holds: rate <= limit,
    generatorSaturated: rate >= saturatesAt,
  });

test('ramps to the first failing step, then bisects to within the precision below the limit', async () => {
  const probed: number[] = [];
  const outcome = await searchCapacity(SETTINGS, async (rate) => {
    probed.push(rate);
    return holdsUpTo(57)(rate);
  });
  assert.equal(outcome.end, 'narrowed');
  assert.deepEqual(probed.slice(0, 4), [10, 20, 40, 80]);
  assert.ok(
    outcome.sustainableRps! <= 57 && outcome.sustainableRps! >= 57 / 1.05,
    String(outcome.sustainableRps),
  );
  assert.ok(
    outcome.failedRps! > 57 &&
      (outcome.failedRps! - outcome.sustainableRps!) / outcome.sustainableRps! <= 0.05,
  );
});

test('a limit above the highest rate, below the first, and a saturated generator end the search and say why', async () => {
  assert.deepEqual(await searchCapacity({ ...SETTINGS, maxRps: 100 }, holdsUpTo(1e9)), {
    sustainableRps: 100,
    failedRps: null,
    end: 'max_rate_held',
  });
  assert.deepEqual(await searchCapacity(SETTINGS, holdsUpTo(5)), {
    sustainableRps: null,
    failedRps: 10,
    end: 'first_step_failed',
  });
  assert.deepEqual(await searchCapacity(SETTINGS, holdsUpTo(1e9, 160)), {
    sustainableRps: 80,
    failedRps: null,
    end: 'generator_saturated',
  });
  assert.deepEqual(
    await searchCapacity(SETTINGS, async (rate) => (rate > 20 ? undefined : holdsUpTo(100)(rate))),
    {
      sustainableRps: 20,
      failedRps: null,
      end: 'interrupted',
    },
  );
});
