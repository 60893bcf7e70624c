/**
 * `npm run demo` in its shortened form (DEMO_SHORT=1, a 3 s load test, two sweep levels,
 * two drafts): each of its three steps leaves its documents and HTML report, the suites
 * measured what they were asked to, and everything it started is stopped (it exits).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CacheDocument } from '../packages/salvo/src/suites/cache/index.ts';
import type { SweepDocument } from '../packages/salvo/src/suites/sweep/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Far above the ~40 s it takes on a busy 2-core machine. */
const LIMIT_MS = 150_000;
const dir = mkdtempSync(join(tmpdir(), 'salvo-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the shortened demo runs the load test, a sweep of three endpoints and a cache test of AI drafts', {
  timeout: LIMIT_MS + 10_000,
}, async () => {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/demo.ts')], {
    cwd: ROOT,
    env: { ...process.env, DEMO_SHORT: '1', DEMO_DURATION: '3s', DEMO_RESULTS_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  // the load test's verdict is the demo's: a 3 s run may cross its thresholds
  assert.ok(code === 0 || code === 99, `exit ${code}\n${output}`);
  for (const step of ['1/3', '2/3', '3/3']) assert.match(output, new RegExp(`== ${step} `));
  assert.match(output, /stopping the blog and the LLM simulator/);
  for (const file of [
    'results.json',
    'results.csv',
    'report.html',
    'sweep.json',
    'sweep.html',
    'cache.json',
    'cache.html',
  ]) {
    assert.ok(existsSync(join(dir, file)), `${file} written`);
  }

  const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
  assert.equal(sweep.schema, 'salvo/sweep');
  assert.deepEqual(
    sweep.endpoints.map((endpoint) => [endpoint.name, endpoint.levels.map((level) => level.level)]),
    [
      ['GET /', [1, 5]],
      ['GET /api/posts?page=1&pageSize=10', [1, 5]],
      ['GET /api/posts/1', [1, 5]],
    ],
  );
  for (const endpoint of sweep.endpoints) {
    for (const level of endpoint.levels)
      assert.ok(level.requests > 0 && level.errorRate === 0, `${endpoint.name} ${level.level}`);
  }

  const cache = JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')) as CacheDocument;
  assert.deepEqual(
    cache.keys.map((key) => [key.status, key.warm?.count, key.warm?.failures]),
    [
      ['ok', 3, 0],
      ['ok', 3, 0],
    ],
  );
  // each draft generated once (the simulator's ~2 s), then served from the blog's cache
  assert.ok(cache.overall!.coldMedianMs > 500, `cold ${cache.overall!.coldMedianMs} ms`);
  assert.ok(cache.overall!.speedUp!.low > 1);
  assert.deepEqual([cache.hitRatio?.hits, cache.hitRatio?.misses], [6, 2]);
});
