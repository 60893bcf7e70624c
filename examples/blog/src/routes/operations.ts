import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BlogContext } from '../context.ts';
import { errorContent } from '../views/pages.ts';
import { isPageRequest, sendPage } from './page-kit.ts';

/** The blog's error answer: `{ error }` JSON, or an HTML page for page requests. */
export function answerError(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  message: string,
) {
  if (isPageRequest(request))
    return sendPage(reply, request, statusCode, String(statusCode), errorContent(statusCode, message));
  return reply.code(statusCode).send({ error: message });
}

const READY_TIMEOUT_MS = 1000;

/** True when the Ollama-compatible server answers GET /api/version within a second. */
async function modelAnswers(ollamaHost: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/api/version', ollamaHost), {
      signal: AbortSignal.timeout(READY_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** GET /metrics, /health (= /health/live) and /health/ready, plus the error and not-found answers (JSON, or HTML for pages). */
export function registerOperationRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { instrument } = ctx.metrics;

  app.get('/metrics', async (_request, reply) =>
    reply.type(instrument.contentType).send(await instrument.metricsText()),
  );

  // Liveness: the process answers (kept at /health too, for older probes and scripts).
  const live = async () => ({ status: 'ok', cache: ctx.cache.kind, model: ctx.drafts.model });
  app.get('/health', live);
  app.get('/health/live', live);
  // Readiness: the model server and the cache (Redis, when configured) answer now.
  app.get('/health/ready', async (_request, reply) => {
    const [model, cache] = await Promise.all([modelAnswers(ctx.config.ollamaHost), ctx.cache.ready()]);
    const ready = model && cache;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: { model: model ? 'ok' : 'down', cache: cache ? 'ok' : 'down' },
      cache: ctx.cache.kind,
      model: ctx.drafts.model,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    answerError(request, reply, 404, `No route ${request.method} ${request.url.split('?')[0]}`),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (statusCode === 500) return answerError(request, reply, 500, 'Internal server error');
    }
    return answerError(request, reply, statusCode, error.message);
  });
}
