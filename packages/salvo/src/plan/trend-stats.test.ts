import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { normalizePlan } from './normalize.ts';
import { DEFAULT_TREND_STATS, statPercentile, trendStatsFlag } from './trend-stats.ts';

const exec = async () => {};

/** Each problem of a thrown SalvoError as `CODE message`. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SalvoError, String(error));
    return error.problems.map((problem) => `${problem.code} ${problem.message}`);
  }
  assert.fail('expected a SalvoError');
}

test('--summary-trend-stats reads k6 spelling, any p(N), in the order given, once each', () => {
  assert.deepEqual(trendStatsFlag('avg,min,med,max,p(90),p(95),p(99),p(99.9),count'), [
    'avg',
    'min',
    'med',
    'max',
    'p(90)',
    'p(95)',
    'p(99)',
    'p(99.9)',
    'count',
  ]);
  assert.deepEqual(trendStatsFlag(' p( 99.990 ), med ,p(99.99), p(0),p(100)'), [
    'p(99.99)',
    'med',
    'p(0)',
    'p(100)',
  ]);
  assert.equal(trendStatsFlag(undefined), undefined);
  assert.equal(statPercentile('p(97.5)'), 97.5);
  assert.equal(statPercentile('med'), undefined);
});

test('--summary-trend-stats: every bad stat is its own usage problem', () => {
  const known = 'known: avg, min, med, max, count, or p(N) with N from 0 to 100';
  assert.deepEqual(
    problemsOf(() => trendStatsFlag('avg,p95,p(101),mean')),
    [
      `SALVO_ERR_USAGE --summary-trend-stats: unknown stat "p95" (${known})`,
      `SALVO_ERR_USAGE --summary-trend-stats: unknown stat "p(101)" (${known})`,
      `SALVO_ERR_USAGE --summary-trend-stats: unknown stat "mean" (${known})`,
    ],
  );
  assert.match(problemsOf(() => trendStatsFlag(' , '))[0]!, /needs at least one stat/);
});

test("the test's summaryTrendStats is checked with the other options, the default when absent", () => {
  assert.deepEqual(normalizePlan({ vus: 1, duration: '1s', exec }).summaryTrendStats, DEFAULT_TREND_STATS);
  const plan = normalizePlan({ vus: 1, duration: '1s', exec, summaryTrendStats: ['p(99.99)', 'avg'] });
  assert.deepEqual(plan.summaryTrendStats, ['p(99.99)', 'avg']);
  assert.deepEqual(
    problemsOf(() => normalizePlan({ vus: 0, duration: '1s', exec, summaryTrendStats: ['avg', 'p99', 3] })),
    [
      'SALVO_ERR_TEST_DEFINITION scenarios.default.vus: must be a whole number >= 1, got 0',
      'SALVO_ERR_TEST_DEFINITION summaryTrendStats[1]: unknown stat "p99" (known: avg, min, med, max, count, or p(N) with N from 0 to 100)',
      'SALVO_ERR_TEST_DEFINITION summaryTrendStats[2]: unknown stat 3 (known: avg, min, med, max, count, or p(N) with N from 0 to 100)',
    ],
  );
  assert.match(
    problemsOf(() => normalizePlan({ vus: 1, duration: '1s', exec, summaryTrendStats: 'avg' }))[0]!,
    /summaryTrendStats: must be a non-empty list/,
  );
});
