import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { parseDuration } from './duration.ts';

test('parses units, combinations, decimals and plain milliseconds', () => {
  const cases: [string | number, number][] = [
    ['250ms', 250],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['1h2m3s4ms', 3_723_004],
    ['1500', 1500],
    [0, 0],
    [42, 42],
  ];
  for (const [input, expected] of cases) assert.equal(parseDuration(input, 'test'), expected, String(input));
});

test('rejects what is not a duration with a message naming the setting', () => {
  for (const input of ['', 'abc', '10x', '5 s', 's', '1m-3s', -1, Number.NaN, '600h']) {
    assert.throws(
      () => parseDuration(input, 'duration'),
      (error: unknown) =>
        error instanceof SalvoError && error.code === 'SALVO_ERR_DURATION' && /duration/.test(error.message),
      String(input),
    );
  }
});
