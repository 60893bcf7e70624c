import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, startTlsTestServer, type TestServer } from '../testing/index.ts';
import type { TransportOptions, TransportRequest } from '../types.ts';
import { createUndiciTransport } from './index.ts';

let server: TestServer;
let h2: Awaited<ReturnType<typeof startTlsTestServer>>;
before(async () => {
  [server, h2] = await Promise.all([startTestServer(), startTlsTestServer({ http2: true })]);
});
after(() => Promise.all([server.close(), h2.close()]));

const OPTIONS: TransportOptions = {
  tls: { insecureSkipVerify: true },
  maxConnectionsPerOrigin: 1,
  pipelining: 1,
  http2: false,
};
const TIMEOUTS = { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000, requestMs: 10_000 };

function get(url: string, requestMs = TIMEOUTS.requestMs): TransportRequest {
  return {
    method: 'GET',
    url: new URL(url),
    headers: [],
    body: undefined,
    timeouts: { ...TIMEOUTS, requestMs },
    discardBody: false,
  };
}

test('HTTP/2 over TLS when asked: one connection multiplexes concurrent requests', async () => {
  const transport = createUndiciTransport({ ...OPTIONS, http2: true });
  try {
    const first = await transport.request(get(`${h2.url}/echo`));
    assert.equal(first.protocol, 'h2', first.error?.message);
    assert.ok(first.timings.tlsHandshakingMs > 0);
    const many = await Promise.all(
      Array.from({ length: 8 }, () => transport.request(get(`${h2.url}/delay?ms=50`))),
    );
    for (const res of many) {
      assert.equal(res.status, 200);
      assert.equal(res.protocol, 'h2');
      assert.ok(res.bytesReceived > 0);
    }
    assert.equal(h2.connections(), 1);
  } finally {
    await transport.close();
  }
});

test('without http2 the same server speaks HTTP/1.1', async () => {
  const transport = createUndiciTransport(OPTIONS);
  try {
    const res = await transport.request(get(`${h2.url}/echo`));
    assert.equal(res.protocol, 'http/1.1');
    assert.equal(res.status, 200);
  } finally {
    await transport.close();
  }
});

test('requests beyond maxConnectionsPerOrigin wait, and the wait is blocked time', async () => {
  const transport = createUndiciTransport({ ...OPTIONS, maxConnectionsPerOrigin: 2 });
  try {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => transport.request(get(`${server.url}/delay?ms=100`))),
    );
    const blocked = results.map((r) => r.timings.blockedMs).sort((a, b) => a - b);
    assert.ok(blocked[3]! >= 80, `the last two waited for a connection: ${blocked.join(', ')}`);
    assert.equal(results.filter((r) => r.reusedConnection).length, 2);
  } finally {
    await transport.close();
  }
});

test('a queued request times out on its own deadline; close ends the rest as interrupted', async () => {
  const transport = createUndiciTransport(OPTIONS);
  const busy = transport.request(get(`${server.url}/delay?ms=5000`));
  const queued = await transport.request(get(`${server.url}/echo`, 200));
  assert.equal(queued.error?.kind, 'timeout');
  assert.ok(queued.timings.blockedMs >= 150);
  await transport.close();
  const ended = await busy;
  assert.equal(ended.error?.kind, 'interrupted');
  assert.ok(ended.timings.waitingMs >= 150, `waited ${ended.timings.waitingMs} ms`);
  const late = await transport.request(get(`${server.url}/echo`));
  assert.equal(late.error?.kind, 'interrupted');
  assert.equal(late.bytesSent, 0);
});

test('interrupt() ends requests in flight as interrupted; the transport goes on', async () => {
  const transport = createUndiciTransport(OPTIONS);
  try {
    const busy = transport.request(get(`${server.url}/delay?ms=5000`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await transport.interrupt();
    const ended = await busy;
    assert.equal(ended.error?.kind, 'interrupted');
    // the 100 ms before the interrupt are all in its phases; how they split between connecting,
    // sending and waiting depends on the machine's load
    const { blockedMs, connectingMs, sendingMs, waitingMs } = ended.timings;
    assert.ok(waitingMs > 0, `waited ${waitingMs} ms`);
    assert.ok(blockedMs + connectingMs + sendingMs + waitingMs >= 90, JSON.stringify(ended.timings));
    const after = await transport.request(get(`${server.url}/echo`));
    assert.equal(after.error, undefined, after.error?.message);
    assert.equal(after.status, 200);
  } finally {
    await transport.close();
  }
});

test('bytes on the wire are counted both ways', async () => {
  const transport = createUndiciTransport(OPTIONS);
  try {
    const req: TransportRequest = {
      ...get(`${server.url}/echo`),
      method: 'POST',
      body: Buffer.alloc(1000, 'a'),
    };
    const res = await transport.request(req);
    assert.ok(res.bytesSent > 1000 && res.bytesSent < 1300, `sent ${res.bytesSent}`);
    assert.ok(res.bytesReceived > (res.body?.length ?? 0), `received ${res.bytesReceived}`);
  } finally {
    await transport.close();
  }
});
