import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import type { IntervalView, ThresholdStates } from '../results/index.ts';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { p99Output } from './examples/p99-output.ts';
import type { Output, RunControl } from './types.ts';

/** How an output plugs in (docs/outputs.md): the doc's example, run, and the optional capabilities. */

let server: TestServer;
const files = testFiles();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

const EXAMPLE = new URL('./examples/p99-output.ts', import.meta.url);
const DOC = new URL('../../../../docs/outputs.md', import.meta.url);

/** Two request names for about 2.5 s: three intervals, the last one partial. */
const TWO_NAMES = (thresholds: string) => `
  export default defineTest({
    vus: 2, duration: '2500ms',
    http: { baseUrl: '${server.url}' },
    thresholds: ${thresholds},
    exec: async (vu) => {
      await vu.http.get('/items/' + vu.iteration);
      await vu.http.get('/echo');
      await vu.sleep(0.01);
    },
  });`;

test('docs/outputs.md shows the example output exactly as it is tested', () => {
  assert.ok(readFileSync(DOC, 'utf8').includes(`\`\`\`ts\n${readFileSync(EXAMPLE, 'utf8')}\`\`\``));
});

test('the example output prints each second’s p99 per name, the same figure the interval view has', async () => {
  const lines: string[] = [];
  const started = await startTestFile(files, TWO_NAMES('{}'), {
    outputs: [p99Output((line) => lines.push(line))],
  });
  await started.running.done;
  const views = started.views;
  assert.ok(views.length >= 2, `${views.length} intervals`);
  assert.equal(lines[0], `${started.path}: started`);
  assert.equal(lines.at(-1), `${started.path}: passed`);
  const expected = views.flatMap((view) =>
    Object.keys(view.byName)
      .sort()
      .map((name) => `${view.index} ${name} p99 ${view.byName[name]!.duration!.p99}ms`),
  );
  assert.deepEqual(lines.slice(1, -1), expected, 'the handle and the interval figures agree');
  assert.ok(
    expected.some((line) => line.includes('/items/:id')) && expected.some((line) => line.includes('/echo')),
  );
  // the handle reads what the document totals: the requests of every second add up to the run's
  const perSecond = views.reduce((sum, view) => sum + view.total.requests, 0);
  assert.equal(perSecond, (started.results().metrics.http_reqs!.values as { count: number }).count);
});

test('an output with `thresholds` gets their states each second; one with `control` can stop the run', async () => {
  const states: ThresholdStates[] = [];
  let control: RunControl | undefined;
  const stopper: Output = {
    name: 'stopper',
    start() {},
    control: (run) => void (control = run),
    interval(view: IntervalView) {
      if (view.index === 0) control?.stop('graceful', 'stopped from the dashboard');
    },
    thresholds: (evaluated) => void states.push(evaluated),
    end() {},
  };
  const started = await startTestFile(
    files,
    TWO_NAMES(`{ http_req_failed: ['rate<0.5'], 'http_req_duration{name:/nowhere}': ['p(99)<100'] }`),
    { outputs: [stopper] },
  );
  const { exitCode } = await started.running.done;
  const doc = started.results();
  assert.equal(doc.meta.outcome, 'interrupted');
  assert.equal(doc.meta.reason, 'stopped from the dashboard');
  assert.equal(exitCode, 2);
  assert.ok(doc.meta.durationMs < 2500, `stopped early, after ${doc.meta.durationMs} ms`);
  assert.equal(states.length, started.views.length, 'one evaluation per interval');
  assert.deepEqual(states[0]!.http_req_failed, { 'rate<0.5': { ok: true, actual: 0 } });
  assert.deepEqual(states[0]!['http_req_duration{name:/nowhere}'], {
    'p(99)<100': { ok: false, noData: true },
  });
});
