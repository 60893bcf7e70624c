import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatBytes,
  formatDuration,
  formatMs,
  formatMsShort,
  formatNumber,
  formatPercent,
  truncateMiddle,
} from './format.ts';

describe('format', () => {
  it('formats times in µs, ms, s and minutes', () => {
    assert.equal(formatMs(0.412), '412µs');
    assert.equal(formatMs(12.3456), '12.35ms');
    assert.equal(formatMs(1234), '1.23s');
    assert.equal(formatMs(125_000), '2m5.0s');
    assert.equal(formatMs(Number.NaN), '-');
  });

  it('formats times to three significant digits in at most 6 characters', () => {
    const cases: [number, string][] = [
      [0.412, '412µs'],
      [2.456, '2.46ms'],
      [12.34, '12.3ms'],
      [310.2, '310ms'],
      [1450, '1.45s'],
      [12_340, '12.3s'],
      [125_000, '2m05s'],
      [3_725_000, '1h02m'],
    ];
    for (const [ms, text] of cases) assert.equal(formatMsShort(ms), text);
    assert.equal(formatMsShort(Number.NaN), '-');
  });

  it('formats run durations', () => {
    assert.equal(formatDuration(30_012), '30.0s');
    assert.equal(formatDuration(185_000), '3m05s');
    assert.equal(formatDuration(3_723_000), '1h02m03s');
  });

  it('formats bytes in decimal units', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(144_000), '144 kB');
    assert.equal(formatBytes(2_457_600), '2.46 MB');
    assert.equal(formatBytes(81_878.4), '81.9 kB');
  });

  it('formats numbers and percentages', () => {
    assert.equal(formatNumber(1200), '1200');
    assert.equal(formatNumber(39.98333), '39.98');
    assert.equal(formatNumber(1234.56), '1234.6');
    assert.equal(formatPercent(0.01), '1.00%');
  });

  it('truncates in the middle to the exact width', () => {
    assert.equal(truncateMiddle('/short', 10), '/short');
    const cut = truncateMiddle('/api/v1/users/12345/orders', 11);
    assert.equal(cut, '/api/…rders');
    assert.equal(cut.length, 11);
  });
});
