/**
 * `--scrape` against the real blog (examples/blog, instrumented with packages/instrument) run
 * through the `salvo` command as a user would: the server's own counts and latencies land in
 * the results beside the client's, and a target that fails every scrape leaves the run passing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '@salvo/instrument';
import { type Stack, startStack } from '../examples/blog/src/testing.ts';
import { startTestServer } from '../packages/salvo/src/http/testing/index.ts';
import type { ResultsDocument, ServerSeries } from '../packages/salvo/src/results/index.ts';
import { parseExposition } from '../packages/salvo/src/scrape/index.ts';

const BIN = fileURLToPath(new URL('../packages/salvo/bin/salvo.js', import.meta.url));
const RUN_LIMIT_MS = 60_000;

const LOAD = `import { defineTest } from 'salvo';
export default defineTest({
  http: { baseUrl: process.env.BLOG_URL },
  vus: 4,
  duration: '4s',
  exec: async (vu) => {
    await vu.http.get('/api/posts?page=1&pageSize=5');
    await vu.http.get('/api/posts/' + (1 + (vu.iteration % 3)));
  },
});
`;

describe('salvo run --scrape against the blog', () => {
  let stack: Stack;
  let dir: string;
  let refusedUrl: string;
  before(async () => {
    stack = await startStack({ seed: true, logger: false });
    dir = mkdtempSync(join(tmpdir(), 'salvo-scrape-'));
    const closed = await startTestServer();
    refusedUrl = `${closed.url}/metrics`;
    await closed.close();
  });
  after(async () => {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the routes served, counted as the client counted them, and counts failed scrapes', async () => {
    const test = join(dir, 'blog.ts');
    writeFileSync(test, LOAD);
    const json = join(dir, 'results.json');
    const args = ['run', test, '-w', '1', '--scrape', `${stack.url}/metrics`, '--scrape', refusedUrl];
    const { code, stdout, stderr } = await run([...args, '--out', `json=${json}`, '--no-color']);
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as ResultsDocument;
    const [blog, refused] = doc.server?.targets ?? [];
    assert.equal(blog?.failures, 0, blog?.lastError);
    assert.ok(blog.scrapes >= 3, `${blog.scrapes} scrapes`);
    assert.equal(refused?.failures, refused?.scrapes);
    assert.equal(refused?.lastError, 'connection refused');
    assert.equal(stderr.match(/SALVO_ERR_SCRAPE/g)?.length, 1, 'one line for the failing target');

    const series = doc.server?.series ?? [];
    const of = (route: string, stat: string): ServerSeries => {
      const found = series.find(
        (s) => s.name === 'http_request_duration_seconds' && s.stat === stat && s.labels.route === route,
      );
      assert.ok(found, `no ${stat} for ${route}`);
      return found;
    };
    for (const route of ['/api/posts', '/api/posts/:id']) {
      const client =
        (doc.metrics[`http_reqs{name:${route}}`]?.values as { count: number } | undefined)?.count ?? 0;
      const server = of(route, 'rate').total ?? 0;
      assert.ok(client > 50, `${route}: ${client} requests`);
      // the last scrape comes after the load ends, so every request is in; 2 % for requests
      // the service counts differently (none expected)
      assert.ok(Math.abs(server - client) <= client * 0.02, `${route}: server ${server}, client ${client}`);
      const p95 = of(route, 'p95');
      assert.ok(p95.points.length >= 2, `${route}: ${p95.points.length} p95 points`);
      for (const [t, ms] of p95.points) {
        assert.ok(t > 0 && t <= doc.meta.durationMs + 1000, `t ${t}`);
        assert.ok(ms > 0 && ms < 10_000, `p95 ${ms} ms`);
      }
    }
    assert.ok(series.some((s) => s.name === 'db_query_duration_seconds' && s.labels.table === 'posts'));
    assert.ok(series.some((s) => s.name === 'process_resident_memory_bytes' && (s.run ?? 0) > 1e6));
    assert.ok(series.some((s) => s.name === 'process_cpu_seconds_total' && s.stat === 'rate'));

    assert.match(
      stdout,
      new RegExp(`server +metrics: ${blog.scrapes}/${blog.scrapes} scrapes ok from ${stack.url}/metrics`),
    );
    assert.match(stdout, /server +metrics: 0\/\d+ scrapes ok from .* \(last error: connection refused\)/);
    assert.match(stdout, /SERVER ROUTES[\s\S]*\/api\/posts\/:id/);
  });

  it('rejects a --scrape that is not an http URL with a usage error', async () => {
    const { code, stderr } = await run(['run', '--url', stack.url, '--scrape', 'ftp://x/metrics', '-d', '1']);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /--scrape must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/x\/metrics" \[SALVO_ERR_USAGE\]/,
    );
  });

  it('parses what packages/instrument serves', async () => {
    const metrics = createMetrics({ commonLabels: { service: 'test' } });
    metrics.timeDb('select', 'posts', () => 1);
    metrics.cacheHit('drafts');
    const families = parseExposition(await metrics.registry.metrics());
    assert.equal(families.get('db_query_duration_seconds')?.type, 'histogram');
    assert.equal(families.get('process_cpu_seconds_total')?.type, 'counter');
    const hits = families.get('cache_hits_total')?.samples[0];
    assert.deepEqual([{ ...hits?.labels }, hits?.value], [{ cache: 'drafts', service: 'test' }, 1]);
  });

  function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(BIN, args, {
        env: { ...process.env, BLOG_URL: stack.url, NO_COLOR: '1' },
        timeout: RUN_LIMIT_MS,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
});
