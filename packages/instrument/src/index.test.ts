import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Registry } from '@prometheus-io/client';
import { createMetrics } from './index.ts';

function dbSeries(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('db_query_duration_seconds_count'))
    .sort();
}

describe('createMetrics', () => {
  it('times sync, async, throwing and rejecting db calls and returns their results', async () => {
    const metrics = createMetrics({ collectDefaultMetrics: false });
    assert.equal(
      metrics.timeDb('select', 'posts', () => 42),
      42,
    );
    assert.equal(await metrics.timeDb('insert', 'posts', async () => 'id-1'), 'id-1');
    assert.throws(
      () =>
        metrics.timeDb('select', 'users', () => {
          throw new Error('no such table');
        }),
      /no such table/,
    );
    await assert.rejects(
      metrics.timeDb('update', 'users', async () => {
        throw new Error('locked');
      }),
      /locked/,
    );
    assert.deepEqual(dbSeries(await metrics.metricsText()), [
      'db_query_duration_seconds_count{operation="insert",table="posts",status="ok"} 1',
      'db_query_duration_seconds_count{operation="select",table="posts",status="ok"} 1',
      'db_query_duration_seconds_count{operation="select",table="users",status="error"} 1',
      'db_query_duration_seconds_count{operation="update",table="users",status="error"} 1',
    ]);
  });

  it('measures the time an async db call takes', async () => {
    const metrics = createMetrics({ collectDefaultMetrics: false });
    await metrics.timeDb('select', 'slow', () => new Promise((resolve) => setTimeout(resolve, 30)));
    const text = await metrics.metricsText();
    const sum = Number(/^db_query_duration_seconds_sum\{[^}]*\} (\S+)$/m.exec(text)?.[1]);
    assert.ok(sum >= 0.025 && sum < 5, `sum ${sum}`);
  });

  it('counts cache hits and misses per cache', async () => {
    const metrics = createMetrics({ collectDefaultMetrics: false });
    metrics.cacheHit('drafts');
    metrics.cacheHit('drafts');
    metrics.cacheMiss('drafts');
    metrics.cacheMiss('sessions', 3);
    const text = await metrics.metricsText();
    assert.match(text, /^cache_hits_total\{cache="drafts"\} 2$/m);
    assert.match(text, /^cache_misses_total\{cache="drafts"\} 1$/m);
    assert.match(text, /^cache_misses_total\{cache="sessions"\} 3$/m);
  });

  it('returns the same business metric for the same name and rejects clashes', () => {
    const metrics = createMetrics({ collectDefaultMetrics: false });
    const config = { name: 'blog_posts_created_total', help: 'Posts created', labelNames: ['role'] as const };
    const posts = metrics.counter(config);
    assert.equal(metrics.counter(config), posts);
    assert.ok(posts instanceof Counter);
    const seconds = metrics.histogram({ name: 'blog_ai_seconds', help: 'AI time', buckets: [1, 10] });
    assert.equal(metrics.histogram({ name: 'blog_ai_seconds', help: 'AI time' }), seconds);
    const users = metrics.gauge({ name: 'blog_active_users', help: 'Active users' });
    assert.equal(metrics.gauge({ name: 'blog_active_users', help: 'Active users' }), users);
    assert.throws(() => metrics.gauge(config), /already registered as another type/);
    assert.throws(
      () => metrics.counter({ ...config, labelNames: ['plan'] }),
      /labels \[role\], not \[plan\]/,
    );
  });

  it('collects process metrics once per registry and labels them with the common labels', async () => {
    const registry = new Registry();
    const first = createMetrics({ registry, commonLabels: { service: 'blog', instance: 'a' } });
    const second = createMetrics({ registry, commonLabels: { service: 'blog', instance: 'a' } });
    assert.equal(second.registry, first.registry);
    const text = await first.metricsText();
    assert.match(text, /^process_cpu_user_seconds_total\{service="blog",instance="a"\} /m);
    assert.equal(text.match(/^# TYPE process_cpu_user_seconds_total /gm)?.length, 1);
    const bare = await createMetrics({ collectDefaultMetrics: false }).metricsText();
    assert.doesNotMatch(bare, /process_cpu/);
  });

  it('rejects bad options with a one-line error', () => {
    assert.throws(() => createMetrics({ buckets: [] }), /at least one bucket/);
    assert.throws(() => createMetrics({ buckets: [1, 0.5] }), /strictly increasing/);
    assert.throws(() => createMetrics({ buckets: [-1] }), /positive finite/);
    assert.throws(() => createMetrics({ maxRoutes: 0 }), /maxRoutes: give a positive integer/);
    assert.throws(() => createMetrics({ commonLabels: { route: 'x' } }), /used by the built-in metrics/);
    assert.throws(() => createMetrics({ commonLabels: { 'bad-name': 'x' } }), /not a valid Prometheus label/);
  });
});
