import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { test } from 'node:test';
import { SseHub, sseEvent } from './sse-hub.ts';
import { connectSse } from './testing/sse-client.ts';

/** A hub behind a real loopback server: every GET joins it, with `first` when given. */
async function hubServer(hub: SseHub, first?: string) {
  let joined = 0;
  const server = createServer((_req, res) => {
    hub.add(res, first);
    joined++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    joined: () => joined,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a client that does not read is dropped past its bound; the others get every message', async () => {
  const hub = new SseHub({ heartbeatMs: 60_000, maxBacklogBytes: 2 * 1024 * 1024 });
  const server = await hubServer(hub, sseEvent('snapshot', {}));
  const reader = await connectSse(server.url);
  // a browser tab that hangs: it sends its request and never reads a byte
  const stalled = connect(server.port, '127.0.0.1');
  try {
    stalled.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    stalled.pause();
    await until(() => server.joined() === 2 && hub.size === 2, 'both clients');

    const payload = 'x'.repeat(100 * 1024);
    const messages = 200; // 20 MB: more than the kernel's buffers hold for the stalled one
    for (let index = 0; index < messages; index++) {
      hub.broadcast(sseEvent('tick', { index, payload }));
      // the reader drains between messages, as between the run's seconds
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => reader.events.length === messages + 1, 'every message at the reader');
    assert.equal(hub.dropped, 1, 'the stalled client was dropped');
    assert.equal(hub.size, 1);
    assert.deepEqual(
      reader.events.slice(1).map((event) => event.data.index),
      Array.from({ length: messages }, (_, index) => index),
    );
  } finally {
    reader.close();
    stalled.destroy();
    await server.close();
  }
});

test('a client that joins before there is anything gets the catch-up first, then the stream; heartbeats keep it open', async () => {
  const hub = new SseHub({ heartbeatMs: 50, maxBacklogBytes: 1024 * 1024 });
  const server = await hubServer(hub);
  const client = await connectSse(server.url);
  await until(() => client.comments >= 2, 'two heartbeats');
  hub.broadcast(sseEvent('tick', { n: 1 }), () => sseEvent('snapshot', { n: 1 }));
  hub.broadcast(sseEvent('tick', { n: 2 }), () => sseEvent('snapshot', { n: 2 }));
  assert.deepEqual(await client.next(), { type: 'snapshot', data: { n: 1 } });
  assert.deepEqual(await client.next(), { type: 'tick', data: { n: 2 } });
  // one message larger than the bound (an hour's end document) still reaches a reader
  const large = 'x'.repeat(4 * 1024 * 1024);
  hub.broadcast(sseEvent('end', { large }));
  hub.broadcast(': heartbeat\n\n');
  assert.equal((await client.next()).data.large.length, large.length);
  assert.equal(hub.dropped, 0);
  await server.close();
  await client.ended;
});
