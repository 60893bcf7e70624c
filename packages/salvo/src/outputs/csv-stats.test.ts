import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorEntry } from '../results/index.ts';
import { failuresCsv } from './csv-failures.ts';
import { STATS_COLUMNS, statsCsv } from './csv-stats.ts';
import { recordedRun } from './testing/recorded-run.ts';

/** The CSV's rows after the header, as cells (no field here has a quoted comma but the one tested). */
function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

describe("Locust's stats CSV", () => {
  const view = recordedRun([
    ...Array.from({ length: 100 }, (_, i) => ({
      name: '/a',
      durationUs: (i + 1) * 1000,
      bytesReceived: 200,
    })),
    { name: '/a', method: 'POST', durationUs: 5000, error: 'http_5xx', bytesReceived: 50 },
    { name: 'b, with a comma', durationUs: 250, bytesReceived: 10 },
  ]);

  it('has a row per (method, name), by name then method, and the Aggregated row last', () => {
    const text = statsCsv(view.run, 2000);
    assert.equal(text.split('\n')[0], STATS_COLUMNS.join(','));
    assert.match(text, /\nGET,"b, with a comma",1,0,/, 'names are quoted per RFC 4180');
    const cells = rows(text.replace('"b, with a comma"', 'b'));
    assert.deepEqual(
      cells.map((row) => row.slice(0, 4)),
      [
        ['GET', '/a', '100', '0'],
        ['POST', '/a', '1', '1'],
        ['GET', 'b', '1', '0'],
        ['', 'Aggregated', '102', '1'],
      ],
    );
  });

  it('reads every figure from the histograms and counters, exactly', () => {
    const [get, , , aggregated] = rows(statsCsv(view.run, 2000).replace('"b, with a comma"', 'b'));
    const histogram = view.run.cumulative.query('http_req_duration', { name: '/a', method: 'GET' })!
      .histogram!;
    const percentiles = histogram.percentiles([50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]);
    const ms = (value: number) => String(Math.round(value * 1000) / 1000);
    assert.deepEqual(get!.slice(4), [
      ms(histogram.percentile(50)),
      ms(histogram.mean),
      ms(histogram.min),
      ms(histogram.max),
      '200',
      '50',
      '0',
      ...percentiles.map(ms),
    ]);
    // 50 ms to HDR's precision; requests a second over the run's 2 s
    assert.equal(get![4], '50.015');
    assert.deepEqual(aggregated!.slice(8, 11), [ms((100 * 200 + 50 + 10) / 102), '51', '0.5']);
  });

  it('without a handle (no second merged) has only a zero Aggregated row', () => {
    assert.deepEqual(rows(statsCsv(undefined, 1000)), [
      ['', 'Aggregated', '0', '0', '', '', '', '', '0', '0', '0', ...new Array(11).fill('')],
    ]);
  });
});

describe("Locust's failures CSV", () => {
  it('has every error group with its count; Method when the name has one', () => {
    const view = recordedRun([
      { name: '/a', durationUs: 1000, error: 'http_5xx' },
      { name: '/both', method: 'GET', durationUs: 1000, error: 'timeout' },
      { name: '/both', method: 'PUT', durationUs: 1000 },
    ]);
    const errors: ErrorEntry[] = [
      { kind: 'http_5xx', name: '/a', count: 7, sample: '503 Service\nUnavailable' },
      { kind: 'timeout', name: '/both', count: 2, sample: 'timed out after 5s' },
      { kind: 'check', name: 'status is 200', count: 3, sample: 'check failed' },
      {
        kind: 'script',
        name: 'default',
        count: 1,
        sample: 'x',
        message: 'TypeError: x, y',
        location: 't.ts:4:1',
      },
    ];
    assert.equal(
      failuresCsv(errors, view.run),
      [
        'Method,Name,Error,Occurrences',
        'GET,/a,http_5xx: 503 Service Unavailable,7',
        ',/both,timeout: timed out after 5s,2',
        ',status is 200,check: check failed,3',
        ',default,"script: TypeError: x, y (t.ts:4:1)",1',
        '',
      ].join('\n'),
    );
  });
});
