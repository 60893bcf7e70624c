import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { createHttpClient } from '../http/client.ts';
import { countOf, seriesOf, testClientContext } from '../http/testing/index.ts';
import { createTransports } from '../http/transports.ts';
import { decodeHistogram } from '../metrics/hdr-encoding.ts';
import { createRecorder } from '../metrics/index.ts';
import type { SeriesSnapshot } from '../metrics/types.ts';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { createWsClient } from './client.ts';
import { type EchoServer, startEchoServer } from './testing/echo-server.ts';

let server: EchoServer;
before(async () => {
  server = await startEchoServer();
});
after(() => server.close());

/** A port that was free a moment ago: nothing listens on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Values in a trend's series. */
function trendCount(series: readonly SeriesSnapshot[]): number {
  return series.reduce((sum, s) => sum + decodeHistogram(s.histogram!).totalCount, 0);
}

function client() {
  const recorder = createRecorder('ws');
  const http = createHttpClient(testClientContext(recorder), createTransports);
  return { ws: createWsClient(http), snapshot: () => recorder.snapshot(0, 0, 1000), http };
}

test('messages both ways, text and binary; pings timed; the client closes: done, 1000', async () => {
  const { ws, snapshot, http } = client();
  const received: (string | Buffer)[] = [];
  const rtts: number[] = [];
  const result = await ws.connect(`${server.url}/echo`, {
    name: 'echo',
    open(socket) {
      socket.send('one');
      socket.send(new Uint8Array([1, 2, 3]));
      socket.ping();
      socket.ping();
    },
    message(data, socket) {
      received.push(data);
      if (received.length === 2 && rtts.length === 2) socket.close(1000, 'enough');
    },
    pong(rttMs, socket) {
      rtts.push(rttMs);
      if (received.length === 2 && rtts.length === 2) socket.close(1000, 'enough');
    },
  });
  assert.deepEqual(received, ['one', Buffer.from([1, 2, 3])]);
  assert.equal(rtts.length, 2);
  assert.deepEqual(
    { outcome: result.outcome, code: result.code, sent: result.messagesSent, got: result.messagesReceived },
    { outcome: 'done', code: 1000, sent: 2, got: 2 },
  );
  const s = snapshot();
  assert.equal(countOf(s, 'ws_msgs_sent', { name: 'echo' }), 2);
  assert.equal(countOf(s, 'ws_msgs_received'), 2);
  // 'one' is 3 bytes, the binary message 3: each way, as echoed
  assert.equal(countOf(s, 'ws_data_sent'), 6);
  assert.equal(countOf(s, 'ws_data_received'), 6);
  assert.equal(trendCount(seriesOf(s, 'ws_time_to_first_message')), 1);
  assert.equal(trendCount(seriesOf(s, 'ws_message_gap')), 1, 'one gap between two messages');
  assert.equal(countOf(s, 'ws_sessions', { outcome: 'done' }), 1);
  assert.equal(seriesOf(s, 'ws_ping').length, 1);
  assert.equal(seriesOf(s, 'ws_connecting').length, 1);
  assert.equal(seriesOf(s, 'ws_session_duration').length, 1);
  await http.close();
});

test('the server closes with its code and reason: closed', async () => {
  const { ws, snapshot, http } = client();
  const result = await ws.connect(`${server.url}/echo`, { open: (socket) => socket.send('bye') });
  assert.deepEqual([result.outcome, result.code, result.reason], ['closed', 4001, 'bye']);
  assert.equal(countOf(snapshot(), 'ws_sessions', { outcome: 'closed' }), 1);
  await http.close();
});

test("the server's ping is answered with a pong carrying its data", async () => {
  const { ws, http } = client();
  const result = await ws.connect(`${server.url}/ping`);
  assert.deepEqual([result.outcome, result.code, result.reason], ['closed', 4002, 'pong from server']);
  await http.close();
});

test('a port nobody listens on: error, 1006, the reason said, counted; nothing thrown', async () => {
  const { ws, snapshot, http } = client();
  const port = await closedPort();
  const result = await ws.connect(`ws://127.0.0.1:${port}/socket`);
  assert.deepEqual([result.outcome, result.code, result.status], ['error', 1006, undefined]);
  assert.match(result.error ?? '', /ECONNREFUSED/);
  assert.equal(countOf(snapshot(), 'ws_sessions', { outcome: 'error' }), 1);
  await http.close();
});

test('a refused handshake is an error with its status; a silent session times out', async () => {
  const { ws, snapshot, http } = client();
  const refused = await ws.connect(`${server.url}/refuse`);
  assert.equal(refused.outcome, 'error');
  assert.equal(refused.status, 401);
  assert.match(refused.error ?? '', /401/);
  const silent = await ws.connect(`${server.url}/silent`, { timeout: 200 });
  assert.equal(silent.outcome, 'timeout');
  assert.equal(silent.code, 1006);
  const s = snapshot();
  assert.equal(countOf(s, 'ws_sessions', { outcome: 'error' }), 1);
  assert.equal(countOf(s, 'ws_sessions', { outcome: 'timeout' }), 1);
  await http.close();
});

test('a handler that throws closes the socket and rejects with its error; bad URLs reject', async () => {
  const { ws, http } = client();
  await assert.rejects(
    ws.connect(`${server.url}/echo`, {
      open() {
        throw new Error('handler broke');
      },
    }),
    /handler broke/,
  );
  await assert.rejects(ws.connect('http://127.0.0.1/'), /a ws: or wss: URL/);
  await http.close();
});

test('vu.ws in a run: k6-style sessions, thresholds on ws metrics', async () => {
  const files = testFiles();
  try {
    const started = await startTestFile(
      files,
      `export default defineTest({
        scenarios: { chat: { executor: 'per-vu-iterations', vus: 2, iterations: 2, maxDuration: '30s', exec: async (vu) => {
          const result = await vu.ws.connect('${server.url}/echo', {
            open: (socket) => { socket.send('hello'); socket.ping(); },
            pong: (_rtt, socket) => socket.close(),
          });
          vu.check(result, { 'closed by the test': (r) => r.outcome === 'done' && r.code === 1000 });
        } } },
        thresholds: {
          'ws_sessions{outcome:done}': ['count==4'],
          ws_ping: ['p(95)<5000', 'count==4'],
          ws_msgs_sent: ['count==4'],
          ws_data_sent: ['count==20', 'rate>0'],
        },
      });`,
    );
    await started.running.done;
    const doc = started.results();
    assert.equal(doc.meta.outcome, 'passed');
    assert.equal(doc.metrics.ws_data_sent?.thresholds?.['count==20']?.ok, true, "four 'hello's of 5 bytes");
    assert.deepEqual(
      doc.checks.map((c) => [c.name, c.passes, c.fails]),
      [['closed by the test', 4, 0]],
    );
    assert.equal(
      (doc.metrics['ws_sessions{outcome:done}']?.values as { count: number } | undefined)?.count,
      4,
    );
  } finally {
    files.remove();
  }
});
