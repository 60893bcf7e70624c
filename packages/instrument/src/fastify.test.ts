import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { eventually, runAdapterContract, seriesOf, type TestApp } from './adapter-contract.ts';
import { createMetrics } from './index.ts';

async function listen(app: FastifyInstance): Promise<TestApp> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl: address, close: () => app.close() };
}

runAdapterContract('fastify', async (metrics, gate) => {
  const app = Fastify();
  await app.register(metrics.fastifyPlugin);
  app.get('/post/:id', async () => 'ok');
  app.post('/post', async (_request, reply) => reply.code(201).send('created'));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.get('/slow', async () => {
    await gate.wait();
    return 'late';
  });
  app.get('/health', async () => 'ok');
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metricsText()),
  );
  return listen(app);
});

describe('fastify plugin encapsulation', () => {
  const metrics = createMetrics({ collectDefaultMetrics: false });
  const app = Fastify();
  after(() => app.close());

  it('applies app-wide, also to routes of sibling and nested plugins', async () => {
    await app.register(async (scope) => {
      scope.get('/before/:id', async () => 'ok');
    });
    await app.register(metrics.fastifyPlugin);
    await app.register(
      async (scope) => {
        scope.get('/child/:slug', async () => 'ok');
      },
      { prefix: '/v1' },
    );
    const { baseUrl } = await listen(app);
    for (const path of ['/v1/child/a', '/v1/child/b', '/before/1'])
      await (await fetch(baseUrl + path)).text();
    await eventually(async () => {
      const series = await seriesOf(metrics, 'http_requests_total');
      assert.equal(series.get('GET /v1/child/:slug 200'), 2);
      assert.equal(series.get('GET /before/:id 200'), 1);
    });
  });
});
