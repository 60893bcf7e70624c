import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createLeanTransport, leanCanHandle } from './index.ts';
import { OPTIONS, request, startHttpServer, type TestServer } from './test-servers.ts';

/** Requests that reached the server for /never (none should). */
let neverSeen = 0;

/** Echoes what it got: method, url, headers and body, as JSON. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/never') neverSeen++;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/close') res.setHeader('Connection', 'close');
    if (req.url === '/chunked') {
      res.write('part one, ');
      res.end('part two');
      return;
    }
    if (req.url === '/early-hints') res.writeEarlyHints({ link: '</a.css>; rel=preload' });
    res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2']);
    res.setHeader('X-Twice', ['one', 'two']);
    const body = JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  });
}

describe('lean transport over plain HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startHttpServer(echo);
  });
  after(() => server.close());

  test('leanCanHandle takes http: and https: only', () => {
    assert.equal(leanCanHandle(new URL('http://x/')), true);
    assert.equal(leanCanHandle(new URL('https://x/')), true);
    assert.equal(leanCanHandle(new URL('ws://x/')), false);
    assert.equal(leanCanHandle(new URL('file:///x')), false);
  });

  test('GET: status, headers, cookies, body, timings, bytes', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const r = await t.request(request(`${server.url}/path?q=1`, { headers: ['X-Load-Test', 'salvo'] }));
      assert.equal(r.error, undefined);
      assert.equal(r.status, 200);
      assert.equal(r.protocol, 'http/1.1');
      assert.equal(r.reusedConnection, false);
      assert.deepEqual(r.setCookies, ['a=1; Path=/', 'b=2']);
      assert.equal(r.headers['x-twice'], 'one, two');
      assert.equal(r.headers['set-cookie'], undefined);
      const seen = JSON.parse((r.body as Buffer).toString());
      assert.equal(seen.method, 'GET');
      assert.equal(seen.url, '/path?q=1');
      assert.equal(seen.headers.host, new URL(server.url).host);
      assert.equal(seen.headers['x-load-test'], 'salvo');
      assert.equal(seen.headers['content-length'], undefined);
      assert.ok(r.bytesSent > 40 && r.bytesReceived > (r.body as Buffer).length);
      const tm = r.timings;
      assert.ok(tm.connectingMs > 0 && tm.sendingMs >= 0 && tm.waitingMs > 0 && tm.receivingMs >= 0);
      assert.equal(tm.tlsHandshakingMs, 0);
      assert.ok(Math.abs(tm.durationMs - (tm.sendingMs + tm.waitingMs + tm.receivingMs)) < 1e-9);
    } finally {
      await t.close();
    }
  });

  test('POST with a body, and POST/PUT/PATCH without one, carry Content-Length', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const body = new TextEncoder().encode('{"héllo":1}');
      const r = await t.request(request(`${server.url}/p`, { method: 'POST', body }));
      const seen = JSON.parse((r.body as Buffer).toString());
      assert.equal(seen.body, '{"héllo":1}');
      assert.equal(seen.headers['content-length'], String(body.length));
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const e = await t.request(request(`${server.url}/e`, { method }));
        const echoed = JSON.parse((e.body as Buffer).toString());
        assert.equal(echoed.method, method);
        assert.equal(echoed.headers['content-length'], method === 'DELETE' ? undefined : '0');
      }
      const big = new Uint8Array(200_000).fill(97);
      const b = await t.request(request(`${server.url}/big`, { method: 'PUT', body: big }));
      assert.equal(JSON.parse((b.body as Buffer).toString()).body.length, big.length);
      assert.ok(b.bytesSent > big.length);
    } finally {
      await t.close();
    }
  });

  test('keep-alive: the second request reuses the one socket', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const before = server.connections();
      const req = request(`${server.url}/k`, { discardBody: true });
      const first = await t.request(req);
      const second = await t.request(req);
      assert.equal(first.reusedConnection, false);
      assert.equal(second.reusedConnection, true);
      assert.equal(second.timings.connectingMs, 0);
      assert.equal(second.body, undefined);
      assert.equal(second.bytesReceived, first.bytesReceived);
      assert.equal(server.connections() - before, 1);
    } finally {
      await t.close();
    }
  });

  test('requests on open connections go out after the turn that made them: the wait is blocked time', async () => {
    const vus = Array.from({ length: 3 }, () => createLeanTransport(OPTIONS));
    try {
      const req = request(`${server.url}/burst`, { discardBody: true });
      await Promise.all(vus.map((t) => t.request(req))); // connections open
      const results = Promise.all(vus.map((t) => t.request(req)));
      const busyUntil = performance.now() + 50;
      while (performance.now() < busyUntil); // the rest of this turn: nothing is written yet
      for (const r of await results) {
        assert.equal(r.error, undefined);
        assert.equal(r.reusedConnection, true);
        assert.ok(r.timings.blockedMs >= 45, `blocked ${r.timings.blockedMs} ms`);
        assert.ok(r.timings.sendingMs >= 0 && r.timings.waitingMs >= 0);
      }
    } finally {
      await Promise.all(vus.map((t) => t.close()));
    }
  });

  test('a transport closed before its requests were written ends them as interrupted, unsent', async () => {
    const t = createLeanTransport(OPTIONS);
    const req = request(`${server.url}/never`, { method: 'POST', body: Buffer.from('x') });
    await t.request(request(`${server.url}/open`));
    const pending = t.request(req);
    await t.close();
    const r = await pending;
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.bytesSent, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(neverSeen, 0);
  });

  test('server Connection: close: the next request opens a new connection', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const before = server.connections();
      const first = await t.request(request(`${server.url}/close`));
      const second = await t.request(request(`${server.url}/close`));
      assert.equal(first.error, undefined);
      assert.equal(second.error, undefined);
      assert.equal(second.reusedConnection, false);
      assert.ok(second.timings.connectingMs > 0);
      assert.equal(server.connections() - before, 2);
    } finally {
      await t.close();
    }
  });

  test('chunked bodies, 103 Early Hints and HEAD', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const chunked = await t.request(request(`${server.url}/chunked`));
      assert.equal(chunked.headers['transfer-encoding'], 'chunked');
      assert.equal((chunked.body as Buffer).toString(), 'part one, part two');
      const hinted = await t.request(request(`${server.url}/early-hints`));
      assert.equal(hinted.status, 200);
      assert.equal(hinted.headers.link, undefined);
      const head = await t.request(request(`${server.url}/h`, { method: 'HEAD' }));
      assert.equal(head.status, 200);
      assert.equal(head.body, undefined);
      const after = await t.request(request(`${server.url}/after-head`));
      assert.equal(JSON.parse((after.body as Buffer).toString()).url, '/after-head');
      assert.equal(after.reusedConnection, true);
    } finally {
      await t.close();
    }
  });

  test('pipelining sends several requests on one connection, answered in order', async () => {
    const t = createLeanTransport({ ...OPTIONS, pipelining: 4 });
    try {
      const before = server.connections();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => t.request(request(`${server.url}/n${i}`))),
      );
      results.forEach((r, i) => {
        assert.equal(r.error, undefined);
        assert.equal(JSON.parse((r.body as Buffer).toString()).url, `/n${i}`);
      });
      assert.equal(server.connections() - before, 1);
    } finally {
      await t.close();
    }
  });

  test('maxConnectionsPerOrigin bounds the sockets; the rest queue as blocked time', async () => {
    const t = createLeanTransport({ ...OPTIONS, maxConnectionsPerOrigin: 2 });
    try {
      const before = server.connections();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => t.request(request(`${server.url}/m${i}`))),
      );
      for (const r of results) assert.equal(r.error, undefined);
      assert.equal(server.connections() - before, 2);
      assert.ok(results.some((r) => r.timings.blockedMs > 0));
      assert.equal(results[0]?.timings.blockedMs, 0);
    } finally {
      await t.close();
    }
  });

  test('invalid header names or values fail the request, not the process', async () => {
    const t = createLeanTransport(OPTIONS);
    try {
      const bad = await t.request(request(`${server.url}/`, { headers: ['X-A', 'a\r\nInjected: 1'] }));
      assert.equal(bad.error?.kind, 'protocol');
      const badName = await t.request(request(`${server.url}/`, { headers: ['Bad Name', 'v'] }));
      assert.equal(badName.error?.kind, 'protocol');
      const ok = await t.request(request(`${server.url}/`));
      assert.equal(ok.status, 200);
    } finally {
      await t.close();
    }
  });
});
