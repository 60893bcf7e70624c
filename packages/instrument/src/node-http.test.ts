import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAdapterContract, type TestApp } from './adapter-contract.ts';
import { pathOf } from './index.ts';

async function listen(server: Server): Promise<TestApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

runAdapterContract('node:http', async (metrics, gate) => {
  const routes = ['/post/:id', '/post', '/boom', '/slow', '/health'];
  const handler = metrics.wrapHttpHandler(routes, async (req, res) => {
    const path = pathOf(req.url);
    if (path === '/metrics') return metrics.metricsHandler(req, res);
    if (path === '/post' && req.method === 'POST') {
      res.writeHead(201).end('created');
    } else if (path.startsWith('/post/') || path === '/health') {
      res.end('ok');
    } else if (path === '/boom') {
      res.writeHead(500).end('failed');
    } else if (path === '/slow') {
      await gate.wait();
      res.end('late');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  return listen(createServer(handler));
});
