import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pace } from './pace.ts';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('a late timer does not push the tokens after it later: each delay runs from when the last was due', () => {
  const pace = new Pace();
  pace.start();
  assert.ok(pace.after(20) <= 20, 'the second token due 20 ms after the first');
  busy(30); // the second token's timer fired at least 10 ms late
  assert.ok(pace.after(20) <= 10, 'the third is due at 40 ms, not 20 ms after the late second one');
  busy(40);
  assert.equal(pace.after(20), 0, 'the fourth, due at 60 ms, is already late: at once');
});
