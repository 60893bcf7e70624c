import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { progressLine } from '../outputs/progress.ts';
import { renderSummary } from '../outputs/summary.ts';
import { GeneratorMeter } from './generator-meter.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

let server: TestServer;
const files = testFiles();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

test('the meter reads its own thread: a busy loop as busy, a wait as idle', async () => {
  const meter = new GeneratorMeter();
  await sleep(300);
  const idle = meter.read();
  await sleep(30); // the delay monitor ticks once after a read before it measures again
  busyFor(600);
  await sleep(20); // the delay monitor's timer fires, late
  const busy = meter.read();
  meter.stop();
  // utilisation and delay are wall-clock figures: a busy machine cannot hide a busy loop
  assert.ok(idle.elu < 0.5, `idle elu ${idle.elu}`);
  assert.ok(busy.elu > 0.8, `busy elu ${busy.elu}`);
  assert.ok(busy.eventLoopDelayMaxMs > 400, `a 600 ms block delayed timers ${busy.eventLoopDelayMaxMs} ms`);
  assert.ok(busy.cpu > idle.cpu && busy.cpu <= 1.05, `cpu ${idle.cpu} then ${busy.cpu}`);
  // Linux: the thread ran, or waited for a core, nearly all along
  if (busy.cpuWait !== undefined)
    assert.ok(busy.cpu + busy.cpuWait > 0.6, `cpu+wait ${busy.cpu}+${busy.cpuWait}`);
});

test('a test that busy-loops 200 ms per iteration saturates the generator: results, summary and progress say so', async () => {
  const { running, views, results } = await startTestFile(
    files,
    `export default defineTest({
      vus: 1, duration: '3s',
      exec: async (vu) => {
        const until = performance.now() + 200;
        while (performance.now() < until) {}
        await vu.http.get('${server.url}/');
      },
    });`,
  );
  await running.done;
  const doc = results();
  const [stretch, ...others] = doc.generator.saturated;
  assert.ok(stretch, JSON.stringify(doc.generator));
  assert.equal(others.length, 0);
  assert.equal(stretch.runner, 'main');
  assert.ok(
    stretch.reasons.includes('elu') && stretch.reasons.includes('event_loop_delay'),
    stretch.reasons.join(),
  );
  assert.ok(stretch.peak.eventLoopDelayP99Ms >= 150, `delay p99 ${stretch.peak.eventLoopDelayP99Ms}`);
  assert.ok(stretch.toMs - stretch.fromMs >= 2000, `${stretch.fromMs}..${stretch.toMs}`);
  assert.ok(doc.series.generator.saturated.filter(Boolean).length >= 2, 'the seconds are flagged');
  const elu = doc.metrics.generator_elu?.values;
  assert.ok(elu && 'max' in elu && elu.max > 0.9, JSON.stringify(elu));

  const summary = renderSummary(doc, { color: false });
  assert.match(summary, /⚠ the load generator was saturated/);
  assert.match(summary, /latencies from t=\d+(\.\d)?–\d+(\.\d)?s were measured by a saturated generator/);
  const saturatedView = views.find((view) => view.generator?.saturated.includes('main'));
  assert.ok(saturatedView, 'a live interval knew');
  assert.match(
    progressLine(saturatedView, { plannedDurationMs: 3000 }, { rateRps: 0, iterationsDone: 0 }),
    /⚠ generator saturated \(main\)$/,
  );
});
