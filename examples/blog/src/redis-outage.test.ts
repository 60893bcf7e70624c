import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { startLlmSim } from '@salvo/llm-sim';
import { type RunningRedis, startRedis } from '../../../test/helpers/redis.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, FAST_MODEL, type MainProcess, sample, startMain } from './testing.ts';

const DOWN_LINE = 'draft cache (Redis) is down, drafting without it';
const BACK_LINE = 'draft cache (Redis) is back';

function count(text: string, line: string): number {
  return text.split('\n').filter((l) => l.includes(line)).length;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not within 15 s: ${what}`);
}

test('Redis stopped and started again under main.ts: drafts go on, one log line each way, the cache comes back', async () => {
  let redis: RunningRedis = await startRedis();
  const sim = await startLlmSim({ port: 0, seed: 1, models: { 'llama3.2': FAST_MODEL } });
  let blog: MainProcess | undefined;
  try {
    blog = await startMain({ OLLAMA_HOST: sim.url, REDIS_URL: redis.url, LOG: '1' });
    const alice = new Client(blog.url);
    assert.equal((await alice.login('alice', SEED_PASSWORD)).status, 200);
    const draft = async (title: string): Promise<{ cached: boolean }> => {
      const answer = await alice.request('POST', '/generate-blog?stream=false', { json: { title } });
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ cached: boolean }>();
    };
    assert.equal((await draft('Kept in Redis')).cached, false);
    assert.equal((await draft('Kept in Redis')).cached, true);

    await redis.stop();
    for (let i = 0; i < 3; i += 1) assert.equal((await draft(`While Redis is away ${i}`)).cached, false);
    assert.equal((await draft('Kept in Redis')).cached, false, 'the cache is away: the model answers');
    assert.equal(count(blog.out(), DOWN_LINE), 1, 'one warning for the outage, not one per request');
    const ready = await fetch(`${blog.url}/health/ready`);
    assert.equal(ready.status, 503);
    await ready.text();

    redis = await startRedis({ port: redis.port });
    await eventually(
      async () => (await fetch(`${blog?.url}/health/ready`)).status === 200,
      'ready again once Redis is back',
    );
    // The first command that succeeds ends the outage; the cache works again.
    assert.equal((await draft('After the outage')).cached, false);
    assert.equal((await draft('After the outage')).cached, true);
    assert.equal(count(blog.out(), BACK_LINE), 1);
    assert.equal(count(blog.out(), DOWN_LINE), 1);
    const metrics = await (await fetch(`${blog.url}/metrics`)).text();
    assert.ok((sample(metrics, 'cache_errors_total', ['op="get"']) ?? 0) >= 4, 'the failed gets are counted');
  } finally {
    if (blog !== undefined && blog.child.exitCode === null) {
      const exited = once(blog.child, 'exit');
      blog.child.kill('SIGTERM');
      await exited;
    }
    await sim.close();
    await redis.stop();
  }
});
