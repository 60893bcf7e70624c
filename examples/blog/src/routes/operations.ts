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

/** GET /metrics and /health, plus the error and not-found answers (JSON, or HTML for pages). */
export function registerOperationRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { instrument } = ctx.metrics;

  app.get('/metrics', async (_request, reply) =>
    reply.type(instrument.contentType).send(await instrument.metricsText()),
  );

  app.get('/health', async () => ({ status: 'ok', cache: ctx.cache.kind, model: ctx.drafts.model }));

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
