import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { ResultsDocument, TrendValues } from '../outputs/results-document.ts';
import { startTest } from './coordinator.ts';
import { testFiles } from './testing/test-files.ts';

const CYCLE_MS = 5000;
const STALL_MS = 1000;
const RATE = 100;
const DURATION_MS = 10_000;

/** How long a request arriving `atMs` into the run waits: the rest of the stall it falls in. */
function stallLeft(atMs: number): number {
  const inCycle = atMs % CYCLE_MS;
  return inCycle >= CYCLE_MS - STALL_MS ? CYCLE_MS - inCycle : 0;
}

/** A server that holds every response during the last second of every five. */
async function startStallingServer(): Promise<{ server: Server; url: string }> {
  let t0: number | undefined;
  const server = createServer((_req, res) => {
    t0 ??= performance.now();
    setTimeout(() => res.end('ok'), stallLeft(performance.now() - t0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

test('response_time under a stalling server lands within 10% of the true p90 and p99', async () => {
  const { server, url } = await startStallingServer();
  const files = testFiles();
  try {
    const path = files.write(
      'stall.ts',
      `export default defineTest({
        scenarios: { steady: {
          executor: 'constant-arrival-rate', rate: ${RATE}, duration: '${DURATION_MS}ms',
          preAllocatedVUs: 50, maxVUs: 400,
          exec: async (vu) => { await vu.http.get('${url}/'); },
        } },
      });`,
    );
    let doc: ResultsDocument | undefined;
    const running = await startTest({
      source: { kind: 'file', path, overrides: {} },
      workers: 1,
      testLabel: path,
      outputs: [{ name: 'capture', start() {}, interval() {}, end: (results) => void (doc = results) }],
    });
    await running.done;

    // what users would feel: each request waits out the stall it arrives in
    const truth = Array.from({ length: (RATE * DURATION_MS) / 1000 }, (_, k) =>
      stallLeft((k * 1000) / RATE),
    ).sort((a, b) => a - b);
    const measured = doc!.metrics.response_time!.values as TrendValues;
    assert.equal(measured.count, truth.length);
    assert.equal((doc!.metrics.dropped_iterations?.values as { count: number } | undefined)?.count ?? 0, 0);
    for (const p of [90, 99]) {
      const expected = percentile(truth, p);
      const actual = measured[`p(${p})`]!;
      assert.ok(
        Math.abs(actual - expected) <= expected * 0.1,
        `p(${p}): measured ${actual} ms, true ${expected} ms`,
      );
    }
  } finally {
    files.remove();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
