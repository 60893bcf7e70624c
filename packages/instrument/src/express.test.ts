import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { eventually, runAdapterContract, seriesOf, type TestApp } from './adapter-contract.ts';
import { createMetrics } from './index.ts';

function listen(app: Express): Promise<TestApp> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', (error) => {
      if (error) return reject(error);
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const quietErrors: ErrorRequestHandler = (_error, _req, res, _next) => {
  res.status(500).send('failed');
};

runAdapterContract('express', async (metrics, gate) => {
  const app = express();
  app.use(metrics.expressMiddleware());
  app.get('/post/:id', (_req, res) => {
    res.send('ok');
  });
  app.post('/post', (_req, res) => {
    res.status(201).send('created');
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/slow', async (_req, res) => {
    await gate.wait();
    res.send('late');
  });
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/metrics', metrics.metricsHandler);
  app.use(quietErrors);
  return listen(app);
});

describe('express routers', () => {
  const metrics = createMetrics({ collectDefaultMetrics: false });
  let close: () => Promise<void> = async () => {};
  after(() => close());

  it('joins the router mount path with the route template', async () => {
    const app = express();
    app.use(metrics.expressMiddleware());
    const api = express.Router();
    api.get('/post/:id', (_req, res) => {
      res.send('ok');
    });
    api.get('/', (_req, res) => {
      res.send('index');
    });
    app.use('/api', api);
    const server = await listen(app);
    close = server.close;
    for (const path of ['/api/post/1', '/api/post/2', '/api', '/api/nothing']) {
      await (await fetch(server.baseUrl + path)).text();
    }
    await eventually(async () => {
      const series = await seriesOf(metrics, 'http_requests_total');
      assert.deepEqual(Object.fromEntries(series), {
        'GET /api/post/:id 200': 2,
        'GET /api 200': 1,
        'GET __unmatched__ 404': 1,
      });
    });
  });
});
