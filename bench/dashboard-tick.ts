/**
 * What the live dashboard costs the run each second: building the tick from the run handle
 * (the new per-second entries, the whole-run `metrics` map, errors, checks, generator) and
 * serializing it once for every browser, on a run with 50 request names. Also the bytes a
 * tick and a late browser's snapshot weigh.
 *
 * Run: node_modules/.bin/node bench/dashboard-tick.ts   (a 3 s run against a loopback
 * server at a few hundred requests a second, then the tick built 200 times on its handle).
 */
import { startTestServer } from '../packages/salvo/src/http/testing/index.ts';
import type { IntervalView } from '../packages/salvo/src/results/index.ts';
import { startTestFile } from '../packages/salvo/src/run/testing/started-test-file.ts';
import { testFiles } from '../packages/salvo/src/run/testing/test-files.ts';
import { LiveDocumentBuilder } from '../packages/salvo/src/web/dashboard/live-document.ts';

const NAMES = 50;
const REPEATS = 200;

const server = await startTestServer();
const files = testFiles();
const paths = Array.from({ length: NAMES }, (_, index) => `/endpoint-${index}`);
const started = await startTestFile(
  files,
  `export default defineTest({
     vus: 1, duration: '3s', http: { baseUrl: '${server.url}' },
     thresholds: { 'http_req_duration{name:/endpoint-0}': ['p(95)<500'], http_req_failed: ['rate<0.01'] },
     exec: async (vu) => {
       for (const path of ${JSON.stringify(paths)}) await vu.http.get(path);
       await vu.sleep(0.1);
     },
   });`,
);
await started.running.done;
await server.close();
files.remove();

const view = started.views.at(-1) as IntervalView;
const run = view.run;
const results = started.results();
const builder = new LiveDocumentBuilder({
  testId: results.meta.testId,
  test: results.meta.test,
  startedAt: results.meta.startedAt,
  plannedDurationMs: 3000,
  scenarios: ['default'],
  options: results.options,
});
builder.thresholds({ 'http_req_duration{name:/endpoint-0}': { 'p(95)<500': { ok: true, actual: 1 } } });

const times: number[] = [];
let tickBytes = 0;
for (let repeat = 0; repeat < REPEATS; repeat++) {
  const start = process.hrtime.bigint();
  const tick = builder.tick(run, view.elapsedMs);
  const text = JSON.stringify(tick);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  tickBytes = text.length;
}
times.sort((a, b) => a - b);
// a tick of one second's columns (the loop above re-sends none after the first)
const oneSecond = JSON.stringify(builder.tick(run, view.elapsedMs)).length;
const seconds = run.columns.t.length;
const seriesBytesPerSecond = JSON.stringify(run.columns).length / seconds;
const snapshotBytes = JSON.stringify(builder.snapshot()).length;
const summaryKeys = Object.keys(builder.tick(run, view.elapsedMs).metrics).length;

console.log(`${NAMES} names, ${summaryKeys} metrics keys, ${run.columns.t.length} s of columns`);
console.log(
  `tick build + JSON: median ${times[REPEATS >> 1]!.toFixed(2)} ms, p90 ${times[Math.floor(REPEATS * 0.9)]!.toFixed(2)} ms`,
);
console.log(
  `tick: ${(tickBytes / 1024).toFixed(1)} KiB (${(oneSecond / 1024).toFixed(1)} KiB with no new second)`,
);
console.log(
  `snapshot now: ${(snapshotBytes / 1024).toFixed(1)} KiB; series ${(seriesBytesPerSecond / 1024).toFixed(1)} KiB a second: an hour's snapshot ≈ ${((seriesBytesPerSecond * 3600) / 1024 / 1024).toFixed(1)} MiB`,
);
