import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRedis } from '../../../test/helpers/redis.ts';
import { startBlog } from './index.ts';
import { startStack } from './testing.ts';

interface Ready {
  status: string;
  checks: { model: string; cache: string };
}

async function probe(url: string): Promise<{ live: number; legacy: number; ready: number; body: Ready }> {
  const live = await fetch(`${url}/health/live`);
  const legacy = await fetch(`${url}/health`);
  const ready = await fetch(`${url}/health/ready`);
  await live.text();
  await legacy.text();
  return {
    live: live.status,
    legacy: legacy.status,
    ready: ready.status,
    body: (await ready.json()) as Ready,
  };
}

test('readiness follows the model server and Redis; liveness (and /health) stay 200', async () => {
  const redis = await startRedis();
  const stack = await startStack({ redisUrl: redis.url });
  try {
    const up = await probe(stack.url);
    assert.deepEqual([up.live, up.legacy, up.ready], [200, 200, 200]);
    assert.deepEqual(up.body.checks, { model: 'ok', cache: 'ok' });
    await redis.stop();
    const noRedis = await probe(stack.url);
    assert.deepEqual([noRedis.live, noRedis.legacy, noRedis.ready], [200, 200, 503]);
    assert.deepEqual(noRedis.body.checks, { model: 'ok', cache: 'down' });
  } finally {
    await stack.close();
    await redis.stop();
  }
  const noModel = await startBlog({ ollamaHost: 'http://127.0.0.1:9' });
  try {
    const down = await probe(noModel.url);
    assert.deepEqual([down.live, down.ready], [200, 503]);
    assert.deepEqual(down.body, {
      ...down.body,
      status: 'not ready',
      checks: { model: 'down', cache: 'ok' },
    });
    await (await fetch(`${noModel.url}/api/posts`)).text();
    const metrics = await (await fetch(`${noModel.url}/metrics`)).text();
    assert.doesNotMatch(metrics, /route="\/health/, 'probes are not counted');
    assert.match(metrics, /http_request_duration_seconds_bucket\{[^}]*le="60"/, 'HTTP buckets reach 60 s');
  } finally {
    await noModel.close();
  }
});
