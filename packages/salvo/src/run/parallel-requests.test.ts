/**
 * Requests in parallel inside one VU, with the default plan (no http options): on both
 * transports `Promise.all` of four requests has them in flight together, while a VU
 * that sends one request at a time still holds exactly one connection.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, test } from 'node:test';
import { startTestServer } from '../http/testing/index.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

/**
 * Holds each request until `parties` are waiting at once, then answers them all 200; one
 * left alone 10 s answers 503. So a 200 proves the requests were in flight together,
 * whatever the machine's load (a timing bound would not).
 */
async function startBarrierServer(parties: number) {
  const waiting: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    waiting.push(res);
    if (waiting.length === parties) for (const held of waiting.splice(0)) held.end('together');
    else setTimeout(() => res.writableEnded || res.writeHead(503).end('alone'), 10_000).unref();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

for (const transport of ['lean', 'undici'] as const) {
  test(`${transport}: four parallel requests of one VU are in flight together, on at most 4 connections`, async () => {
    const server = await startBarrierServer(4);
    try {
      const started = await startTestFile(
        files,
        `export default defineTest({
          iterations: 1,
          http: { transport: '${transport}' },
          exec: async (vu) => {
            await Promise.all([1, 2, 3, 4].map(() => vu.http.get('${server.url}/')));
          },
        });`,
      );
      const { exitCode, results: doc } = await started.running.done;
      assert.equal(exitCode, 0);
      assert.equal((doc.metrics.http_reqs!.values as { count: number }).count, 4);
      // the server answers 200 only once all four are waiting at once: serialised, they would fail
      assert.equal((doc.metrics.http_req_failed!.values as { rate: number }).rate, 0);
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
