import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runMeasured } from './measure.ts';
import { startNginx } from './nginx.ts';
import { hardNofileLimit } from './proc-tree.ts';
import { findBinary } from './setup.ts';

const noNginx = findBinary('nginx') === null ? 'nginx is not installed' : false;

describe('nginx', { skip: noNginx }, () => {
  it('serves the fixed body and the 1 KB file, and stops by its PID', async () => {
    const server = await startNginx({
      core: 0,
      nofile: Math.min(hardNofileLimit(), 4096),
      workerConnections: 1024,
    });
    try {
      const hello = await fetch(`${server.origin}/`);
      assert.equal(await hello.text(), 'hello');
      const file = await fetch(`${server.origin}/static/1k.txt`);
      assert.equal(file.status, 200);
      assert.equal((await file.text()).length, 1024);
    } finally {
      await server.stop();
    }
    assert.throws(() => process.kill(server.pid, 0), /ESRCH/);
  });
});

describe('runMeasured', () => {
  it('measures CPU and peak RSS of a pinned child from outside', async () => {
    // Holds ~64 MiB and spins for ~400 ms of CPU.
    const script =
      'const b = Buffer.alloc(64 * 1024 * 1024, 1); const end = Date.now() + 400; while (Date.now() < end); console.log(b[5]);';
    const result = await runMeasured({
      command: process.execPath,
      args: ['-e', script],
      core: 0,
      nofile: 1024,
      timeoutMs: 30_000,
    });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout.trim(), '1');
    assert.equal(result.usage.cpuSource, existsSync('/usr/bin/time') ? 'time' : 'proc');
    assert.ok(result.usage.cpuSeconds >= 0.3, `cpu ${result.usage.cpuSeconds}`);
    assert.ok(result.usage.peakRssBytes >= 64 * 1024 * 1024, `rss ${result.usage.peakRssBytes}`);
  });

  it('kills a child that outlives its timeout', async () => {
    const result = await runMeasured({
      command: process.execPath,
      args: ['-e', 'setTimeout(() => {}, 60_000)'],
      core: 0,
      nofile: 1024,
      timeoutMs: 1000,
    });
    assert.equal(result.timedOut, true);
  });
});
