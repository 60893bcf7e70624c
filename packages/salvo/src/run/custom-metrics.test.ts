/**
 * Custom metrics (Counter, Gauge, Rate, Trend) declared at a test file's top level: recorded
 * from VU code with the VU's tags, judged by thresholds (tag filters too), in the results
 * document and the summary beside the built-ins, and the same on two worker threads.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { renderSummary } from '../outputs/summary.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

let server: TestServer;
const files = testFiles();
const SALVO = new URL('../index.ts', import.meta.url).href;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

type Values = Record<string, number>;

/** A test with one metric of each type; every VU iteration adds a known amount. */
const FOUR_METRICS = `
  import { Counter, Gauge, Rate, Trend } from '${SALVO}';
  const waiting = new Trend('cm_waiting', true);
  const sizes = new Trend('cm_size');
  const orders = new Counter('cm_orders');
  const hits = new Rate('cm_hits');
  const depth = new Gauge('cm_depth');
`;

test('every type records from VU code, with thresholds on the metric and on a tag set', async () => {
  const started = await startTestFile(
    files,
    `${FOUR_METRICS}
    export default defineTest({
      scenarios: { shop: { executor: 'per-vu-iterations', vus: 2, iterations: 5, exec: async (vu) => {
        const res = await vu.http.get('${server.url}/delay?ms=20');
        waiting.add(res.timings.waiting);
        sizes.add(100 + vu.iteration, { kind: vu.iteration % 2 === 0 ? 'even' : 'odd' });
        orders.add(2);
        hits.add(vu.iteration < 4);
        depth.add(10 * vu.id);
      } } },
      thresholds: {
        cm_waiting: ['p(95)>15', 'max<5000'],
        'cm_size{kind:even}': ['count==6', 'max==104'],
        cm_orders: ['count==20'],
        cm_hits: ['rate==0.8'],
        cm_depth: ['max==20'],
      },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0, JSON.stringify(doc.metrics, null, 1));
  const values = (key: string) => doc.metrics[key]!.values as Values;
  assert.deepEqual(
    [doc.metrics.cm_waiting!.type, doc.metrics.cm_waiting!.contains, doc.metrics.cm_size!.contains],
    ['trend', 'time', 'default'],
  );
  assert.equal(values('cm_waiting').count, 10);
  assert.ok(values('cm_waiting').min! >= 15, 'time trends in ms, like http_req_waiting');
  assert.equal(values('cm_size').count, 10);
  assert.equal(values('cm_size').min, 100);
  assert.equal(values('cm_orders').count, 20);
  assert.deepEqual([values('cm_hits').passes, values('cm_hits').fails], [8, 2]);
  assert.equal(values('cm_depth').max, 20);
  for (const [key, expression] of [
    ['cm_waiting', 'p(95)>15'],
    ['cm_size{kind:even}', 'max==104'],
    ['cm_orders', 'count==20'],
    ['cm_hits', 'rate==0.8'],
  ] as const) {
    assert.equal(doc.metrics[key]?.thresholds?.[expression]?.ok, true, `${key} ${expression}`);
  }
  // the VU's own tags are on the samples: a scenario tag set has them all
  assert.ok(doc.histograms.cm_waiting?.startsWith('HISTF'));
  assert.deepEqual(doc.options.metrics, [
    { name: 'cm_waiting', type: 'trend', contains: 'time' },
    { name: 'cm_size', type: 'trend', contains: 'default' },
    { name: 'cm_orders', type: 'counter', contains: 'default' },
    { name: 'cm_hits', type: 'rate', contains: 'default' },
    { name: 'cm_depth', type: 'gauge', contains: 'default' },
  ]);
  const summary = renderSummary(doc, { color: false });
  assert.match(summary, /^ {2}cm_waiting +\d/m, 'a custom trend is a row of the TRENDS table');
  assert.match(summary, /^ {2}cm_orders\b.* 20 /m);
  assert.match(summary, /^ {2}cm_hits\b.* 80\.0?0?% /m);
});

test('a crossed threshold on a custom metric fails the run (exit 99)', async () => {
  const started = await startTestFile(
    files,
    `import { Counter } from '${SALVO}';
    const failures = new Counter('cm_payment_failures');
    export default defineTest({
      iterations: 3,
      thresholds: { cm_payment_failures: ['count<2'] },
      exec: async (vu) => { await vu.http.get('${server.url}/echo'); failures.add(1); },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 99);
  assert.equal(doc.metrics.cm_payment_failures?.thresholds?.['count<2']?.ok, false);
});

test('on two worker threads every thread records the same metrics, merged exactly', async () => {
  const started = await startTestFile(
    files,
    `${FOUR_METRICS}
    export default defineTest({
      scenarios: { shop: { executor: 'per-vu-iterations', vus: 4, iterations: 5, exec: async (vu) => {
        await vu.http.get('${server.url}/echo');
        orders.add(1);
        sizes.add(7);
      } } },
      thresholds: { cm_orders: ['count==20'] },
    });`,
    { workers: 2 },
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0);
  assert.equal(doc.meta.runners.length, 2);
  assert.equal((doc.metrics.cm_orders!.values as Values).count, 20);
  assert.equal((doc.metrics.cm_size!.values as Values).count, 20);
});

for (const [declaration, message] of [
  [`new Trend('http_req_duration')`, /custom metric "http_req_duration" has the name of a built-in metric/],
  [`new Counter('2fast')`, /custom metric name "2fast" is invalid/],
  [
    `new Counter('cm_twice'); new Rate('cm_twice')`,
    /"cm_twice" is already a counter; cannot declare it as a rate/,
  ],
] as const) {
  test(`a bad declaration is a one-line SALVO_ERR_TEST_DEFINITION: ${declaration}`, async () => {
    await assert.rejects(
      startTestFile(
        files,
        `import { Counter, Rate, Trend } from '${SALVO}';
        ${declaration};
        export default defineTest({ iterations: 1, exec: () => {} });`,
      ),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'SALVO_ERR_TEST_DEFINITION');
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

test('a threshold on an undeclared metric is refused before the run', async () => {
  await assert.rejects(
    startTestFile(
      files,
      `export default defineTest({ iterations: 1, thresholds: { cm_nope: ['count>0'] }, exec: () => {} });`,
    ),
    /unknown metric "cm_nope"/,
  );
});

test('add() with a bad value is a script error that says why', async () => {
  const started = await startTestFile(
    files,
    `import { Trend } from '${SALVO}';
    const t = new Trend('cm_bad_values');
    export default defineTest({
      iterations: 2,
      exec: async (vu) => {
        await vu.http.get('${server.url}/echo');
        if (vu.iteration === 0) t.add(-1);
      },
    });`,
  );
  const { results: doc } = await started.running.done;
  const script = doc.errors.filter((entry) => entry.kind === 'script');
  assert.equal(script.length, 1);
  assert.match(
    script[0]!.sample ?? script[0]!.message ?? '',
    /cm_bad_values\.add\(\): the value must be a finite number >= 0, got -1/,
  );
});

test('add() outside VU code (in setup) says where custom metrics are recorded', async () => {
  await assert.rejects(async () => {
    const started = await startTestFile(
      files,
      `import { Counter } from '${SALVO}';
        const c = new Counter('cm_in_setup');
        export default defineTest({ iterations: 1, setup: () => c.add(1), exec: () => {} });`,
    );
    await started.running.done;
  }, /cm_in_setup\.add\(\) outside VU code: custom metrics are recorded from exec, tasks, onStart and onStop/);
});
