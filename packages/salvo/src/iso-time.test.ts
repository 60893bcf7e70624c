import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoTime } from './iso-time.ts';

test('isoTime writes what toISOString writes', () => {
  const times = [0, 1, 999, 951_782_400_000, 1_764_672_113_120, 253_402_300_799_999, -1, -62_167_219_200_000];
  for (let ms = 1_700_000_000_000; ms < 1_800_000_000_000; ms += 7_777_777_777) times.push(ms);
  for (const ms of times) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
});

test('isoTime refuses what has no four-digit year, and NaN', () => {
  assert.throws(() => isoTime(253_402_300_800_000), RangeError);
  assert.throws(() => isoTime(-62_167_219_200_001), RangeError);
  assert.throws(() => isoTime(Number.NaN), RangeError);
});
