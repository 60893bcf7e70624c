/**
 * Response trailers reach `res.trailers` on every transport: HTTP/2 trailers (gRPC's
 * `grpc-status` style) from a node:http2 server over TLS and h2c, through the lean HTTP/2
 * client and node:http2; HTTP/1.1 chunked trailers through the lean transport and undici.
 * A response without trailers has `{}`.
 */
import assert from 'node:assert/strict';
import { createServer as createHttp1Server } from 'node:http';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { CONTRACT_TRANSPORTS, type ContractTransport, selfSignedCert, withClient } from './testing/index.ts';

const byLabel = (label: string): ContractTransport =>
  CONTRACT_TRANSPORTS.find((t) => t.label === label) as ContractTransport;

function onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  stream.on('error', () => {});
  const path = headers[':path'] ?? '/';
  if (path === '/plain') {
    stream.respond({ ':status': 200 });
    stream.end('no trailers');
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () =>
    stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'OK', 'x-checksum': ['a', 'b'] }),
  );
  stream.end(path === '/empty' ? undefined : 'payload');
}

async function withH2Server(tls: boolean, body: (url: string) => Promise<void>): Promise<void> {
  const server = tls ? http2.createSecureServer(selfSignedCert()) : http2.createServer();
  server.on('stream', onStream);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    await body(`${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const TRUSTING = { tls: { insecureSkipVerify: true } };
const H2_CASES = [
  {
    label: 'lean client, TLS',
    transport: byLabel('h2 (TLS)'),
    tls: true,
    overrides: { http2Client: 'lean' },
  },
  { label: 'node:http2, TLS', transport: byLabel('h2 (TLS)'), tls: true, overrides: { http2Client: 'node' } },
  { label: 'lean client, h2c', transport: byLabel('h2c'), tls: false, overrides: { http2Client: 'lean' } },
  { label: 'node:http2, h2c', transport: byLabel('h2c'), tls: false, overrides: { http2Client: 'node' } },
  { label: 'undici, TLS', transport: byLabel('undici'), tls: true, overrides: { http2: true, ...TRUSTING } },
] as const;

describe('response trailers over HTTP/2', () => {
  for (const { label, transport, tls, overrides } of H2_CASES) {
    test(label, async () => {
      await withH2Server(tls, async (url) => {
        await withClient(transport, overrides, async ({ http }) => {
          for (let i = 0; i < 3; i++) {
            const res = await http.get(`${url}/grpc`);
            assert.equal(res.status, 200, res.error?.message);
            assert.equal(res.transport, transport.name);
            assert.equal(res.text(), 'payload');
            assert.deepEqual(
              { ...res.trailers },
              { 'grpc-status': '0', 'grpc-message': 'OK', 'x-checksum': 'a, b' },
            );
            assert.equal(res.headers['grpc-status'], undefined, 'trailers are not headers');
          }
          const empty = await http.get(`${url}/empty`);
          assert.equal(empty.trailers['grpc-status'], '0', empty.error?.message);
          assert.equal(empty.text(), '');
          const plain = await http.get(`${url}/plain`);
          assert.equal(plain.text(), 'no trailers');
          assert.deepEqual({ ...plain.trailers }, {});
        });
      });
    });
  }
});

describe('response trailers over HTTP/1.1 (chunked)', () => {
  for (const transport of [byLabel('lean'), byLabel('undici')]) {
    test(transport.label, async () => {
      const server = createHttp1Server((req, res) => {
        if (req.url === '/plain') {
          res.end('no trailers');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum, server-timing' });
        res.write('chunk one, ');
        res.write('chunk two');
        res.addTrailers([
          ['X-Checksum', 'abc'],
          ['Server-Timing', 'db;dur=5'],
          ['Server-Timing', 'app;dur=7'],
        ]);
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        await withClient(transport, {}, async ({ http }) => {
          for (let i = 0; i < 3; i++) {
            const res = await http.get(`${url}/chunked`);
            assert.equal(res.status, 200, res.error?.message);
            assert.equal(res.text(), 'chunk one, chunk two');
            assert.deepEqual(
              { ...res.trailers },
              { 'x-checksum': 'abc', 'server-timing': 'db;dur=5, app;dur=7' },
            );
            const plain = await http.get(`${url}/plain`);
            assert.equal(plain.text(), 'no trailers');
            assert.deepEqual({ ...plain.trailers }, {}, 'a later response has none of the earlier trailers');
          }
        });
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  }
});
