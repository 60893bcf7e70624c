import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlogContext } from '../context.ts';
import { HttpError, requireUser, requireWriter } from '../http-error.ts';
import { credentialsForm, newPostForm } from '../views/pages.ts';
import { cleanPost, postToModify } from './api-posts.ts';
import { PAGE_ROUTE, parseId, seeOther, sendPage } from './page-kit.ts';
import { type Credentials, loginBody, type PostFields, postBody, registerBody } from './schemas.ts';

/** Form posts are validated by the same schemas; a failure re-renders the form with a 400. */
const FORM = { ...PAGE_ROUTE, attachValidation: true } as const;

function invalid(request: FastifyRequest): string | undefined {
  return request.validationError?.message;
}

function pathId(raw: string): number {
  const id = parseId(raw);
  if (id === undefined) throw new HttpError(404, 'No such post');
  return id;
}

/** POST /login, /register, /logout, /new, /post/:id/edit and /post/:id/delete (urlencoded). */
export function registerPageFormRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { accounts, posts, metrics } = ctx;

  app.post<{ Body: Credentials }>(
    '/login',
    { ...FORM, schema: { body: loginBody } },
    async (request, reply) => {
      const error = invalid(request);
      const name = typeof request.body?.username === 'string' ? request.body.username : '';
      if (error !== undefined)
        return sendPage(reply, request, 400, 'Log in', credentialsForm('login', error, name));
      const result = await accounts.login(request.ip, request.body.username, request.body.password);
      if (result.ok) {
        accounts.setSessionCookie(reply, result.sessionId);
        return seeOther(reply, '/');
      }
      if (result.reason === 'limited') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const message = `Too many failed logins; try again in ${result.retryAfterSeconds} s`;
        return sendPage(reply, request, 429, 'Log in', credentialsForm('login', message, name));
      }
      return sendPage(
        reply,
        request,
        401,
        'Log in',
        credentialsForm('login', 'Invalid username or password', name),
      );
    },
  );

  app.post<{ Body: Credentials }>(
    '/register',
    { ...FORM, schema: { body: registerBody } },
    async (request, reply) => {
      const name = typeof request.body?.username === 'string' ? request.body.username : '';
      const error = invalid(request);
      if (error !== undefined) {
        return sendPage(reply, request, 400, 'Register', credentialsForm('register', error, name));
      }
      const result = await accounts.register(request.ip, request.body.username, request.body.password);
      if (!result.ok) {
        const limited = result.reason === 'limited';
        if (limited) reply.header('retry-after', String(result.retryAfterSeconds));
        const message = limited
          ? `Too many registrations; try again in ${result.retryAfterSeconds} s`
          : `The username "${name}" is taken`;
        return sendPage(
          reply,
          request,
          limited ? 429 : 409,
          'Register',
          credentialsForm('register', message, name),
        );
      }
      accounts.setSessionCookie(reply, accounts.startSession(result.user));
      return seeOther(reply, '/');
    },
  );

  app.post('/logout', PAGE_ROUTE, async (request, reply) => {
    if (request.sessionId !== null) accounts.logout(request.sessionId);
    accounts.clearSessionCookie(reply);
    return seeOther(reply, '/');
  });

  app.post<{ Body: PostFields }>('/new', { ...FORM, schema: { body: postBody } }, async (request, reply) => {
    const user = requireWriter(request);
    const error = invalid(request);
    const { title = '', body = '' } = (request.body ?? {}) as Partial<PostFields>;
    if (error !== undefined)
      return sendPage(reply, request, 400, 'New post', newPostForm(error, title, body));
    const id = posts.create(user.id, cleanPost(request.body));
    metrics.postsCreated.inc();
    return seeOther(reply, `/post/${id}`);
  });

  app.post<{ Params: { id: string }; Body: PostFields }>(
    '/post/:id/edit',
    { ...FORM, schema: { body: postBody } },
    async (request, reply) => {
      const post = postToModify(ctx, pathId(request.params.id), requireUser(request));
      const error = invalid(request);
      if (error !== undefined) throw new HttpError(400, error);
      posts.update(post.id, cleanPost(request.body));
      return seeOther(reply, `/post/${post.id}`);
    },
  );

  app.post<{ Params: { id: string } }>('/post/:id/delete', PAGE_ROUTE, async (request, reply) => {
    const post = postToModify(ctx, pathId(request.params.id), requireUser(request));
    posts.delete(post.id);
    return seeOther(reply, '/');
  });
}
