/** Sequential task lists (Locust's SequentialTaskSet): one iteration is one pass in order. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
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

const countOf = (doc: { metrics: Record<string, { values: unknown } | undefined> }, key: string): number =>
  (doc.metrics[key]?.values as { count: number } | undefined)?.count ?? 0;

test('each iteration runs the tasks in the order listed, think time after each', async () => {
  // each step names its request after the steps this pass ran before it
  const started = await startTestFile(
    files,
    `const step = (name) => ({ name, run: async (vu) => {
       if (vu.data.pass !== vu.iteration) { vu.data.pass = vu.iteration; vu.data.trail = []; }
       vu.data.trail.push(name);
       await vu.http.get('${server.url}/echo', { name: vu.data.trail.join('>') });
     } });
     export default defineTest({
       scenarios: { journey: {
         executor: 'per-vu-iterations', vus: 2, iterations: 3,
         sequential: true,
         think: constant(0.01),
         tasks: [step('login'), step('browse'), step('browse'), step('checkout')],
       } },
     });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0);
  assert.equal(countOf(doc, 'iterations'), 6, 'one iteration is a whole pass');
  assert.equal(countOf(doc, 'http_reqs'), 24);
  assert.equal(countOf(doc, 'http_reqs{name:login>browse>browse>checkout}'), 6);
  // four think times of 10 ms in every pass
  assert.ok((doc.metrics.iteration_duration!.values as { min: number }).min >= 38);
});

test('a task that throws ends its pass; the next pass starts from the first task', async () => {
  const started = await startTestFile(
    files,
    `export default defineTest({
       scenarios: { journey: {
         executor: 'per-vu-iterations', vus: 1, iterations: 3,
         sequential: true,
         tasks: [
           async function login(vu) { await vu.http.get('${server.url}/echo', { name: 'login' }); },
           async function pay(vu) { if (vu.iteration === 1) throw new Error('card declined'); },
           async function receipt(vu) { await vu.http.get('${server.url}/echo', { name: 'receipt' }); },
         ],
       } },
     });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0);
  assert.equal(countOf(doc, 'iterations'), 3);
  assert.equal(countOf(doc, 'http_reqs{name:login}'), 3);
  assert.equal(countOf(doc, 'http_reqs{name:receipt}'), 2);
  const script = doc.errors.filter((entry) => entry.kind === 'script');
  assert.deepEqual(
    script.map((entry) => [entry.name, entry.count]),
    [['pay', 1]],
  );
});
