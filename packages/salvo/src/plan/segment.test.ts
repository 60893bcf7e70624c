import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSegment, globalVuId, ownsIteration, shareOf } from './segment.ts';

test('shares of any split add up exactly to the whole', () => {
  for (let count = 1; count <= 7; count++) {
    for (const whole of [0, 1, 2, 3, 10, 49, 50, 1000, 1001]) {
      let sum = 0;
      for (let index = 0; index < count; index++) sum += shareOf({ index, count }, whole);
      assert.equal(sum, whole, `${whole} in ${count} parts`);
    }
  }
});

test('striped iterations go to exactly one segment each', () => {
  const count = 3;
  for (let k = 0; k < 100; k++) {
    let owners = 0;
    for (let index = 0; index < count; index++) if (ownsIteration({ index, count }, k)) owners++;
    assert.equal(owners, 1);
  }
});

test('VU ids are unique across segments', () => {
  const ids = new Set<number>();
  for (let index = 0; index < 4; index++) {
    for (let local = 0; local < 25; local++) ids.add(globalVuId({ index, count: 4 }, local));
  }
  assert.equal(ids.size, 100);
  assert.equal(Math.min(...ids), 1);
});

test('segments print as fractions', () => {
  assert.equal(formatSegment({ index: 0, count: 1 }), '0:1');
  assert.equal(formatSegment({ index: 0, count: 2 }), '0:1/2');
  assert.equal(formatSegment({ index: 1, count: 2 }), '1/2:1');
  assert.equal(formatSegment({ index: 1, count: 3 }), '1/3:2/3');
});
