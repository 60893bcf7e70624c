/**
 * The lean HTTP/2 client's `data_sent` and `data_received` are the bytes of each request's
 * own frames on the wire. A relay between it and a node:http2 server (h2c) records both
 * directions; the test walks the frames itself and sums, per stream, every frame's 9-byte
 * header and payload. Connection-level frames (preface, SETTINGS, PING, the connection's
 * WINDOW_UPDATEs) belong to no request and are left out, as the TLS handshake is on HTTP/1.1.
 */
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { test } from 'node:test';
import { CONTRACT_TRANSPORTS, type ContractTransport, countOf, withClient } from '../testing/index.ts';

const h2c = CONTRACT_TRANSPORTS.find((t) => t.label === 'h2c') as ContractTransport;
const PREFACE_BYTES = 24;

/** Bytes of each stream's frames in `wire` (frame header included), from byte `from`. */
function bytesByStream(wire: Buffer, from: number): Map<number, number> {
  const byStream = new Map<number, number>();
  let at = from;
  while (at + 9 <= wire.length) {
    const length = wire.readUIntBE(at, 3);
    const id = wire.readUInt32BE(at + 5) & 0x7fffffff;
    byStream.set(id, (byStream.get(id) ?? 0) + 9 + length);
    at += 9 + length;
  }
  assert.equal(at, wire.length, 'the relay saw whole frames');
  return byStream;
}

/** A TCP relay to `port` that keeps what went each way. */
async function startRelay(port: number) {
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const server = net.connect(port, '127.0.0.1');
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => {});
    }
    client.on('data', (chunk) => {
      up.push(chunk);
      server.write(chunk);
    });
    server.on('data', (chunk) => {
      down.push(chunk);
      client.write(chunk);
    });
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    sent: () => bytesByStream(Buffer.concat(up), PREFACE_BYTES),
    received: () => bytesByStream(Buffer.concat(down), 0),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

test('lean HTTP/2 client: data_sent and data_received are the bytes of the request’s frames', async () => {
  // its 64 KiB stream window makes the upload wait for WINDOW_UPDATEs; padded frames count whole
  const server = http2.createServer({ paddingStrategy: http2.constants.PADDING_STRATEGY_MAX });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    let uploaded = 0;
    stream.on('data', (chunk: Buffer) => {
      uploaded += chunk.length;
    });
    stream.on('end', () => {
      if (headers[':path'] === '/trailers') {
        stream.respond({ ':status': 200, 'x-kind': 'trailers' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end('t'.repeat(1000));
      } else {
        stream.respond({ ':status': 200 });
        stream.end(`uploaded ${uploaded}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay = await startRelay((server.address() as net.AddressInfo).port);
  try {
    await withClient(h2c, { baseUrl: `http://127.0.0.1:${relay.port}` }, async ({ http, snapshot }) => {
      const requests = [
        () => http.get('/small', { headers: { 'x-test': 'exact' } }),
        () => http.post('/upload', Buffer.alloc(200_000, 'u')),
        () => http.get('/trailers'),
      ];
      const counted: { sent: number; received: number }[] = [];
      for (const send of requests) {
        const res = await send();
        assert.equal(res.status, 200, res.error?.message);
        const snap = snapshot();
        counted.push({ sent: countOf(snap, 'data_sent'), received: countOf(snap, 'data_received') });
      }
      // the relay has passed on every byte the client read by the time the last response settled
      const sent = relay.sent();
      const received = relay.received();
      for (const [i, id] of [1, 3, 5].entries()) {
        assert.deepEqual(counted[i], { sent: sent.get(id), received: received.get(id) }, `stream ${id}`);
      }
      assert.ok(
        (counted[1]?.sent ?? 0) > 200_000 + 13 * 9,
        'the upload: its body and a frame header per DATA frame',
      );
      assert.ok((received.get(0) ?? 0) > 0, 'connection-level frames went, and were counted to no request');
    });
  } finally {
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
