import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { IntervalSnapshot } from '../metrics/types.ts';
import { WHOLE } from '../plan/segment.ts';
import { createVuHttp } from './http-factory.ts';
import { loadPlan } from './load-plan.ts';
import { Runner } from './runner.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

const VUS = 50_000;

test(`starting ${VUS} VUs leaves the event loop free: timers run, and a hard stop ends the run`, async (t) => {
  const path = files.write(
    'many.ts',
    `export default defineTest({ vus: ${VUS}, duration: '60s', exec: (vu) => vu.sleep(60) });`,
  );
  const plan = await loadPlan({ kind: 'file', path, overrides: {} });
  const snapshots: IntervalSnapshot[] = [];
  const runner = new Runner(plan, {
    runnerId: 'main',
    segment: WHOLE,
    startAtEpochMs: Date.now(),
    setupData: undefined,
    createHttp: createVuHttp,
    onSnapshot: (snapshot) => snapshots.push(snapshot),
    printError: (line) => assert.fail(line),
  });
  // the longest the event loop went without running a 10 ms timer
  let longestGapMs = 0;
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - lastTick);
    lastTick = now;
  }, 10);
  const run = runner.run();
  const vusMax = () => snapshots.at(-1)?.series.find((series) => series.metric === 'vus_max')?.value ?? 0;
  const deadline = performance.now() + 60_000;
  while (vusMax() < VUS && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  clearInterval(ticker);
  t.diagnostic(`longest event-loop gap while ${VUS} VUs started: ${Math.round(longestGapMs)} ms`);
  assert.equal(vusMax(), VUS, 'every VU started');
  // created in one go they held the loop for seconds; in batches, a batch and a GC at most
  assert.ok(longestGapMs < 1000, `the event loop was held ${Math.round(longestGapMs)} ms`);

  const stopAt = performance.now();
  runner.stop('hard');
  await run;
  const stoppedMs = Math.round(performance.now() - stopAt);
  t.diagnostic(`stopped in ${stoppedMs} ms`);
  // interrupting 50 000 VUs one by one takes 4 s alone and 8 s beside the whole suite
  assert.ok(stoppedMs < 30_000, `stopped in ${stoppedMs} ms`);
});
