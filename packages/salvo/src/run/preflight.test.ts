import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { SalvoError } from '../errors.ts';
import { checkReachable } from './preflight.ts';

test('a server that accepts, then resets (one going away): reachable or one line, never a crash', async () => {
  // a turn later: the client has seen 'connect' by then, and gets the reset after its check
  const server = createServer((socket: Socket) => {
    setTimeout(() => socket.resetAndDestroy(), 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    for (let i = 0; i < 20; i++) {
      // the reset may come before the check answers (a SalvoError) or after (reachable)
      await checkReachable(`http://127.0.0.1:${port}/`).catch((error: unknown) => {
        assert.ok(error instanceof SalvoError && error.code === 'SALVO_ERR_TARGET', String(error));
      });
    }
    // a reset after the check answered must find a listener: an unheard one fails this test
    await delay(200);
  } finally {
    server.close();
  }
});

test('nobody listening: one line with its code', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await assert.rejects(checkReachable(`http://127.0.0.1:${port}/`), (error: unknown) => {
    assert.ok(error instanceof SalvoError);
    assert.equal(error.code, 'SALVO_ERR_TARGET');
    return true;
  });
});
