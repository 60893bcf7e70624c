/**
 * The failure half of the HTTP contract (see contract.test.ts): timeouts of each kind,
 * retries, TLS, server-side closes and the error taxonomy, on every transport.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  type BlackholeServer,
  CONTRACT_TRANSPORTS,
  countOf,
  type FaultServer,
  rateOf,
  type SelfSignedCert,
  startBlackholeServer,
  startFaultServer,
  startH2TestServer,
  startTlsTestServer,
  type TestServer,
  withClient,
} from './testing/index.ts';

let faults: FaultServer;
let blackhole: BlackholeServer;
let refusedUrl: string;

before(async () => {
  [faults, blackhole] = await Promise.all([startFaultServer(), startBlackholeServer()]);
  // A port that was just free: nothing listens there, so connecting is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  refusedUrl = `http://127.0.0.1:${port}/`;
});
after(() => Promise.all([faults.close(), blackhole.close()]));

const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 40, statusAttempts: 2 };

for (const transport of CONTRACT_TRANSPORTS) {
  // The fault server misbehaves in HTTP/1.1; HTTP/2's own faults are in h2/faults.test.ts.
  const h1 = transport.name !== 'h2';
  describe(`HTTP contract (failures) over ${transport.label}`, () => {
    let server: TestServer;
    let tls: TestServer & SelfSignedCert;
    before(async () => {
      [server, tls] = await Promise.all([
        transport.startServer(),
        h1 ? startTlsTestServer() : startH2TestServer({ tls: true }),
      ]);
    });
    after(() => Promise.all([server.close(), tls.close()]));

    test('timeouts: connect, headers, body, whole request, stalled server; refused connect', async () => {
      await withClient(transport, {}, async ({ http }) => {
        const cases = [
          [`${blackhole.url}/`, { connect: 200 }],
          [`${server.url}/delay?ms=3000`, { headers: 200 }],
          [`${server.url}/slow-body?chunks=4&gapMs=1500`, { body: '200ms' }],
          [`${server.url}/slow-body?chunks=40&gapMs=50`, '300ms'],
          ...(h1 ? ([[`${faults.url}/stall`, 300]] as const) : []),
        ] as const;
        for (const [url, timeout] of cases) {
          const started = performance.now();
          const res = await http.get(url, { timeout });
          const elapsedMs = performance.now() - started;
          assert.equal(res.error?.kind, 'timeout', `${url}: ${res.error?.message}`);
          assert.equal(res.ok, false);
          // well before the server would have answered (3 s), with room for a loaded machine
          assert.ok(elapsedMs >= 150 && elapsedMs < 2900, `${url} ended after ${elapsedMs}ms`);
        }
        const refused = await http.get(refusedUrl);
        assert.equal(refused.error?.kind, 'connect');
        assert.equal(refused.status, 0);
      });
    });

    test('the error taxonomy against the fault server, each failure counted once', {
      skip: !h1,
    }, async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const expected = [
          ['/reset', 'reset'],
          ['/garbage', 'protocol'],
          ['/bad-chunk', 'protocol'],
          ['/cl-te', 'protocol'],
        ] as const;
        for (const [path, kind] of expected) {
          const res = await http.get(`${faults.url}${path}`, { name: path });
          assert.equal(res.error?.kind, kind, `${path}: ${res.error?.message}`);
          assert.ok(res.error?.message.includes(path), res.error?.message);
        }
        assert.equal((await http.get(`${server.url}/status/404`)).error?.kind, 'http_4xx');
        assert.equal((await http.get(`${server.url}/status/502`)).error?.kind, 'http_5xx');
        assert.equal((await http.get(`${server.url}/status/404`, { expectedStatuses: [404] })).ok, true);
        const redirect = await http.get(`${server.url}/status/302`, {
          expectedStatuses: { min: 200, max: 299 },
        });
        assert.equal(redirect.error?.kind, 'http_4xx');
        const snap = snapshot();
        for (const [path, kind] of expected)
          assert.equal(countOf(snap, 'errors', { name: path, kind }), 1, path);
        assert.deepEqual(rateOf(snap, 'http_req_failed'), { passes: 7, fails: 1 });
        assert.equal(countOf(snap, 'errors'), 7);
      });
    });

    test('a keep-alive connection the server closes silently is replaced', { skip: !h1 }, async () => {
      await withClient(transport, {}, async ({ http }) => {
        const before = faults.connections();
        for (let i = 0; i < 4; i++) {
          const res = await http.get(`${faults.url}/close-after/2`);
          assert.equal(res.status, 200, res.error?.message);
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        assert.equal(faults.connections() - before, 2);
      });
    });

    test('retries: network errors and 5xx retried, 404 never, each retry counted', async () => {
      await withClient(transport, { retry: FAST_RETRY }, async ({ http, snapshot }) => {
        const key = `${transport.label}-flaky`;
        const flaky = await http.get(`${server.url}/flaky?key=${key}&failures=2&status=503`);
        assert.equal(flaky.status, 200);
        assert.equal(flaky.retries, 2);
        assert.equal(server.hits(key), 3);
        const missing = await http.get(`${server.url}/status/404?key=${key}-404`);
        assert.equal(missing.retries, 0);
        assert.equal(server.hits(`${key}-404`), 1);
        const stuck = await http.get(`${server.url}/flaky?key=${key}-stuck&failures=9&status=500`);
        assert.equal(stuck.retries, 2, 'bounded by statusAttempts');
        assert.equal(stuck.error?.kind, 'http_5xx');
        const started = performance.now();
        const refused = await http.get(refusedUrl);
        assert.equal(refused.retries, 3);
        assert.equal(refused.error?.kind, 'connect');
        assert.ok(performance.now() - started < 1000, 'backoff is bounded by maxDelay');
        const noRetry = await http.get(`${server.url}/flaky?key=${key}-off&failures=1&status=503`, {
          retry: false,
        });
        assert.equal(noRetry.retries, 0);
        const snap = snapshot();
        assert.equal(countOf(snap, 'http_req_retries'), 7);
        assert.deepEqual(rateOf(snap, 'http_req_failed'), { passes: 4, fails: 1 });
      });
    });

    test('retry honours Retry-After, capped by maxDelay; a stop ends the backoff', async () => {
      await withClient(transport, { retry: { ...FAST_RETRY, maxDelayMs: 5_000 } }, async ({ http }) => {
        const started = performance.now();
        const res = await http.get(`${server.url}/flaky?key=${transport.label}-ra&failures=1&retryAfter=1`);
        assert.equal(res.status, 200);
        assert.ok(performance.now() - started >= 900, 'waited the server-given second');
      });
      await withClient(transport, { retry: { ...FAST_RETRY, maxDelayMs: 100 } }, async ({ http }) => {
        const started = performance.now();
        const res = await http.get(`${server.url}/flaky?key=${transport.label}-cap&failures=1&retryAfter=30`);
        assert.equal(res.status, 200);
        assert.ok(performance.now() - started < 2_000, 'Retry-After capped by maxDelay');
      });
      const stop = new AbortController();
      await withClient(
        transport,
        { retry: { ...FAST_RETRY, maxDelayMs: 60_000 } },
        async ({ http }) => {
          setTimeout(() => stop.abort(), 100);
          const started = performance.now();
          const res = await http.get(
            `${server.url}/flaky?key=${transport.label}-stop&failures=1&retryAfter=30`,
          );
          assert.equal(res.retries, 0, 'the retry was never made');
          assert.equal(res.status, 503);
          assert.ok(performance.now() - started < 2_000, 'the stop cut the 30s backoff short');
        },
        { signal: stop.signal },
      );
    });

    test('TLS: self-signed rejected as tls, accepted with insecureSkipVerify or its CA', async () => {
      await withClient(transport, { tls: { insecureSkipVerify: false } }, async ({ http }) => {
        const res = await http.get(`${tls.url}/echo`);
        assert.equal(res.error?.kind, 'tls', res.error?.message);
      });
      await withClient(transport, { tls: { insecureSkipVerify: true } }, async ({ http }) => {
        const first = await http.get(`${tls.url}/echo`);
        assert.equal(first.status, 200, first.error?.message);
        assert.ok(first.timings.tls_handshaking > 0);
        assert.ok(first.timings.connecting > 0);
        const second = await http.get(`${tls.url}/echo`);
        assert.equal(second.timings.tls_handshaking, 0);
      });
      await withClient(transport, { tls: { insecureSkipVerify: false, ca: tls.cert } }, async ({ http }) => {
        assert.equal((await http.get(`${tls.url}/echo`)).status, 200);
      });
    });
  });
}
