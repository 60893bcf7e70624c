import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SeriesBlock } from '../../results/index.ts';
import { seededRandom } from '../../stats/index.ts';
import { DEFAULT_RULES, type FigureComparison, judgeName } from './judge.ts';
import type { NameData } from './sides.ts';

/** A name's data: `seconds` per-second p50s around `p50Ms` (±5 %), `requests` a second, `failures` in all. */
function nameData(
  p50Ms: number,
  seconds: number,
  requests: number,
  failures: number,
  seed: number,
): NameData {
  const random = seededRandom(seed);
  const p50 = Array.from({ length: seconds }, () => p50Ms * (0.95 + 0.1 * random()));
  const perSecond = Array.from({ length: seconds }, () => requests);
  const spread = Array.from(
    { length: seconds },
    (_, i) => (i < failures % seconds ? 1 : 0) + Math.floor(failures / seconds),
  );
  const seriesBlock: SeriesBlock = {
    requests: perSecond,
    failures: spread,
    errors: {},
    p50,
    p90: p50,
    p95: p50,
    p99: p50,
    max: p50,
    bytesSent: perSecond,
    bytesReceived: perSecond,
  };
  return { histogram: undefined, requests: requests * seconds, failures, seconds: seriesBlock };
}

const durations = { baselineMs: 20_000, candidateMs: 20_000 };
const verdicts = (figures: FigureComparison[]) =>
  Object.fromEntries(figures.map((f) => [f.figure, f.verdict]));

test('40 % faster is improved; a 3 % change is unchanged; 3 seconds are inconclusive', () => {
  const base = nameData(100, 20, 100, 0, 1);
  assert.equal(
    verdicts(judgeName(base, nameData(60, 20, 100, 0, 2), durations, DEFAULT_RULES)).p50,
    'improved',
  );
  assert.equal(
    verdicts(judgeName(base, nameData(103, 20, 100, 0, 3), durations, DEFAULT_RULES)).p50,
    'unchanged',
  );
  assert.equal(
    verdicts(judgeName(base, nameData(200, 3, 100, 0, 4), durations, DEFAULT_RULES)).p50,
    'inconclusive',
  );
});

test('the error rate: 0.5 % to 5 % regresses; to 0.9 % stays within the 1-point tolerance', () => {
  const base = nameData(100, 20, 100, 10, 1);
  const worse = judgeName(base, nameData(100, 20, 100, 100, 2), durations, DEFAULT_RULES);
  const errors = worse.find((figure) => figure.figure === 'error_rate')!;
  assert.equal(errors.verdict, 'regressed');
  assert.ok(Math.abs(errors.change - 0.045) < 1e-12);
  assert.ok(errors.low > 0.01 && errors.high < 0.08, JSON.stringify(errors));
  const slightly = judgeName(base, nameData(100, 20, 100, 18, 3), durations, DEFAULT_RULES);
  assert.equal(verdicts(slightly).error_rate, 'unchanged');
});

test('only the figures asked for are judged', () => {
  const base = nameData(100, 20, 100, 0, 1);
  const figures = judgeName(base, nameData(130, 20, 100, 0, 2), durations, {
    ...DEFAULT_RULES,
    figures: ['p95'],
  });
  assert.deepEqual(verdicts(figures), { p95: 'regressed' });
});
