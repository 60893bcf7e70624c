import assert from 'node:assert/strict';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLeanTransport } from '../http/index.ts';
import { startFaultProxy } from './index.ts';
import { type CountingServer, startCountingServer } from './testing/counting-server.ts';

let server: CountingServer;
before(async () => {
  server = await startCountingServer();
});
after(() => server.close());

test('a time window is honoured: the fault acts from `from` to `to` only', async () => {
  const startMs = Date.now();
  const running = await startFaultProxy({
    target: new URL(server.url),
    faults: [{ kind: 'http-error', status: 503, from: '1s', to: '2s' }],
    startMs,
  });
  const url = `http://127.0.0.1:${running.proxy.port}/w`;
  const seen: { atMs: number; status: number }[] = [];
  try {
    // one request every 50 ms for 2.6 s (at most 52 requests)
    while (Date.now() - startMs < 2600) {
      const atMs = Date.now() - startMs;
      const res = await fetch(url);
      await res.arrayBuffer();
      seen.push({ atMs, status: res.status });
      await sleep(50);
    }
  } finally {
    await running.close();
  }
  // 200 ms either side of each edge is left out: the clock is read before the request is sent
  const before = seen.filter((s) => s.atMs < 800);
  const inside = seen.filter((s) => s.atMs > 1200 && s.atMs < 1800);
  const later = seen.filter((s) => s.atMs > 2200);
  assert.ok(before.length > 0 && inside.length > 0 && later.length > 0, JSON.stringify(seen));
  assert.deepEqual(new Set(before.map((s) => s.status)), new Set([200]));
  assert.deepEqual(new Set(inside.map((s) => s.status)), new Set([503]));
  assert.deepEqual(new Set(later.map((s) => s.status)), new Set([200]));
});

test('PUT /faults changes the faults of a running proxy within a second, on kept-alive connections too', async () => {
  const running = await startFaultProxy({ target: new URL(server.url), faults: [], controlPort: 0 });
  const control = `http://127.0.0.1:${running.controlPort}/faults`;
  const url = `http://127.0.0.1:${running.proxy.port}/live`;
  const status = async () => {
    const res = await fetch(url);
    await res.arrayBuffer();
    return { status: res.status, fault: res.headers.get('salvo-fault') };
  };
  try {
    assert.deepEqual(await status(), { status: 200, fault: null });
    const putAtMs = Date.now();
    const put = await fetch(control, {
      method: 'PUT',
      body: JSON.stringify([{ name: 'teapot', kind: 'http-error', status: 418 }]),
    });
    assert.equal(put.status, 200);
    await put.arrayBuffer();
    let first: { status: number; fault: string | null } | undefined;
    while (Date.now() - putAtMs < 2000) {
      first = await status();
      if (first.status === 418) break;
    }
    assert.deepEqual(first, { status: 418, fault: 'http-error' });
    assert.ok(Date.now() - putAtMs < 1000, `took effect after ${Date.now() - putAtMs} ms`);
    const state = (await (await fetch(control)).json()) as {
      faults: { name: string; injected: number; active: boolean }[];
      injectedByKind: Record<string, number>;
    };
    assert.equal(state.faults[0]?.name, 'teapot');
    assert.equal(state.faults[0]?.active, true);
    assert.ok((state.faults[0]?.injected ?? 0) >= 1);
    assert.ok((state.injectedByKind['http-error'] ?? 0) >= 1);

    const lifted = await fetch(control, { method: 'PUT', body: '{"faults": []}' });
    await lifted.arrayBuffer();
    assert.deepEqual(await status(), { status: 200, fault: null });
  } finally {
    await running.close();
  }
});

test('PUT /faults refuses a bad fault with the one-line message, and keeps the faults in force', async () => {
  const running = await startFaultProxy({
    target: new URL(server.url),
    faults: [{ kind: 'latency', delay: '1ms' }],
    controlPort: 0,
  });
  const control = `http://127.0.0.1:${running.controlPort}/faults`;
  try {
    const bad = await fetch(control, { method: 'PUT', body: '[{ "kind": "latency", "share": 2 }]' });
    assert.equal(bad.status, 400);
    const { error } = (await bad.json()) as { error: string };
    assert.match(error, /faults\[0\]\.share: must be a fraction from 0 to 1/);
    assert.match(error, /faults\[0\]\.delay: is required/);
    const notJson = await fetch(control, { method: 'PUT', body: 'nope' });
    assert.equal(notJson.status, 400);
    await notJson.arrayBuffer();
    assert.equal(running.state().faults[0]?.kind, 'latency');
    const missing = await fetch(`http://127.0.0.1:${running.controlPort}/other`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  } finally {
    await running.close();
  }
});

test('pipelined requests get their own answers in order, with the proxy answers among the service ones', async () => {
  const running = await startFaultProxy({
    target: new URL(server.url),
    faults: [
      { kind: 'http-error', status: 503, share: 0.5 },
      { kind: 'latency', delay: '5ms', share: 0.3 },
    ],
  });
  const transport = createLeanTransport({
    tls: { insecureSkipVerify: false },
    maxConnectionsPerOrigin: 1,
    pipelining: 4,
    http2: false,
  });
  const request = (i: number) => ({
    method: 'GET',
    url: new URL(`http://127.0.0.1:${running.proxy.port}/p/${i}?echo`),
    headers: [],
    body: undefined,
    discardBody: false,
    timeouts: { connectMs: 5000, headersMs: 5000, bodyMs: 5000, requestMs: 10_000 },
  });
  try {
    let injected = 0;
    for (let round = 0; round < 50; round++) {
      const ids = [0, 1, 2, 3].map((k) => round * 4 + k);
      const results = await Promise.all(ids.map((i) => transport.request(request(i))));
      for (const [k, result] of results.entries()) {
        assert.equal(result.error, undefined);
        if (result.status === 503) {
          injected++;
          assert.equal(result.headers['salvo-fault'], 'http-error');
        } else assert.equal(result.body?.toString(), `/p/${ids[k]}?echo`);
      }
    }
    assert.ok(injected > 40 && injected < 160, `${injected} of 200`);
  } finally {
    await transport.close();
    await running.close();
  }
});

test('a body delimited by the close passes whole and marked, delayed or held back to be cut', async () => {
  const raw = createNetServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end'));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const running = await startFaultProxy({
    target: new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`),
    faults: [
      { kind: 'latency', delay: '10ms', route: '/' },
      { kind: 'truncate', keep: 100, route: '/t' },
    ],
  });
  try {
    const res = await fetch(`http://127.0.0.1:${running.proxy.port}/`);
    assert.deepEqual(
      [res.status, res.headers.get('salvo-fault'), await res.text()],
      [200, 'latency', 'until the end'],
    );
    // 100 bytes to keep, fewer in the body: held until the service closes, then all of it
    const cut = await fetch(`http://127.0.0.1:${running.proxy.port}/t`);
    assert.deepEqual(
      [cut.status, cut.headers.get('salvo-fault'), await cut.text()],
      [200, 'truncate', 'until the end'],
    );
  } finally {
    await running.close();
    raw.close();
  }
});
