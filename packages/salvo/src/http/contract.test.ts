/**
 * The one contract both transports pass, against the same real servers: requests, bodies,
 * headers, cookies, framing, keep-alive, timings, names and metrics. Failures (timeouts,
 * retries, TLS, the error taxonomy) are in contract-faults.test.ts over the same harness.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeHistogram } from '../metrics/index.ts';
import {
  CONTRACT_TRANSPORTS,
  countOf,
  rateOf,
  seriesOf,
  type TestServer,
  tagValues,
  withClient,
} from './testing/index.ts';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

for (const transport of CONTRACT_TRANSPORTS) {
  describe(`HTTP contract over ${transport.label}`, () => {
    let server: TestServer;
    before(async () => {
      server = await transport.startServer();
    });
    after(() => server.close());

    test('methods, and the Response says which transport', async () => {
      await withClient(transport, {}, async ({ http }) => {
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
          const res = await http.request(method, `${server.url}/echo`);
          assert.equal(res.status, 200);
          assert.equal(res.json<Echo>().method, method);
          assert.equal(res.method, method);
          assert.equal(res.transport, transport.name);
          assert.equal(res.ok, true);
        }
        const head = await http.head(`${server.url}/echo`);
        assert.equal(head.status, 200);
        assert.equal(head.text(), '');
      });
    });

    test('json, form, string and byte bodies', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http }) => {
        const json = (await http.post('/echo', undefined, { json: { a: 1, b: 'é' } })).json<Echo>();
        assert.deepEqual(JSON.parse(json.body), { a: 1, b: 'é' });
        assert.equal(json.headers['content-type'], 'application/json');
        assert.equal(json.headers['content-length'], String(Buffer.byteLength(json.body)));
        const form = (
          await http.put('/echo', undefined, { form: { q: 'a b', n: 2, ok: true } })
        ).json<Echo>();
        assert.equal(form.body, 'q=a+b&n=2&ok=true');
        assert.equal(form.headers['content-type'], 'application/x-www-form-urlencoded');
        assert.equal((await http.patch('/echo', 'plain text')).json<Echo>().body, 'plain text');
        const bytes = (await http.post('/echo', new Uint8Array([104, 105]))).json<Echo>();
        assert.equal(bytes.body, 'hi');
        await assert.rejects(http.post('/echo', 'x', { json: {} }), /one request body/);
      });
    });

    test('default, test-wide and per-request headers', async () => {
      const defaults = { baseUrl: server.url, headers: { 'X-Team': 'blue', Accept: 'text/plain' } };
      await withClient(transport, defaults, async ({ http }) => {
        const plain = (await http.get('/echo')).json<Echo>();
        assert.equal(plain.headers['x-load-test'], 'salvo');
        assert.equal(plain.headers['user-agent'], 'salvo/0.1.0');
        assert.equal(plain.headers['x-team'], 'blue');
        const custom = (
          await http.get('/echo', { headers: { 'User-Agent': 'me/1', accept: 'application/json' } })
        ).json<Echo>();
        assert.equal(custom.headers['user-agent'], 'me/1');
        assert.equal(custom.headers.accept, 'application/json');
        assert.equal(custom.headers['x-team'], 'blue');
      });
      await withClient(transport, { baseUrl: server.url, loadTestHeader: false }, async ({ http }) => {
        assert.equal((await http.get('/echo')).json<Echo>().headers['x-load-test'], undefined);
      });
    });

    test('cookies carry across requests; noCookies, Max-Age and Path are honoured', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http }) => {
        await http.get('/cookies/set?name=session&value=abc&attrs=Path%3D%2F%3B%20HttpOnly');
        await http.get('/cookies/set?name=scoped&value=1&attrs=Path%3D%2Fother');
        assert.equal((await http.get('/cookies')).text(), 'session=abc');
        assert.equal((await http.get('/cookies', { noCookies: true })).text(), '');
        assert.deepEqual(http.cookies.get(`${server.url}/other/x`), { session: 'abc', scoped: '1' });
        http.cookies.set(server.url, 'manual', 'yes');
        assert.equal(
          (await http.get('/cookies', { headers: { 'X-Any': '1' } })).text(),
          'session=abc; manual=yes',
        );
        await http.get('/cookies/set?name=session&value=gone&attrs=Path%3D%2F%3B%20Max-Age%3D0');
        assert.equal((await http.get('/cookies')).text(), 'manual=yes');
        http.cookies.clear();
        assert.equal((await http.get('/cookies')).text(), '');
      });
    });

    test('chunked and content-length bodies, and discarded bodies still counted', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http, snapshot }) => {
        assert.equal((await http.get('/chunked?size=100000')).body?.length, 100_000);
        assert.equal((await http.get('/length?size=70000')).body?.length, 70_000);
        snapshot();
        const dropped = await http.get('/length?size=50000', { discardBody: true });
        assert.equal(dropped.body, undefined);
        assert.equal(dropped.text(), '');
        const snap = snapshot();
        assert.ok(countOf(snap, 'data_received') > 50_000);
        assert.ok(countOf(snap, 'data_sent') > 20);
      });
    });

    test('trailers after the body are in res.trailers; {} when there were none', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http }) => {
        for (let i = 0; i < 2; i++) {
          const res = await http.get('/trailers');
          assert.equal(res.text(), 'payload', res.error?.message);
          assert.deepEqual({ ...res.trailers }, { 'x-checksum': '7', 'x-status': '0' });
          assert.equal(res.headers['x-checksum'], undefined);
          assert.deepEqual({ ...(await http.get('/chunked?size=10')).trailers }, {});
        }
      });
    });

    test('onChunk gets the body piece by piece as it arrives, in buffers it may keep', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http, snapshot }) => {
        const pieces: string[] = [];
        const streamed = await http.get('/slow-body?chunks=4&gapMs=50', {
          onChunk: (chunk) => pieces.push(chunk.toString('latin1')),
        });
        assert.equal(streamed.status, 200);
        assert.equal(pieces.join(''), '....');
        assert.ok(pieces.length >= 2, `written 50 ms apart, read in ${pieces.length} piece(s)`);
        assert.equal(streamed.body, undefined);
        assert.equal(streamed.text(), '');
        const kept: Buffer[] = [];
        await http.get('/chunked?size=100000', { onChunk: (chunk) => kept.push(chunk) });
        await http.get('/length?size=70000'); // later reads must not overwrite what was handed out
        const whole = Buffer.concat(kept);
        assert.equal(whole.length, 100_000);
        assert.ok(whole.every((byte) => byte === 0x78));
        assert.ok(countOf(snapshot(), 'data_received') > 170_000);
      });
    });

    test('a throwing onChunk rejects its request; the rest of the body is read and the VU goes on', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http, snapshot }) => {
        let calls = 0;
        const failing = http.get('/slow-body?chunks=3&gapMs=20', {
          onChunk: () => {
            calls++;
            throw new Error('bad token');
          },
        });
        await assert.rejects(failing, /bad token/);
        assert.equal(calls, 1);
        assert.equal(countOf(snapshot(), 'http_reqs'), 1, 'the request itself completed and is counted');
        assert.equal((await http.get('/echo')).status, 200);
      });
    });

    test('HEAD, 204 and 304 have no body and leave the connection usable; 103 is skipped', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http }) => {
        for (const path of ['/empty', '/not-modified', '/length?size=10']) {
          const res = await http.request(path === '/length?size=10' ? 'HEAD' : 'GET', path);
          assert.equal(res.body?.length ?? 0, 0, path);
          assert.equal((await http.get('/echo')).status, 200);
        }
        assert.equal((await http.get('/not-modified')).status, 304);
        const hinted = await http.get('/early-hints');
        assert.equal(hinted.status, 200);
        assert.equal(hinted.text(), 'after hints');
      });
    });

    test('keep-alive: one connection reused; Connection: close opens a new one', async () => {
      const local = await transport.startServer();
      try {
        await withClient(transport, { baseUrl: local.url }, async ({ http }) => {
          const first = await http.get('/echo');
          assert.ok(first.timings.connecting > 0, 'connecting measured on a new connection');
          for (let i = 0; i < 5; i++) {
            const again = await http.get('/echo');
            assert.equal(again.timings.connecting, 0);
          }
          assert.equal((await http.head('/echo')).status, 200);
          assert.equal((await http.get('/echo')).timings.connecting, 0, 'still open after HEAD');
          assert.equal(local.connections(), 1);
          await http.get('/close');
          await new Promise((resolve) => setTimeout(resolve, 20));
          assert.equal((await http.get('/echo')).status, 200);
          assert.equal(local.connections(), 2);
        });
      } finally {
        await local.close();
      }
    });

    test('redirects: not followed by default; followed up to maxRedirects, 303 turns POST into GET', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http, snapshot }) => {
        const unfollowed = await http.get('/redirect/2');
        assert.equal(unfollowed.status, 302);
        assert.equal(unfollowed.headers.location, '/redirect/1');
        const followed = await http.get('/redirect/2', { maxRedirects: 5, expectedStatuses: [200] });
        assert.equal(followed.status, 200);
        assert.equal(followed.ok, true);
        assert.equal(followed.url, `${server.url}/echo`);
        const cut = await http.get('/redirect/3', { maxRedirects: 1 });
        assert.equal(cut.status, 302);
        const posted = await http.post('/redirect/1?status=303', 'body', { maxRedirects: 1 });
        assert.equal(posted.json<Echo>().method, 'GET');
        const kept = await http.post('/redirect/1?status=307', 'body', { maxRedirects: 1 });
        assert.deepEqual([kept.json<Echo>().method, kept.json<Echo>().body], ['POST', 'body']);
        assert.equal(rateOf(snapshot(), 'http_req_failed').passes, 0);
        const otherServer = await transport.startServer();
        try {
          const other = `${otherServer.url}/echo`;
          const away = await http.get(`/status/302?location=${encodeURIComponent(other)}`, {
            maxRedirects: 1,
            headers: { Authorization: 'Bearer secret', 'X-Keep': '1' },
          });
          assert.equal(away.url, other);
          assert.equal(
            away.json<Echo>().headers.authorization,
            undefined,
            'credentials stay on their origin',
          );
          assert.equal(away.json<Echo>().headers['x-keep'], '1');
        } finally {
          await otherServer.close();
        }
      });
    });

    test("the test's default credentials are not sent past a redirect to another origin", async () => {
      const otherServer = await transport.startServer();
      try {
        const defaults = { baseUrl: server.url, headers: { Authorization: 'Bearer default', 'X-Team': 'a' } };
        await withClient(transport, defaults, async ({ http }) => {
          const home = await http.get('/echo');
          assert.equal(home.json<Echo>().headers.authorization, 'Bearer default');
          const other = `${otherServer.url}/echo`;
          const away = await http.get(`/status/302?location=${encodeURIComponent(other)}`, {
            maxRedirects: 1,
          });
          assert.equal(away.url, other);
          assert.equal(away.json<Echo>().headers.authorization, undefined);
          assert.equal(away.json<Echo>().headers['x-team'], 'a');
        });
      } finally {
        await otherServer.close();
      }
    });

    test('timing phases are present and add up', async () => {
      await withClient(transport, { baseUrl: server.url }, async ({ http }) => {
        const res = await http.get('/delay?ms=50');
        const t = res.timings;
        for (const phase of Object.values(t)) assert.ok(phase >= 0);
        assert.ok(Math.abs(t.duration - (t.sending + t.waiting + t.receiving)) < 1e-6);
        assert.ok(t.waiting >= 40, `waiting ${t.waiting} covers the server's 50ms delay`);
        const slow = await http.get('/slow-body?chunks=3&gapMs=40');
        assert.ok(slow.timings.receiving >= 60, `receiving ${slow.timings.receiving}`);
        assert.equal(slow.text(), '...');
      });
    });

    test('10 000 distinct ids make one name; metrics are tagged and counted once', async () => {
      await withClient(
        transport,
        { baseUrl: server.url, maxConnectionsPerOrigin: 4 },
        async ({ http, snapshot }) => {
          const worker = async (offset: number) => {
            for (let i = offset; i < 10_000; i += 4)
              await http.get(`/post/${i * 7919}?page=${i}`, { discardBody: true });
          };
          await Promise.all([0, 1, 2, 3].map(worker));
          await http.get('/status/404');
          const named = await http.get('/status/503', { name: 'custom', tags: { flow: 'x' } });
          assert.equal(named.name, 'custom');
          const snap = snapshot();
          assert.deepEqual(tagValues(snap, 'http_reqs', 'name'), ['/post/:id', '/status/:id', 'custom']);
          assert.equal(
            countOf(snap, 'http_reqs', { name: '/post/:id', method: 'GET', status: '200' }),
            10_000,
          );
          assert.equal(countOf(snap, 'http_reqs', { name: 'custom', flow: 'x', scenario: 'test' }), 1);
          assert.deepEqual(rateOf(snap, 'http_req_failed'), { passes: 2, fails: 10_000 });
          assert.equal(countOf(snap, 'errors', { kind: 'http_4xx', name: '/status/:id' }), 1);
          assert.equal(countOf(snap, 'errors', { kind: 'http_5xx', name: 'custom' }), 1);
        },
      );
    });

    test('response_time is the lag plus the whole wait; json() names the request when it fails', async () => {
      await withClient(
        transport,
        { baseUrl: server.url },
        async ({ http, snapshot }) => {
          const res = await http.get('/echo');
          const [series, ...more] = seriesOf(snapshot(), 'response_time');
          assert.equal(more.length, 0);
          const recordedUs = decodeHistogram(series?.histogram ?? '').min;
          const { blocked, connecting, tls_handshaking, duration } = res.timings;
          const expectedMs = 250 + blocked + connecting + tls_handshaking + duration;
          assert.ok(Math.abs(recordedUs - expectedMs * 1000) < 2_000, `${recordedUs} µs`);
          const text = await http.get('/length?size=3');
          assert.throws(() => text.json(), /GET \/length is not JSON/);
        },
        { iterationLagMs: () => 250 },
      );
    });
  });
}
