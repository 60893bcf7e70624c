import type { FastifyInstance } from 'fastify';
import type { BlogContext } from '../context.ts';
import { publicUser } from '../db/users-repo.ts';
import { HttpError, requireUser } from '../http-error.ts';
import { type Credentials, loginBody, registerBody } from './schemas.ts';

/** POST /api/register, /api/login, /api/logout and GET /api/me. */
export function registerApiAuthRoutes(app: FastifyInstance, ctx: BlogContext): void {
  const { accounts } = ctx;

  app.post<{ Body: Credentials }>(
    '/api/register',
    { schema: { body: registerBody } },
    async (request, reply) => {
      const { username, password } = request.body;
      const result = await accounts.register(request.ip, username, password);
      if (result.ok) return reply.code(201).send({ user: publicUser(result.user) });
      if (result.reason === 'limited') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        throw new HttpError(429, `Too many registrations; try again in ${result.retryAfterSeconds} s`);
      }
      throw new HttpError(409, `The username "${username}" is taken`);
    },
  );

  app.post<{ Body: Credentials }>('/api/login', { schema: { body: loginBody } }, async (request, reply) => {
    const { username, password } = request.body;
    const result = await accounts.login(request.ip, username, password);
    if (result.ok) {
      accounts.setSessionCookie(reply, result.sessionId);
      return { user: publicUser(result.user) };
    }
    if (result.reason === 'limited') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      throw new HttpError(429, `Too many failed logins; try again in ${result.retryAfterSeconds} s`);
    }
    throw new HttpError(401, 'Invalid username or password');
  });

  app.post('/api/logout', async (request, reply) => {
    if (request.sessionId !== null) accounts.logout(request.sessionId);
    accounts.clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get('/api/me', async (request) => ({ user: publicUser(requireUser(request)) }));
}
