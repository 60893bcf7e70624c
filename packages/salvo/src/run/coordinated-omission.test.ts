/**
 * Coordinated omission, as a mechanism: under an arrival-rate executor requests keep
 * starting on schedule through a stall, and response_time counts from each iteration's
 * intended start. The assertions only bound from below (a busy machine adds delay, it
 * never removes it) or far from the figures; how close the percentiles come to the truth
 * is a benchmark: bench/coordinated-omission.ts.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import type { ResultsDocument, TrendValues } from '../results/index.ts';
import { startTest } from './coordinator.ts';
import { percentileOf, startStallingServer, trueResponseTimes } from './testing/stalling-server.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

async function run(source: string): Promise<ResultsDocument> {
  const path = files.write(`t${Math.random().toString(36).slice(2)}.ts`, source);
  let doc: ResultsDocument | undefined;
  const running = await startTest({
    source: { kind: 'file', path, overrides: {} },
    workers: 1,
    testLabel: path,
    outputs: [{ name: 'capture', start() {}, interval() {}, end: (results) => void (doc = results) }],
  });
  await running.done;
  return doc!;
}

function countOf(doc: ResultsDocument, metric: string): number {
  return (doc.metrics[metric]?.values as { count: number } | undefined)?.count ?? 0;
}

test('through a server stall the requests keep their schedule and response_time holds the wait', async () => {
  const [rate, durationMs] = [50, 4000];
  const server = await startStallingServer(2000, 500);
  try {
    const doc = await run(`export default defineTest({
      scenarios: { steady: {
        executor: 'constant-arrival-rate', rate: ${rate}, duration: '${durationMs}ms',
        preAllocatedVUs: 20, maxVUs: 200,
        exec: async (vu) => { await vu.http.get('${server.url}/'); },
      } },
    });`);
    const truth = trueResponseTimes(server, rate, durationMs);
    // every request made, none skipped while the server held the others (200 VUs for ~25 held)
    assert.equal(countOf(doc, 'http_reqs'), truth.length);
    assert.equal(countOf(doc, 'dropped_iterations'), 0);
    const measured = doc.metrics.response_time!.values as TrendValues;
    assert.equal(measured.count, truth.length);
    // a request sent late waits less at the server but as long from its intended start:
    // never below the truth (1 ms for timer rounding); far above only by a broken origin
    for (const p of [90, 95, 99]) {
      const expected = percentileOf(truth, p);
      assert.ok(expected >= 100, `the stall shows at p(${p})`);
      assert.ok(
        measured[`p(${p})`]! >= expected * 0.9 - 1,
        `p(${p}): ${measured[`p(${p})`]} < true ${expected}`,
      );
    }
    assert.ok(measured.med < 1000, `p(50) ${measured.med} ms: timed from the scenario start?`);
  } finally {
    await server.close();
  }
});

test('an iteration that starts late counts its lag in response_time', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    // the generator itself stalls 300 ms once: the iterations due meanwhile start late
    const doc = await run(`let stalled = false;
    export default defineTest({
      scenarios: { steady: {
        executor: 'constant-arrival-rate', rate: 100, duration: '1500ms', preAllocatedVUs: 10, maxVUs: 100,
        exec: async (vu) => {
          await vu.http.get('${url}');
          if (!stalled && vu.iteration >= 3) {
            stalled = true;
            const until = performance.now() + 300;
            while (performance.now() < until);
          }
        },
      } },
    });`);
    assert.equal(countOf(doc, 'dropped_iterations'), 0);
    const responseTime = doc.metrics.response_time!.values as TrendValues;
    assert.equal(responseTime.count, countOf(doc, 'http_reqs'));
    // the first iteration due in the stall started ~300 ms late; its request was answered at once
    assert.ok(responseTime.max >= 250, `response_time max ${responseTime.max} ms`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
