/**
 * The lean HTTP/2 client against node:http2's server (h2c) where its framing differs from the
 * common path: header blocks larger than a frame both ways (CONTINUATION), padded HEADERS
 * and DATA, trailers, a 103 before the response, the server's PING, and a server that
 * shrinks its window mid-upload.
 */
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { CONTRACT_TRANSPORTS, type ContractTransport, withClient } from '../testing/index.ts';

const h2c = CONTRACT_TRANSPORTS.find((t) => t.label === 'h2c') as ContractTransport;

async function withServer(
  options: http2.ServerOptions,
  onStream: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void,
  body: (url: string) => Promise<void>,
): Promise<void> {
  const server = http2.createServer(options);
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    onStream(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('lean HTTP/2 client: framing', () => {
  test('header blocks above 16 KiB both ways (and trailers) go in CONTINUATION frames', async () => {
    const big = 'v'.repeat(40_000);
    let received = 0;
    await withServer(
      { settings: { maxHeaderListSize: 1 << 20 } },
      (stream, headers) => {
        received = String(headers['x-big'] ?? '').length;
        stream.respond({ ':status': 200, 'x-back': big }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'x-big-trailer': big }));
        stream.end('ok');
      },
      async (url) => {
        await withClient(h2c, {}, async ({ http }) => {
          for (let i = 0; i < 3; i++) {
            const res = await http.get(`${url}/`, { headers: { 'x-big': big } });
            assert.equal(res.status, 200, res.error?.message);
            assert.equal(res.headers['x-back']?.length, big.length);
            assert.equal(
              res.trailers['x-big-trailer']?.length,
              big.length,
              'trailers in CONTINUATION frames too',
            );
            assert.equal(res.text(), 'ok');
          }
        });
      },
    );
    assert.equal(received, big.length);
  });

  test('padded HEADERS and DATA, trailers, and a 103 before the response', async () => {
    await withServer(
      { paddingStrategy: http2.constants.PADDING_STRATEGY_MAX },
      (stream) => {
        stream.additionalHeaders({ ':status': 103, link: '</a.css>; rel=preload' });
        stream.respond({ ':status': 200, 'content-type': 'text/plain' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'x-checksum': 'abc' }));
        stream.write('hello ');
        stream.end('world');
      },
      async (url) => {
        await withClient(h2c, {}, async ({ http }) => {
          for (let i = 0; i < 5; i++) {
            const res = await http.get(`${url}/`);
            assert.equal(res.status, 200, res.error?.message);
            assert.equal(res.text(), 'hello world');
            assert.equal(res.headers['content-type'], 'text/plain');
            assert.deepEqual({ ...res.trailers }, { 'x-checksum': 'abc' });
            assert.equal(res.headers.link, undefined, "the 103's fields are not the response's");
          }
        });
      },
    );
  });

  test("the server's PING is answered; a window shrunk mid-upload is honoured", async () => {
    let pinged = false;
    let uploaded = 0;
    await withServer(
      {},
      (stream, headers) => {
        const session = stream.session as http2.ServerHttp2Session;
        if (headers[':method'] === 'GET') {
          session.ping((err) => {
            pinged = err === null;
            stream.respond({ ':status': 200 });
            stream.end('pong');
          });
          return;
        }
        // the window drops to 1 KiB while the body is on its way
        session.settings({ initialWindowSize: 1024 });
        let bytes = 0;
        stream.on('data', (data: Buffer) => {
          bytes += data.length;
        });
        stream.on('end', () => {
          uploaded = bytes;
          stream.respond({ ':status': 200 });
          stream.end(String(bytes));
        });
      },
      async (url) => {
        await withClient(h2c, {}, async ({ http }) => {
          const res = await http.get(`${url}/`);
          assert.equal(res.text(), 'pong', res.error?.message);
          const up = await http.post(`${url}/`, Buffer.alloc(300_000, 'u'));
          assert.equal(up.status, 200, up.error?.message);
          assert.equal(up.text(), '300000');
        });
      },
    );
    assert.ok(pinged, 'the PING was acknowledged');
    assert.equal(uploaded, 300_000);
  });
});
