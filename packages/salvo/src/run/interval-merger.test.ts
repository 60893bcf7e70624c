import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAggregator, createRecorder, type IntervalSnapshot } from '../metrics/index.ts';
import { IntervalMerger } from './interval-merger.ts';

const START = 1_000_000;
const SECOND = 1000;

/** A runner's snapshot of second `index` with `requests` requests of `ms` each. */
function snapshot(runnerId: string, index: number, requests: number, ms = 10): IntervalSnapshot {
  const recorder = createRecorder(runnerId);
  const reqs = recorder.series('http_reqs', {});
  const duration = recorder.series('http_req_duration', {});
  for (let i = 0; i < requests; i++) {
    recorder.count(reqs, 1);
    recorder.trend(duration, ms * 1000);
  }
  return recorder.snapshot(index, START + index * SECOND, START + (index + 1) * SECOND);
}

/** A merger on a clock the test moves, recording what it emits and whom it gave up on. */
function setup(runnerIds: string[], waitMs = 3000) {
  const clock = { now: START };
  const aggregator = createAggregator({ runStartMs: START });
  const views: { index: number; requests: number }[] = [];
  const missing: { index: number; ids: readonly string[] }[] = [];
  const merger = new IntervalMerger({
    runnerIds,
    aggregator,
    runStartMs: START,
    intervalMs: SECOND,
    waitMs,
    now: () => clock.now,
    onView: (view) => views.push({ index: view.index, requests: view.total.requests }),
    onMissing: (index, ids) => missing.push({ index, ids }),
  });
  const total = () =>
    (aggregator.data.cumulative.query('http_reqs', {}, 10 * SECOND)!.values as { count: number }).count;
  return { clock, merger, views, missing, total, aggregator };
}

test('a second is merged once every running runner has sent it, in order', () => {
  const { merger, views } = setup(['a', 'b']);
  merger.add(snapshot('a', 0, 3));
  merger.add(snapshot('a', 1, 4));
  assert.deepEqual(views, []);
  merger.add(snapshot('b', 1, 5));
  assert.deepEqual(views, []);
  merger.add(snapshot('b', 0, 6));
  assert.deepEqual(views, [
    { index: 0, requests: 9 },
    { index: 1, requests: 9 },
  ]);
});

test('a runner missing past the deadline no longer holds the view; what it sends later still counts', () => {
  const { clock, merger, views, missing, total } = setup(['a', 'b'], 3000);
  merger.add(snapshot('a', 0, 3));
  merger.add(snapshot('a', 1, 3));
  clock.now = START + 1 * SECOND + 2999;
  merger.poll();
  assert.deepEqual(views, [], 'still waiting within the deadline');
  clock.now = START + 1 * SECOND + 3000;
  merger.poll();
  assert.deepEqual(views, [{ index: 0, requests: 3 }]);
  assert.deepEqual(missing, [{ index: 0, ids: ['b'] }]);
  clock.now = START + 2 * SECOND + 3000;
  merger.poll();
  assert.deepEqual(views.at(-1), { index: 1, requests: 3 });
  // b's seconds arrive after all: in the totals, not in rows already shown
  merger.add(snapshot('b', 0, 10));
  merger.add(snapshot('b', 1, 10));
  assert.equal(views.length, 2);
  assert.equal(total(), 26);
});

test('seconds nobody sent do not stall the view once their deadline passed', () => {
  const { clock, merger, views } = setup(['a'], 1000);
  merger.add(snapshot('a', 2, 1));
  clock.now = START + 3 * SECOND + 1000;
  merger.poll();
  assert.deepEqual(views, [{ index: 2, requests: 1 }]);
});

test('a snapshot sent twice (a resend after a reconnect) is counted once', () => {
  const { merger, views, total } = setup(['a']);
  merger.add(snapshot('a', 0, 5));
  merger.add(snapshot('a', 0, 5));
  merger.add(snapshot('a', 1, 5));
  merger.add(snapshot('a', 1, 5));
  merger.flush();
  assert.equal(merger.duplicates, 2);
  assert.equal(views.length, 2);
  assert.equal(total(), 10);
});

test('a lost runner stops being waited for; a share joined mid-run is waited for from its first second', () => {
  const { merger, views } = setup(['a', 'b']);
  merger.add(snapshot('a', 0, 1));
  merger.add(snapshot('b', 0, 1));
  merger.add(snapshot('a', 1, 1));
  assert.equal(views.length, 1);
  merger.runnerDone('b');
  assert.equal(views.length, 2, 'second 1 merged without the lost runner');
  merger.join('a+b', 3);
  merger.add(snapshot('a', 2, 1));
  assert.equal(views.length, 3, 'second 2 is before the share joined');
  merger.add(snapshot('a', 3, 1));
  assert.equal(views.length, 3, 'second 3 waits for the share');
  merger.add(snapshot('a+b', 3, 2));
  assert.deepEqual(views.at(-1), { index: 3, requests: 3 });
});

test('merged histograms equal one histogram of every value', () => {
  const { merger, aggregator } = setup(['a', 'b']);
  merger.add(snapshot('a', 0, 90, 10));
  merger.add(snapshot('b', 0, 10, 500));
  merger.flush();
  const merged = aggregator.data.cumulative.query('http_req_duration', {}, SECOND)!;
  assert.equal(merged.histogram?.count, 100);
  // p(90) of 90 × 10 ms and 10 × 500 ms is 10 ms; p(95) is 500 ms: never an average of the two
  assert.ok(Math.abs(merged.percentile(90)! - 10) < 0.05, `p90 ${merged.percentile(90)}`);
  assert.ok(Math.abs(merged.percentile(95)! - 500) < 0.5, `p95 ${merged.percentile(95)}`);
});
