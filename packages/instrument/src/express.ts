import type { Request, RequestHandler } from 'express';
import type { HttpRecorder } from './http-recorder.ts';

/**
 * Express middleware that times every request after it. Mount it first (`app.use(...)`). The
 * route label is `req.baseUrl` joined with `req.route.path`, read when the response closes.
 */
export function createExpressMiddleware(recorder: HttpRecorder): RequestHandler {
  return (req, res, next) => {
    if (!recorder.isExcluded(req.originalUrl)) recorder.track(req, res, () => expressRoute(req));
    next();
  };
}

/** The matched route template, or undefined when no route handled the request. */
export function expressRoute(req: Request): string | undefined {
  const path: unknown = req.route?.path;
  if (path === undefined || path === null) return undefined;
  const routePath = typeof path === 'string' ? path : String(path);
  const base = req.baseUrl ?? '';
  if (base === '') return routePath;
  return routePath === '/' ? base : base + routePath;
}
