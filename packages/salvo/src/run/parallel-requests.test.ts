/**
 * Requests in parallel inside one VU, with the default plan (no http options): on both
 * transports `Promise.all` of four slow requests takes about the time of one, while a VU
 * that sends one request at a time still holds exactly one connection.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startTestServer } from '../http/testing/index.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

const maxOf = (values: unknown) => (values as { max: number }).max;

for (const transport of ['lean', 'undici'] as const) {
  test(`${transport}: four parallel 200 ms requests of one VU take about 200 ms, on at most 4 connections`, async () => {
    const server = await startTestServer();
    try {
      const started = await startTestFile(
        files,
        `export default defineTest({
          iterations: 1,
          http: { transport: '${transport}' },
          exec: async (vu) => {
            await Promise.all([1, 2, 3, 4].map(() => vu.http.get('${server.url}/delay?ms=200')));
          },
        });`,
      );
      const { exitCode, results: doc } = await started.running.done;
      assert.equal(exitCode, 0);
      assert.equal((doc.metrics.http_reqs!.values as { count: number }).count, 4);
      // serialised on one connection this is >= 800 ms; side by side ~200 ms plus connects
      const iterationMs = maxOf(doc.metrics.iteration_duration!.values);
      assert.ok(iterationMs >= 195 && iterationMs < 600, `iteration took ${iterationMs} ms`);
      assert.ok(server.connections() <= 4, `${server.connections()} connections`);
    } finally {
      await server.close();
    }
  });

  test(`${transport}: a VU that sends one request at a time uses one connection`, async () => {
    const server = await startTestServer();
    try {
      const started = await startTestFile(
        files,
        `export default defineTest({
          iterations: 3,
          http: { transport: '${transport}' },
          exec: async (vu) => {
            for (let i = 0; i < 5; i++) await vu.http.get('${server.url}/delay?ms=5');
          },
        });`,
      );
      const { exitCode, results: doc } = await started.running.done;
      assert.equal(exitCode, 0);
      assert.equal((doc.metrics.http_reqs!.values as { count: number }).count, 15);
      assert.equal(server.connections(), 1);
    } finally {
      await server.close();
    }
  });
}
