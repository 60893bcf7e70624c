import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LATENCY_PERCENTILES, latencyOutput, logEdges, renderLatency } from './latency.ts';
import { recordedRun } from './testing/recorded-run.ts';

/** 1 000 requests: 1 ms, 2 ms, … 990 ms, and ten slow ones at 999 ms. */
function durationsUs(): number[] {
  const values = Array.from({ length: 990 }, (_, i) => (i + 1) * 1000);
  return [...values, ...new Array(10).fill(999_000)];
}

describe('--latency', () => {
  it('prints wrk2’s percentiles from the whole-run histogram, exact', () => {
    const view = recordedRun(durationsUs().map((durationUs) => ({ name: '/x', durationUs })));
    const histogram = view.run.cumulative.query('http_req_duration')!.histogram!;
    const text = renderLatency(view.run, { color: false });
    assert.match(text, /LATENCY DISTRIBUTION {2}http_req_duration, 1000 values/);
    const expected = histogram.percentiles(LATENCY_PERCENTILES);
    const shown = LATENCY_PERCENTILES.map((p) => {
      const line = text.split('\n').find((l) => l.trim().startsWith(`${p}% `));
      assert.ok(line, `a line for ${p}%`);
      return line.trim().split(/\s+/)[1];
    });
    // p50 is the 500th value (500 ms, to HDR's precision), p99.9 and above the slow ones
    assert.deepEqual(shown, [
      '500.22ms',
      '750.08ms',
      '900.10ms',
      '990.21ms',
      '999.42ms',
      '999.42ms',
      '999.42ms',
      '999.42ms',
    ]);
    assert.equal(expected[0], 500.223);
    assert.doesNotMatch(text, /response_time/, 'closed model: no response_time');
  });

  it('draws a histogram on a 1-2-5 scale whose rows add up to every request', () => {
    const view = recordedRun(durationsUs().map((durationUs) => ({ name: '/x', durationUs })));
    const text = renderLatency(view.run, { color: false });
    const rows = text
      .split('\n')
      .filter((l) => l.trim().startsWith('≤'))
      .map((l) => ({ label: l.trim().split(/\s+/)[1], count: Number(l.trim().split(/\s+/).at(-1)) }));
    assert.deepEqual(
      rows.map((r) => r.label),
      ['1ms', '2ms', '5ms', '10ms', '20ms', '50ms', '100ms', '200ms', '500ms', '1s'],
    );
    // counted from the values: ≤1 ms 1, (1,2] 1, (2,5] 3, (5,10] 5, (10,20] 10, …, (500,1000] 490 + 10
    assert.deepEqual(
      rows.map((r) => r.count),
      [1, 1, 3, 5, 10, 30, 50, 100, 300, 500],
    );
    assert.equal(
      rows.reduce((sum, r) => sum + r.count, 0),
      1000,
    );
    const tallest = text.split('\n').find((l) => l.includes('█'.repeat(40)));
    assert.match(tallest ?? '', /≤ 1s /, 'the bars are scaled to the fullest bucket');
  });

  it('shows response_time first in open-model runs', () => {
    const view = recordedRun([
      { name: '/x', durationUs: 2000, responseTimeUs: 40_000 },
      { name: '/x', durationUs: 3000, responseTimeUs: 50_000 },
    ]);
    const text = renderLatency(view.run, { color: false });
    const rt = text.indexOf('response_time, 2 values');
    assert.ok(rt >= 0 && rt < text.indexOf('http_req_duration, 2 values'));
  });

  it('as an output: silent until the end, then the distribution of the run it watched', async () => {
    const written: string[] = [];
    const output = latencyOutput({ write: (text: string) => written.push(text) }, { color: false });
    const view = recordedRun([{ name: '/x', durationUs: 1500 }]);
    await output.start({
      testId: 't',
      test: 't.ts',
      startedAt: '',
      plannedDurationMs: 1000,
      scenarios: [],
    } as never);
    output.interval(view);
    assert.equal(written.length, 0);
    // end's document is not read: the handle has the histograms
    await output.end({} as never);
    assert.equal(written.join(''), renderLatency(view.run, { color: false }));
    const none = latencyOutput({ write: (text: string) => written.push(text) }, { color: false });
    await none.end({} as never);
    assert.match(written.at(-1)!, /no requests/);
  });

  it('picks 1-2-5 edges around the values, or decades when that would be too many rows', () => {
    assert.deepEqual(logEdges(0.108, 47.775), [0.2, 0.5, 1, 2, 5, 10, 20, 50]);
    assert.deepEqual(logEdges(3, 3), [5]);
    assert.deepEqual(logEdges(0, 0.004), [0.001, 0.002, 0.005]);
    assert.deepEqual(logEdges(0.002, 120_000), [0.01, 0.1, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000]);
  });
});
