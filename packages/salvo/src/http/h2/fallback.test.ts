/**
 * The HTTP/1.1 fallback: an https:// origin whose server offers only http/1.1 in ALPN. The
 * request that found out goes on over that same TLS connection (one handshake, its connect
 * and TLS times its own), later ones reuse it, and every response, like the results' list
 * of transports, says `lean` carried it. Both HTTP/2 clients.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createRecorder } from '../../metrics/index.ts';
import { createHttpClient } from '../client.ts';
import { countOf, selfSignedCert, testClientContext } from '../testing/index.ts';
import { createTransports } from '../transports.ts';
import type { TransportName } from '../types.ts';

for (const client of ['lean', 'node'] as const) {
  describe(`HTTP/1.1 fallback (${client} HTTP/2 client)`, () => {
    test('the first request goes on over the negotiated connection, its timings whole; res.transport is lean', async () => {
      let handshakes = 0;
      let requests = 0;
      const server = createServer({ ...selfSignedCert(), keepAliveTimeout: 30_000 }, (req, res) => {
        requests++;
        res.end(`${req.method} over HTTP/${req.httpVersion}`);
      });
      server.on('secureConnection', () => handshakes++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const heard: TransportName[] = [];
      const recorder = createRecorder('fallback');
      const ctx = testClientContext(
        recorder,
        { http2: true, http2Client: client, tls: { insecureSkipVerify: true } },
        { noteTransport: (name) => void heard.push(name) },
      );
      const http = createHttpClient(ctx, createTransports);
      try {
        const first = await http.get(`${url}/a`);
        assert.equal(first.status, 200, first.error?.message);
        assert.equal(first.text(), 'GET over HTTP/1.1');
        assert.equal(first.transport, 'lean');
        assert.ok(first.timings.connecting > 0, `connecting ${first.timings.connecting} ms`);
        assert.ok(first.timings.tls_handshaking > 0, `TLS ${first.timings.tls_handshaking} ms`);
        assert.ok(first.timings.blocked >= 0);
        for (let i = 0; i < 3; i++) {
          const res = await http.post(`${url}/b`, 'x');
          assert.equal(res.text(), 'POST over HTTP/1.1', res.error?.message);
          assert.equal(res.transport, 'lean');
          assert.equal(res.timings.connecting, 0, 'the kept-alive connection is reused');
          assert.equal(res.timings.tls_handshaking, 0);
        }
        assert.equal(handshakes, 1, 'one TLS connection: the h2 attempt became the HTTP/1.1 connection');
        assert.equal(requests, 4);
        assert.deepEqual(heard, ['lean'], 'the results name the transport that carried the requests');
        const snap = recorder.snapshot(0, 0, 1000);
        assert.equal(countOf(snap, 'http_reqs'), 4);
        assert.ok(countOf(snap, 'data_sent') > 0);
      } finally {
        await http.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    test('parallel first requests: the opener takes the connection, the queued ones open their own', async () => {
      let handshakes = 0;
      const server = createServer({ ...selfSignedCert(), keepAliveTimeout: 30_000 }, (_req, res) =>
        res.end('ok'),
      );
      server.on('secureConnection', () => handshakes++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ctx = testClientContext(createRecorder('fallback'), {
        http2: true,
        http2Client: client,
        tls: { insecureSkipVerify: true },
        maxConnectionsPerOrigin: 4,
      });
      const http = createHttpClient(ctx, createTransports);
      try {
        const all = await Promise.all([1, 2, 3, 4].map((i) => http.get(`${url}/${i}`)));
        for (const res of all) {
          assert.equal(res.text(), 'ok', res.error?.message);
          assert.equal(res.transport, 'lean');
          assert.ok(res.timings.tls_handshaking > 0, 'each went out on a connection of its own');
        }
        assert.equal(handshakes, 4, 'the opener reused the h2 attempt, three opened their own');
      } finally {
        await http.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
}
