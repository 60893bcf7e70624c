import type { FastifyInstance } from 'fastify';
import { canModify } from '../auth/accounts.ts';
import type { BlogContext } from '../context.ts';
import type { Post } from '../db/posts-repo.ts';
import type { User } from '../db/users-repo.ts';
import { HttpError, nonBlank, requireUser, requireWriter } from '../http-error.ts';
import { idParams, type PageQuery, type PostFields, pageQuery, postBody } from './schemas.ts';

interface IdParams {
  id: number;
}

/** Looks a post up for a change: 404 when missing, 403 unless the user wrote it or is an admin. */
export function postToModify(ctx: BlogContext, id: number, user: User): Post {
  const post = ctx.posts.get(id);
  if (post === undefined) throw new HttpError(404, `No post with id ${id}`);
  if (!canModify(user, post.authorId)) {
    throw new HttpError(403, 'Only the author of this post or an admin can change it');
  }
  return post;
}

export function cleanPost(fields: PostFields): PostFields {
  return { title: nonBlank(fields.title, 'title'), body: nonBlank(fields.body, 'body') };
}

/** GET/POST /api/posts and GET/PUT/DELETE /api/posts/:id. */
export function registerApiPostRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { posts, metrics } = ctx;

  app.get<{ Querystring: PageQuery }>(
    '/api/posts',
    { schema: { querystring: pageQuery } },
    async (request) => {
      const { page, pageSize } = request.query;
      return { posts: posts.list(pageSize, (page - 1) * pageSize), page, pageSize, total: posts.count() };
    },
  );

  app.post<{ Body: PostFields }>('/api/posts', { schema: { body: postBody } }, async (request, reply) => {
    const user = requireWriter(request);
    const id = posts.create(user.id, cleanPost(request.body));
    metrics.postsCreated.inc();
    return reply
      .code(201)
      .header('location', `/api/posts/${id}`)
      .send({ post: posts.get(id) });
  });

  app.get<{ Params: IdParams }>('/api/posts/:id', { schema: { params: idParams } }, async (request) => {
    const post = posts.get(request.params.id);
    if (post === undefined) throw new HttpError(404, `No post with id ${request.params.id}`);
    return { post };
  });

  app.put<{ Params: IdParams; Body: PostFields }>(
    '/api/posts/:id',
    { schema: { params: idParams, body: postBody } },
    async (request) => {
      const user = requireUser(request);
      const post = postToModify(ctx, request.params.id, user);
      posts.update(post.id, cleanPost(request.body));
      return { post: posts.get(post.id) };
    },
  );

  app.delete<{ Params: IdParams }>(
    '/api/posts/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const user = requireUser(request);
      const post = postToModify(ctx, request.params.id, user);
      posts.delete(post.id);
      return reply.code(204).send();
    },
  );
}
