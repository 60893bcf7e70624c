/**
 * A shipped test's package imports on runners: `salvo runner` processes unpack the test in
 * a temporary folder with no node_modules, and find its packages in their own installation.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readResults, salvo } from '../cli/testing/salvo-process.ts';
import { startTestRedis } from './testing/redis-server.ts';
import { startRunner } from './testing/runner-processes.ts';

test('a test importing a package runs on runners that have it installed beside Salvo', async (t) => {
  const received = new Map<string, number>();
  const server = createServer((request, response) => {
    received.set(request.url ?? '', (received.get(request.url ?? '') ?? 0) + 1);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'salvo-packages-'));
  const redis = await startTestRedis();
  const runners = [startRunner(redis.url, 'p1', 100), startRunner(redis.url, 'p2', 100)];
  try {
    await Promise.all(runners.map((runner) => runner.waiting));
    // the coordinator's project has the package (a link to the one installed with this Salvo, its
    // devDependency); packages are not shipped, so each runner must find it in its own installation
    const installed = dirname(createRequire(import.meta.url).resolve('hdr-histogram-js/package.json'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(installed, join(dir, 'node_modules', 'hdr-histogram-js'));
    const path = join(dir, 'test.ts');
    writeFileSync(
      path,
      `import { defineTest } from 'salvo';
import { build } from 'hdr-histogram-js';
export default defineTest({
  http: { baseUrl: '${target}' },
  scenarios: {
    load: {
      executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s',
      preAllocatedVUs: 5, maxVUs: 20,
      exec: async (vu) => {
        const histogram = build();
        histogram.recordValue(3);
        await vu.http.get('/package/' + histogram.totalCount);
      },
    },
  },
});
`,
    );
    const json = join(dir, 'results.json');
    const ran = await salvo([
      'run',
      path,
      '--cluster',
      redis.url,
      '--runners-min',
      '2',
      '-o',
      `json=${json}`,
      '--no-color',
    ]);
    assert.equal(ran.code, 0, `${ran.stderr}\n${runners.map((runner) => runner.stderr).join('\n')}`);
    assert.match(ran.stderr, /on 2 runners/);
    const results = readResults(json);
    const requests = results.metrics.http_reqs?.values.count ?? 0;
    t.diagnostic(`server ${received.get('/package/1')}, http_reqs ${requests}`);
    // every request went through the package on a runner: the path holds what it computed
    assert.ok(requests > 0);
    assert.deepEqual([...received.keys()], ['/package/1']);
    assert.equal(received.get('/package/1'), requests);
    for (const name of ['p1', 'p2']) {
      const row = new RegExp(`^ {2}${name} .*$`, 'm').exec(ran.stdout)?.[0] ?? '';
      assert.ok(Number(row.trim().split(/\s+/)[3]) > 0, `${name} made requests: ${ran.stdout}`);
    }
  } finally {
    await Promise.all(runners.map((runner) => runner.kill('SIGTERM')));
    await redis.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
