import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, type Stack, sample, startStack } from './testing.ts';

async function inBatches(count: number, batch: number, run: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, k) => run(start + k)));
  }
}

describe('/metrics', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ seed: true });
  });
  after(() => stack.close());

  test('route templates label requests: 1 000 distinct ids make no per-id series', async () => {
    const get = (path: string) =>
      fetch(stack.url + path, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text());
    await inBatches(1000, 50, (i) => get(i % 2 === 0 ? `/post/${i + 1}` : `/api/posts/${i + 1}`));
    await inBatches(200, 50, (i) => get(`/made-up/${i}`));
    for (let i = 0; i < 5; i += 1) {
      await get('/health');
      await get('/metrics');
    }
    const text = await get('/metrics');
    const series = text.split('\n').filter((line) => line.startsWith('http_requests_total{'));
    assert.ok(series.length < 20, `few series, got ${series.length}`);
    assert.ok(series.some((line) => line.includes('route="/post/:id"')));
    assert.ok(series.some((line) => line.includes('route="/api/posts/:id"')));
    assert.ok(!/route="\/(post|api\/posts|made-up)\/\d/.test(text), 'no concrete ids as routes');
    assert.ok(!/route="\/(metrics|health)"/.test(text), '/metrics and /health are excluded');
    const pageNotFound = sample(text, 'http_requests_total', ['route="/post/:id"', 'status="404"']) ?? 0;
    assert.ok(pageNotFound >= 400, `the missing posts are 404s on the template, got ${pageNotFound}`);
  });

  test('business metrics move with what users do', async () => {
    const before = await (await fetch(`${stack.url}/metrics`)).text();
    const client = new Client(stack.url);
    await client.signUp('metrics-user');
    await client.request('POST', '/api/posts', { json: { title: 'Counted', body: 'One more post' } });
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    const delta = (name: string): number => (sample(text, name) ?? 0) - (sample(before, name) ?? 0);
    assert.equal(delta('user_registrations_total'), 1);
    assert.equal(delta('posts_created_total'), 1);
    assert.equal(delta('active_sessions'), 1);
    assert.ok(
      (sample(text, 'db_query_duration_seconds_count', ['table="posts"', 'operation="insert"']) ?? 0) >= 1,
    );
    await client.request('POST', '/api/logout');
    const loggedOut = await (await fetch(`${stack.url}/metrics`)).text();
    assert.equal((sample(loggedOut, 'active_sessions') ?? 0) - (sample(before, 'active_sessions') ?? 0), 0);
    assert.match(text, /# TYPE ai_generation_seconds histogram/);
  });

  test('cache hits, misses and errors have samples at 0 before the first request', async () => {
    const fresh = await startStack();
    try {
      const text = await (await fetch(`${fresh.url}/metrics`)).text();
      assert.equal(sample(text, 'cache_hits_total', ['cache="drafts"']), 0);
      assert.equal(sample(text, 'cache_misses_total', ['cache="drafts"']), 0);
      assert.equal(sample(text, 'cache_errors_total', ['cache="drafts"', 'op="get"']), 0);
      assert.match(text, /# TYPE ai_time_to_first_token_seconds histogram/);
    } finally {
      await fresh.close();
    }
  });

  test('/health answers', async () => {
    const health = await fetch(`${stack.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', cache: 'memory', model: 'llama3.2' });
  });
});
