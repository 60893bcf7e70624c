import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { createLeanTransport } from './index.ts';
import { connectFailureKind } from './open-socket.ts';
import { closedPort, OPTIONS, request, startRawServer, TIMEOUTS } from './test-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const SHORT = { ...TIMEOUTS, headersMs: 200, bodyMs: 200 };

test('connect refused is a connect error', async () => {
  const port = await closedPort();
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request(`http://127.0.0.1:${port}/`));
    assert.equal(r.error?.kind, 'connect');
    assert.equal(r.status, 0);
    assert.equal(r.reusedConnection, false);
  } finally {
    await t.close();
  }
});

test('an unknown host is a dns error', async () => {
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request('http://salvo-no-such-host.invalid/'));
    assert.equal(r.error?.kind, 'dns');
  } finally {
    await t.close();
  }
});

test('a server destroying the socket mid-body gives protocol or reset; the VU carries on', async () => {
  let served = 0;
  const server = await startRawServer((socket) => {
    if (served++ === 0) {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => socket.destroy(), 20);
    } else socket.write(OK);
  });
  const t = createLeanTransport(OPTIONS);
  try {
    const cut = await t.request(request(server.url));
    assert.ok(cut.error?.kind === 'protocol' || cut.error?.kind === 'reset', String(cut.error?.kind));
    assert.equal(cut.status, 200);
    const next = await t.request(request(server.url));
    assert.equal(next.error, undefined);
    assert.equal(next.reusedConnection, false);
  } finally {
    await t.close();
    await server.close();
  }
});

test('a close before any byte on a fresh connection is a reset', async () => {
  const server = await startRawServer((socket) => socket.destroy());
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request(server.url));
    assert.equal(r.error?.kind, 'reset');
  } finally {
    await t.close();
    await server.close();
  }
});

test('headers timeout with a server that never answers; the connection is dropped', async () => {
  const server = await startRawServer(() => {});
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request(server.url, { timeouts: SHORT }));
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.status, 0);
    const again = await t.request(request(server.url, { timeouts: SHORT }));
    assert.equal(again.error?.kind, 'timeout');
    assert.equal(again.reusedConnection, false);
    assert.equal(server.connections(), 2);
  } finally {
    await t.close();
    await server.close();
  }
});

test('body timeout with a server that stalls after part of the body', async () => {
  const server = await startRawServer((socket) =>
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab'),
  );
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request(server.url, { timeouts: SHORT }));
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.status, 200);
  } finally {
    await t.close();
    await server.close();
  }
});

test('the whole-request timeout ends a body that trickles forever', async () => {
  const timers = new Set<NodeJS.Timeout>();
  const server = await startRawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    const timer = setInterval(() => socket.write('1\r\nx\r\n'), 30);
    timers.add(timer);
    socket.on('close', () => clearInterval(timer));
  });
  const t = createLeanTransport(OPTIONS);
  try {
    const r = await t.request(request(server.url, { timeouts: { ...SHORT, requestMs: 400 } }));
    assert.equal(r.error?.kind, 'timeout');
    assert.ok(r.timings.receivingMs > 0);
  } finally {
    await t.close();
    for (const timer of timers) clearInterval(timer);
    await server.close();
  }
});

test('stale keep-alive: a reused socket closed before any byte is retried once on a fresh one', async () => {
  // Answers the first request of each connection; closes on the second without a byte.
  const server = await startRawServer((socket, nth) => (nth === 1 ? socket.write(OK) : socket.destroy()));
  const t = createLeanTransport(OPTIONS);
  try {
    const first = await t.request(request(server.url));
    const second = await t.request(request(server.url));
    assert.equal(first.error, undefined);
    assert.equal(second.error, undefined, second.error?.message);
    assert.equal(second.status, 200);
    assert.equal(second.reusedConnection, false);
    assert.equal(server.connections(), 2);
  } finally {
    await t.close();
    await server.close();
  }
});

test('the stale keep-alive retry happens only once', async () => {
  let answered = 0;
  const server = await startRawServer((socket) => (answered++ === 0 ? socket.write(OK) : socket.destroy()));
  const t = createLeanTransport(OPTIONS);
  try {
    assert.equal((await t.request(request(server.url))).error, undefined);
    const r = await t.request(request(server.url));
    assert.equal(r.error?.kind, 'reset');
    assert.equal(server.connections(), 2);
  } finally {
    await t.close();
    await server.close();
  }
});

test('the stale keep-alive retry is only for idempotent methods: a POST is never sent twice', async () => {
  const server = await startRawServer((socket, nth) => (nth === 1 ? socket.write(OK) : socket.destroy()));
  const t = createLeanTransport(OPTIONS);
  try {
    assert.equal((await t.request(request(server.url))).error, undefined);
    const post = await t.request(request(server.url, { method: 'POST', body: Buffer.from('{}') }));
    assert.equal(post.error?.kind, 'reset');
    assert.equal(server.connections(), 1, 'no second connection for the POST');
  } finally {
    await t.close();
    await server.close();
  }
});

test('a server that half-closes without reading the body ends the request, not hangs it', async () => {
  // reads nothing, says FIN after 50 ms and keeps its side open: the 8 MB write never drains
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.pause();
    setTimeout(() => socket.end(), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  const t = createLeanTransport(OPTIONS);
  try {
    const body = Buffer.alloc(8 << 20);
    const r = await t.request(
      request(url, { method: 'POST', body, timeouts: { ...TIMEOUTS, requestMs: 60_000 } }),
    );
    assert.ok(r.error !== undefined, 'a failure, long before the 60 s whole-request timeout');
  } finally {
    await t.close();
    server.close();
  }
});

test('a body longer than declared, garbage, and an endless head are protocol errors', async () => {
  const replies = [`${OK}EXTRA`, 'garbage\r\n\r\n', `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(200_000)}`, OK];
  const server = await startRawServer((socket) => socket.write(replies.shift() ?? OK));
  const t = createLeanTransport(OPTIONS);
  try {
    const extra = await t.request(request(server.url));
    assert.equal(extra.error?.kind, 'protocol');
    assert.equal(extra.status, 200);
    const garbage = await t.request(request(server.url));
    assert.equal(garbage.error?.kind, 'protocol');
    const endless = await t.request(request(server.url));
    assert.equal(endless.error?.kind, 'protocol');
    const ok = await t.request(request(server.url));
    assert.equal(ok.error, undefined);
    assert.equal(server.connections(), 4);
  } finally {
    await t.close();
    await server.close();
  }
});

test('interrupt() ends pending requests as interrupted, with the time they waited; the transport goes on', async () => {
  let answer = false;
  const server = await startRawServer((socket) => answer && socket.write(OK));
  const t = createLeanTransport({ ...OPTIONS, maxConnectionsPerOrigin: 1 });
  try {
    const inFlight = t.request(request(server.url));
    const queued = t.request(request(server.url));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.interrupt();
    const sent = await inFlight;
    assert.equal(sent.error?.kind, 'interrupted');
    assert.ok(sent.bytesSent > 0);
    // the 100 ms before the interrupt are all in its phases; how they split between connecting,
    // sending and waiting depends on the machine's load
    const { blockedMs, connectingMs, sendingMs, waitingMs } = sent.timings;
    assert.ok(waitingMs > 0, `waited ${waitingMs} ms`);
    assert.ok(blockedMs + connectingMs + sendingMs + waitingMs >= 90, JSON.stringify(sent.timings));
    assert.equal(sent.timings.durationMs, sent.timings.sendingMs + sent.timings.waitingMs);
    const waiting = await queued;
    assert.equal(waiting.error?.kind, 'interrupted');
    assert.equal(waiting.bytesSent, 0);
    assert.ok(waiting.timings.blockedMs >= 80, `blocked ${waiting.timings.blockedMs} ms`);
    answer = true;
    const after = await t.request(request(server.url));
    assert.equal(after.error, undefined, after.error?.message);
    assert.equal(server.connections(), 2);
  } finally {
    await t.close();
    await server.close();
  }
});

test('close() ends pending requests as interrupted; later requests too, unsent', async () => {
  const server = await startRawServer(() => {});
  const t = createLeanTransport({ ...OPTIONS, maxConnectionsPerOrigin: 1 });
  try {
    const inFlight = t.request(request(server.url));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.close();
    assert.equal((await inFlight).error?.kind, 'interrupted');
    const late = await t.request(request(server.url));
    assert.equal(late.error?.kind, 'interrupted');
    assert.equal(late.bytesSent, 0);
    assert.equal(server.connections(), 1);
  } finally {
    await server.close();
  }
});

test('a queued request times out on its whole-request deadline', async () => {
  const server = await startRawServer(() => {});
  const t = createLeanTransport(OPTIONS);
  try {
    const timeouts = { ...TIMEOUTS, headersMs: 300, requestMs: 150 };
    const [first, second] = await Promise.all([
      t.request(request(server.url, { timeouts })),
      t.request(request(server.url, { timeouts })),
    ]);
    assert.equal(first?.error?.kind, 'timeout');
    assert.equal(second?.error?.kind, 'timeout');
    assert.ok((second?.timings.blockedMs ?? 0) > 0);
  } finally {
    await t.close();
    await server.close();
  }
});

test('connect timeout covers the TLS handshake: a server that never answers the hello', async () => {
  const server = await startRawServer(() => {});
  const t = createLeanTransport({ ...OPTIONS, tls: { insecureSkipVerify: true } });
  try {
    const url = server.url.replace('http:', 'https:');
    const r = await t.request(request(url, { timeouts: { ...TIMEOUTS, connectMs: 200 } }));
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error?.message ?? '', /connect/);
  } finally {
    await t.close();
    await server.close();
  }
});

test('300 requests against a server answering random junk: each resolves, the VU carries on', async () => {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const junk = (): Buffer =>
    Buffer.from(Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
  const server = await startRawServer((socket) => {
    const roll = next();
    if (roll < 0.2) socket.write(OK);
    else if (roll < 0.4) socket.destroy();
    else if (roll < 0.6) socket.end(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), junk()]));
    else if (roll < 0.8)
      socket.write(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), junk()]));
    else socket.write(junk().length > 0 ? Buffer.concat([Buffer.from('X'), junk()]) : OK);
  });
  const t = createLeanTransport(OPTIONS);
  try {
    const kinds = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const r = await t.request(
        request(server.url, { timeouts: { ...TIMEOUTS, headersMs: 300, bodyMs: 300 } }),
      );
      const kind = r.error?.kind ?? 'ok';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      assert.ok(['ok', 'protocol', 'reset', 'timeout'].includes(kind), kind);
    }
    assert.ok((kinds.get('ok') ?? 0) > 0 && (kinds.get('protocol') ?? 0) > 0, JSON.stringify([...kinds]));
  } finally {
    await t.close();
    await server.close();
  }
});

test('connect failures are classified by code, and as tls once TCP is up on https', () => {
  assert.equal(connectFailureKind('ECONNREFUSED', false, false), 'connect');
  assert.equal(connectFailureKind('EHOSTUNREACH', true, false), 'connect');
  assert.equal(connectFailureKind('ENOTFOUND', false, false), 'dns');
  assert.equal(connectFailureKind('EAI_AGAIN', true, false), 'dns');
  assert.equal(connectFailureKind(undefined, false, false), 'connect');
  assert.equal(connectFailureKind('DEPTH_ZERO_SELF_SIGNED_CERT', true, true), 'tls');
  assert.equal(connectFailureKind('ERR_TLS_CERT_ALTNAME_INVALID', true, true), 'tls');
  assert.equal(connectFailureKind('ECONNRESET', true, true), 'tls');
  assert.equal(connectFailureKind(undefined, true, true), 'tls');
  assert.equal(connectFailureKind('ECONNRESET', false, true), 'reset');
});

test('pipelined requests behind a Connection: close response go again on a fresh connection', async () => {
  let sockets = 0;
  const firstSocket = new WeakSet<object>();
  const server = await startRawServer((socket, nth) => {
    if (nth === 1 && sockets++ === 0) firstSocket.add(socket);
    if (!firstSocket.has(socket)) socket.write(OK);
    else if (nth === 1) socket.write(OK);
    else if (nth === 2) socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok');
  });
  const t = createLeanTransport({ ...OPTIONS, pipelining: 4 });
  try {
    const results = await Promise.all(Array.from({ length: 4 }, () => t.request(request(server.url))));
    for (const r of results) assert.equal(r.error, undefined, r.error?.message);
    assert.equal(server.connections(), 2);
  } finally {
    await t.close();
    await server.close();
  }
});
