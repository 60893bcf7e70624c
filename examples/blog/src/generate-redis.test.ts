import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { type RunningRedis, startRedis } from '../../../test/helpers/redis.ts';
import { startBlog } from './index.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, parseSse, type Stack, sample, startStack } from './testing.ts';

describe('draft cache in Redis (REDIS_URL)', () => {
  let redis: RunningRedis;
  let stack: Stack;

  before(async () => {
    redis = await startRedis();
    stack = await startStack({ seed: true, redisUrl: redis.url });
  });
  after(async () => {
    await stack?.close();
    await redis?.stop();
  });

  test('a finished draft is stored in Redis and served from it, counted as a hit', async () => {
    const client = new Client(stack.url);
    await client.login('alice', SEED_PASSWORD);
    const title = 'Drafts kept in Redis';
    const first = await client.request('POST', '/generate-blog?stream=false', { json: { title } });
    assert.equal(first.json<{ cached: boolean }>().cached, false);
    const inspector = new Redis(redis.url);
    try {
      const keys = await inspector.keys('blog:draft:*');
      assert.equal(keys.length, 1);
      assert.equal(await inspector.get(keys[0] ?? ''), first.json<{ draft: string }>().draft);
      assert.ok((await inspector.ttl(keys[0] ?? '')) > 0, 'entries expire');
    } finally {
      inspector.disconnect();
    }
    const again = parseSse((await client.request('POST', '/generate-blog', { json: { title } })).text);
    assert.equal(again.at(-1)?.data.cached, true);
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    assert.equal(sample(text, 'cache_hits_total', ['cache="drafts"']), 1);
    assert.equal(sample(text, 'cache_misses_total', ['cache="drafts"']), 1);
    const health = (await (await fetch(`${stack.url}/health`)).json()) as { cache: string };
    assert.equal(health.cache, 'redis');
  });

  test('a wrong REDIS_URL fails at start with a clear message', async () => {
    await assert.rejects(startBlog({ redisUrl: 'redis://127.0.0.1:9' }), /cannot reach Redis at REDIS_URL/);
  });
});
