import type { FastifyInstance } from 'fastify';
import { canModify } from '../auth/accounts.ts';
import type { BlogContext } from '../context.ts';
import { HttpError, requireWriter } from '../http-error.ts';
import { GENERATE_SCRIPT } from '../views/generate-script.ts';
import { credentialsForm, generateContent, homeContent, newPostForm, postContent } from '../views/pages.ts';
import { PAGE_ROUTE, parseId, sendPage } from './page-kit.ts';

const PAGE_SIZE = 10;

/** GET pages: /, /post/:id, /login, /register, /new, /generate, and the /generate script. */
export function registerPageRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { posts } = ctx;

  app.get<{ Querystring: { page?: string } }>('/', PAGE_ROUTE, async (request, reply) => {
    const page = Math.min(100_000, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const list = posts.list(PAGE_SIZE, (page - 1) * PAGE_SIZE);
    return sendPage(reply, request, 200, 'Posts', homeContent(list, page, PAGE_SIZE, posts.count()));
  });

  app.get<{ Params: { id: string } }>('/post/:id', PAGE_ROUTE, async (request, reply) => {
    const id = parseId(request.params.id);
    const post = id === undefined ? undefined : posts.get(id);
    if (post === undefined) throw new HttpError(404, 'No such post');
    const mayModify = request.user !== null && canModify(request.user, post.authorId);
    return sendPage(reply, request, 200, post.title, postContent(post, mayModify));
  });

  app.get('/login', PAGE_ROUTE, async (request, reply) =>
    sendPage(reply, request, 200, 'Log in', credentialsForm('login', undefined)),
  );

  app.get('/register', PAGE_ROUTE, async (request, reply) =>
    sendPage(reply, request, 200, 'Register', credentialsForm('register', undefined)),
  );

  app.get('/new', PAGE_ROUTE, async (request, reply) => {
    requireWriter(request);
    return sendPage(reply, request, 200, 'New post', newPostForm(undefined));
  });

  app.get('/generate', PAGE_ROUTE, async (request, reply) => {
    requireWriter(request);
    return sendPage(reply, request, 200, 'AI draft', generateContent());
  });

  app.get('/assets/generate.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(GENERATE_SCRIPT),
  );
}
