import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAggregator } from '../metrics/index.ts';
import type { IntervalFigures, IntervalView, RunMeta } from '../results/index.ts';
import { progressLine, progressOutput } from './progress.ts';
import { RecentRate } from './progress-rate.ts';
import { sampleDocument } from './testing/sample-document.ts';

const META: RunMeta = {
  testId: 'id',
  test: 'tests/blog.ts',
  startedAt: '2026-11-23T15:00:00.000Z',
  plannedDurationMs: 10_000,
  scenarios: ['readers'],
};

function figures(requests: number, failures: number, p95Ms: number | undefined): IntervalFigures {
  const duration =
    p95Ms === undefined
      ? undefined
      : { p50: p95Ms / 2, p90: p95Ms, p95: p95Ms, p99: p95Ms, max: p95Ms, mean: 1 };
  return {
    requests,
    failures,
    errors: {},
    duration,
    responseTime: undefined,
    bytesSent: 0,
    bytesReceived: 0,
  };
}

function view(index: number, requests = 500, failures = 5, spanMs = 1000): IntervalView {
  const startMs = 1_700_000_000_000 + index * 1000;
  return {
    index,
    startMs,
    endMs: startMs + spanMs,
    elapsedMs: index * 1000 + spanMs,
    vus: 20,
    vusMax: 50,
    total: figures(requests, failures, requests > 0 ? 12.5 : undefined),
    byName: {},
    droppedIterations: 0,
    iterations: requests,
    run: createAggregator().data,
  };
}

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 120, write: (text: string) => writes.push(text) } };
}

const TIMED = { plannedDurationMs: 10_000 };

describe('progressLine', () => {
  it('shows elapsed/ETA, VUs, req/s, p95, error rate and a bar', () => {
    const line = progressLine(view(3), TIMED, { rateRps: 499.6, iterationsDone: 0 });
    assert.match(line, /^4\.0s\/10\.0s ETA 6\.0s {2}VUs 20\/50 {2}500 req\/s {2}p95 12\.50ms {2}err 1\.00%/);
    assert.match(line, /\[={8} {12}\] 40%$/);
  });

  it('leaves out ETA and bar without a planned duration, and shows dropped iterations', () => {
    const v = { ...view(0, 0, 0), droppedIterations: 3 };
    const line = progressLine(v, { plannedDurationMs: undefined }, { rateRps: 0, iterationsDone: 0 });
    assert.equal(line, '1.0s  VUs 20/50  0 req/s  p95 -  err 0.00%  dropped 3');
  });

  it('counts iterations done/planned when iterations end the run: no ETA, maxDuration as the bound', () => {
    const plan = { plannedDurationMs: 600_000, endsBy: 'iterations', plannedIterations: 3 } as const;
    const line = progressLine(view(1), plan, { rateRps: 2, iterationsDone: 2 });
    assert.match(line, /^2\.0s \(max 10m00s\) {2}it 2\/3 {2}VUs 20\/50 {2}2 req\/s /);
    assert.doesNotMatch(line, /ETA/);
    assert.match(line, /\[={13} {7}\] 66%$/);
  });

  it('shows only the bound when time ends some scenarios and iterations others', () => {
    const plan = { plannedDurationMs: 600_000, endsBy: 'either' } as const;
    const line = progressLine(view(1), plan, { rateRps: 2, iterationsDone: 2 });
    assert.match(line, /^2\.0s \(max 10m00s\) {2}VUs /);
    assert.doesNotMatch(line, /ETA|\]|it 2/);
  });

  it('shows a warning instead of the bar while the generator is saturated', () => {
    const load = { eventLoopDelayP99Ms: 80, eventLoopDelayMaxMs: 120, elu: 0.99, cpu: 0.97 };
    const saturated = { ...view(3), generator: { load, saturated: ['t0', 't1'] } };
    const line = progressLine(saturated, TIMED, { rateRps: 0, iterationsDone: 0 });
    assert.match(line, /err 1\.00% {2}⚠ generator saturated \(t0, t1\)$/);
    const room = { ...view(3), generator: { load, saturated: [] } };
    assert.match(progressLine(room, TIMED, { rateRps: 0, iterationsDone: 0 }), /\] 40%$/);
  });

  it('shows response_time p95 for open-model intervals', () => {
    const v = view(0);
    const line = progressLine({ ...v, total: { ...v.total, responseTime: v.total.duration } }, TIMED, {
      rateRps: 500,
      iterationsDone: 0,
    });
    assert.match(line, /p95 12\.50ms {2}rt p95 12\.50ms/);
  });
});

describe('RecentRate', () => {
  it('moves over the last 3 whole seconds', () => {
    const rate = new RecentRate();
    const counts = [80, 80, 80, 200, 200];
    for (const [i, n] of counts.entries()) rate.add(n, i * 1000, (i + 1) * 1000);
    assert.equal(rate.perSecond(), (80 + 200 + 200) / 3);
  });

  it('leaves out a partial interval once a whole one was seen, and uses it before', () => {
    const rate = new RecentRate();
    rate.add(10, 0, 30);
    assert.equal(rate.perSecond(), 10 / 0.03, 'a run shorter than a second: its own rate');
    rate.add(80, 30, 1030);
    rate.add(10, 1030, 1060);
    assert.equal(rate.perSecond(), 80);
  });
});

describe('progressOutput', () => {
  it('on a TTY rewrites one line in place every interval and ends it with a newline', async () => {
    const { writes, stream } = fakeStream(true);
    const output = progressOutput(stream, { tty: true });
    await output.start(META);
    for (let i = 0; i < 3; i++) output.interval(view(i));
    assert.equal(writes.length, 3);
    for (const w of writes) {
      assert.ok(w.startsWith('\r\u001b[2K'), 'clears the line first');
      assert.ok(!w.includes('\n'), 'no newline while running');
    }
    await output.end(sampleDocument({ openModel: false, passed: true }));
    assert.equal(writes.length, 4);
    assert.ok(writes[3]!.startsWith('\r\u001b[2K3.0s/10.0s ') && writes[3]!.endsWith('\n'));
  });

  it('when not a TTY prints a plain line every N intervals and always the last', async () => {
    const { writes, stream } = fakeStream(false);
    const output = progressOutput(stream, { tty: false, everyIntervals: 5 });
    await output.start(META);
    for (let i = 0; i < 12; i++) output.interval(view(i));
    assert.equal(writes.length, 2);
    await output.end(sampleDocument({ openModel: false, passed: true }));
    assert.deepEqual(
      writes.map((w) => w.split(' ')[0]),
      ['5.0s/10.0s', '10.0s/10.0s', '12.0s/10.0s'],
    );
    assert.match(writes[2]!, /ETA 0\.0s .*\[={20}\] 100%\n$/);
    for (const w of writes) {
      assert.ok(w.endsWith('\n'));
      assert.ok(!w.includes('\u001b') && !w.includes('\r'));
    }
  });

  it('does not repeat the last line when it was already printed, nor print for an empty run', async () => {
    const { writes, stream } = fakeStream(false);
    const output = progressOutput(stream, { tty: false, everyIntervals: 2 });
    await output.start(META);
    output.interval(view(0));
    output.interval(view(1));
    await output.end(sampleDocument({ openModel: false, passed: true }));
    assert.equal(writes.length, 1);

    const empty = fakeStream(true);
    const idle = progressOutput(empty.stream, { tty: true });
    await idle.start(META);
    await idle.end(sampleDocument({ openModel: false, passed: true }));
    assert.deepEqual(empty.writes, []);
  });

  it('reads req/s from whole seconds: the partial last interval does not spike it', async () => {
    const { writes, stream } = fakeStream(false);
    const output = progressOutput(stream, { tty: false, everyIntervals: 100 });
    await output.start(META);
    for (let i = 0; i < 3; i++) output.interval(view(i, 80, 0));
    // the stop 30 ms into the 4th second: 10 requests would read as 333 req/s
    output.interval(view(3, 10, 0, 30));
    await output.end(sampleDocument({ openModel: false, passed: true }));
    assert.equal(writes.length, 1);
    assert.match(writes[0]!, /^3\.0s\/10\.0s .* 80 req\/s /);
  });

  it('counts iterations over the run when iterations end it', async () => {
    const { writes, stream } = fakeStream(false);
    const output = progressOutput(stream, { tty: false, everyIntervals: 1 });
    await output.start({ ...META, plannedDurationMs: 600_000, endsBy: 'iterations', plannedIterations: 3 });
    output.interval({ ...view(0, 2, 0), iterations: 2 });
    output.interval({ ...view(1, 1, 0, 200), iterations: 1 });
    assert.match(writes[0]!, /^1\.0s \(max 10m00s\) {2}it 2\/3 /);
    assert.match(writes[1]!, /^1\.2s \(max 10m00s\) {2}it 3\/3 .*\[={20}\] 100%\n$/);
  });

  it('keeps the TTY line narrower than the terminal', async () => {
    const writes: string[] = [];
    const output = progressOutput(
      { isTTY: true, columns: 40, write: (t: string) => writes.push(t) },
      { tty: true },
    );
    await output.start(META);
    output.interval(view(0));
    assert.ok(writes[0]!.replace('\r\u001b[2K', '').length < 40);
  });
});
