import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DraftError, type DraftEvent } from '../ai/draft-service.ts';
import type { BlogContext } from '../context.ts';
import { HttpError, nonBlank, requireWriter } from '../http-error.ts';
import { jobParams, titleBody } from './schemas.ts';

interface TitleBody {
  title: string;
}

/** One SSE frame; data is JSON so newlines in the text cannot break the framing. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function frameOf(event: DraftEvent): string {
  return event.type === 'chunk' ? sseFrame('chunk', { text: event.text }) : sseFrame('done', event);
}

async function* sseFrames(first: DraftEvent, rest: AsyncGenerator<DraftEvent>): AsyncGenerator<string> {
  yield frameOf(first);
  try {
    for await (const event of rest) yield frameOf(event);
  } catch (error) {
    if (!(error instanceof DraftError)) throw error;
    yield sseFrame('error', { error: error.message, statusCode: error.statusCode });
  }
}

/** JSON unless the client asks for SSE: ?stream=false, or Accept naming JSON but not event-stream. */
function wantsJson(request: FastifyRequest): boolean {
  const query = request.query as { stream?: string };
  if (query.stream === 'false' || query.stream === '0') return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

/** Aborts when the client goes away before the answer is complete. */
function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort('client closed');
  });
  return controller.signal;
}

function asHttpError(error: unknown): unknown {
  return error instanceof DraftError ? new HttpError(error.statusCode, error.message) : error;
}

async function draftAsJson(ctx: BlogContext, title: string, reply: FastifyReply): Promise<object> {
  let draft = '';
  try {
    for await (const event of ctx.drafts.draft(title, abortOnDisconnect(reply))) {
      if (event.type === 'chunk') draft += event.text;
      else return { title, draft, cached: event.cached, model: event.model, durationMs: event.durationMs };
    }
  } catch (error) {
    throw asHttpError(error);
  }
  throw new HttpError(502, 'The model ended without finishing the draft');
}

/** The first event is awaited before answering, so a model that fails at once gets a real 502/504. */
async function draftAsSse(ctx: BlogContext, title: string, reply: FastifyReply): Promise<FastifyReply> {
  const events = ctx.drafts.draft(title, abortOnDisconnect(reply));
  let first: IteratorResult<DraftEvent>;
  try {
    first = await events.next();
  } catch (error) {
    throw asHttpError(error);
  }
  if (first.done === true) throw new HttpError(502, 'The model ended without finishing the draft');
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('x-accel-buffering', 'no');
  return reply.send(Readable.from(sseFrames(first.value, events)));
}

/** POST /generate-blog (SSE or JSON), POST /generate-blog/jobs and GET /generate-blog/jobs/:id. */
export function registerGenerateRoutes(app: FastifyInstance, ctx: BlogContext): void {
  app.post<{ Body: TitleBody }>('/generate-blog', { schema: { body: titleBody } }, async (request, reply) => {
    requireWriter(request);
    const title = nonBlank(request.body.title, 'title');
    ctx.draftAnswers.track(reply.raw);
    return wantsJson(request) ? draftAsJson(ctx, title, reply) : draftAsSse(ctx, title, reply);
  });

  app.post<{ Body: TitleBody }>(
    '/generate-blog/jobs',
    { schema: { body: titleBody } },
    async (request, reply) => {
      const user = requireWriter(request);
      const title = nonBlank(request.body.title, 'title');
      const job = ctx.jobs.start(user.id, title, (t, signal) => ctx.drafts.draft(t, signal));
      if (job === 'user-slots-busy') {
        const limit = ctx.config.draftJobsPerUser;
        throw new HttpError(429, `You have ${limit} drafting jobs running already; wait for one to finish`);
      }
      if (job === 'all-slots-busy')
        throw new HttpError(503, 'Too many drafting jobs are running; try again later');
      return reply.code(202).header('location', `/generate-blog/jobs/${job.id}`).send(job);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/generate-blog/jobs/:id',
    { schema: { params: jobParams } },
    async (request) => {
      const user = requireWriter(request);
      const job = ctx.jobs.get(request.params.id, user.id);
      if (job === undefined) throw new HttpError(404, `No drafting job ${request.params.id}`);
      return job;
    },
  );
}
