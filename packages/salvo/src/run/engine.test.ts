import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import type { ResultsDocument } from '../outputs/results-document.ts';
import type { IntervalView, Output } from '../outputs/types.ts';
import { type RunSettings, startTest } from './coordinator.ts';
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

/** An output that keeps what it was given. */
function capture() {
  const views: IntervalView[] = [];
  let results: ResultsDocument | undefined;
  const output: Output = {
    name: 'capture',
    start() {},
    interval: (view) => void views.push(view),
    end: (doc) => void (results = doc),
  };
  return { output, views, results: () => results! };
}

async function runFile(source: string, extra: Partial<RunSettings> = {}) {
  const path = files.write(`t${Math.random().toString(36).slice(2)}.ts`, source);
  const sink = capture();
  const running = await startTest({
    source: { kind: 'file', path, overrides: {} },
    workers: 1,
    outputs: [sink.output],
    testLabel: path,
    ...extra,
  });
  const outcome = await running.done;
  return { ...outcome, views: sink.views, doc: sink.results() };
}

test('iterations run exactly, with checks, names and every k6 metric', async () => {
  const { exitCode, doc } = await runFile(`
    export default defineTest({
      vus: 4, iterations: 40,
      http: { baseUrl: '${server.url}' },
      thresholds: { http_req_failed: ['rate<0.01'], 'http_req_duration{name:/items/:id}': ['p(99)<5000'] },
      exec: async (vu) => {
        const res = await vu.http.get('/items/' + (vu.id * 1000 + vu.iteration));
        vu.check(res, { 'status is 200': (r) => r.status === 200 });
      },
    });`);
  assert.equal(exitCode, 0);
  assert.equal(doc.meta.outcome, 'passed');
  const count = (key: string) => (doc.metrics[key]!.values as { count: number }).count;
  assert.equal(count('iterations'), 40);
  assert.equal(count('http_reqs'), 40);
  for (const metric of ['http_req_duration', 'http_req_waiting', 'http_req_connecting', 'http_req_blocked']) {
    assert.ok(doc.metrics[metric], `${metric} in the summary`);
  }
  assert.deepEqual(doc.checks, [{ name: 'status is 200', passes: 40, fails: 0 }]);
  assert.ok(doc.metrics['http_req_duration{name:/items/:id}']?.thresholds?.['p(99)<5000']?.ok);
  assert.ok(doc.histograms.http_req_duration?.startsWith('HISTF'));
});
