import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '@prometheus-io/client';
import { type HttpRecorder, pathOf } from './http-recorder.ts';
import { compileRoutes } from './route-matcher.ts';

/** A node:http request listener. */
export type HttpHandler<R = unknown> = (req: IncomingMessage, res: ServerResponse) => R;

/** Wraps a node:http listener so each request is timed under the template it matches. */
export function wrapHandler<R>(
  recorder: HttpRecorder,
  routes: readonly string[],
  handler: HttpHandler<R>,
): HttpHandler<R> {
  const match = compileRoutes(routes);
  return (req, res) => {
    if (!recorder.isExcluded(req.url)) {
      const route = match(pathOf(req.url));
      recorder.track(req, res, () => route);
    }
    return handler(req, res);
  };
}

/** A node:http listener answering with the registry's exposition text. */
export function createMetricsHandler(registry: Registry): HttpHandler<Promise<void>> {
  return async (_req, res) => {
    let body: string;
    try {
      body = await registry.metrics();
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`metrics collection failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}
