import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { type CacheObserver, type DraftCache, MemoryDraftCache, RedisDraftCache } from './ai/draft-cache.ts';
import { DraftService } from './ai/draft-service.ts';
import { JobStore } from './ai/job-store.ts';
import { Accounts } from './auth/accounts.ts';
import { AttemptLimiter } from './auth/attempt-limiter.ts';
import { SessionStore } from './auth/session-store.ts';
import { type BlogConfig, type BlogOptions, isLoopback, resolveConfig } from './config.ts';
import type { BlogContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { PostsRepo } from './db/posts-repo.ts';
import { UsersRepo } from './db/users-repo.ts';
import { type BlogMetrics, createBlogMetrics } from './metrics.ts';
import { OpenAnswers } from './open-answers.ts';
import { registerApiAuthRoutes } from './routes/api-auth.ts';
import { registerApiPostRoutes } from './routes/api-posts.ts';
import { registerGenerateRoutes } from './routes/generate.ts';
import { answerError, registerOperationRoutes } from './routes/operations.ts';
import { registerPageFormRoutes } from './routes/page-forms.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { registerCsrfChecks } from './security/csrf.ts';
import { accountsWithDemoPassword, seedDemoData } from './seed.ts';

const BODY_LIMIT_BYTES = 64 * 1024;
const JOB_KEEP_MS = 10 * 60_000;
/** How long closing waits for open draft answers to send their shutdown event and end. */
const DRAIN_TIMEOUT_MS = 5000;
/** Redis commands into the metrics; an outage is logged once when it starts and once when it ends. */
function cacheObserver(metrics: BlogMetrics, app: () => FastifyInstance | undefined): CacheObserver {
  return {
    command: (op, seconds, ok) => metrics.cacheCommand(op, seconds, ok),
    outageStarted: (error) =>
      app()?.log.warn(`draft cache (Redis) is down, drafting without it: ${error.message}`),
    outageEnded: () => app()?.log.info('draft cache (Redis) is back'),
  };
}

/** A blog others can reach must not let anyone in with the README's demo password. */
async function refuseDemoPasswords(users: UsersRepo, host: string): Promise<void> {
  const exposed = await accountsWithDemoPassword(users);
  if (exposed.length === 0) return;
  throw new Error(
    `refusing to serve on HOST=${host}: the seeded accounts (${exposed.join(', ')}) still have the public demo password; use a database that was not seeded (DB_PATH) or bind a loopback address`,
  );
}

async function openCache(config: BlogConfig, observer: CacheObserver): Promise<DraftCache> {
  if (config.redisUrl === undefined) return new MemoryDraftCache(config.cacheMaxEntries);
  return RedisDraftCache.connect(config.redisUrl, config.cacheTtlSeconds, observer);
}

/**
 * Builds the blog (not listening yet): SQLite, sessions, draft cache (memory or Redis), routes
 * and metrics. Closing the app closes the database, the cache and running draft jobs.
 *
 * @example
 * const app = await buildApp({ ollamaHost: sim.url, seed: true });
 * await app.listen({ port: 0, host: '127.0.0.1' });
 */
export async function buildApp(options: BlogOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(options);
  let app: FastifyInstance | undefined;
  const db = openDatabase(config.dbPath);
  const metrics = createBlogMetrics();
  const timeDb = metrics.instrument.timeDb;
  const users = new UsersRepo(db, timeDb);
  let cache: DraftCache;
  try {
    if (!isLoopback(config.host)) await refuseDemoPasswords(users, config.host);
    cache = await openCache(
      config,
      cacheObserver(metrics, () => app),
    );
  } catch (error) {
    db.close();
    throw error;
  }
  const posts = new PostsRepo(db, timeDb);
  const sessions = new SessionStore(db, timeDb, {
    ttlMs: config.sessionTtlMs,
    onCount: (count) => metrics.activeSessions.set(count),
  });
  const limiter = new AttemptLimiter({
    maxAttempts: config.loginMaxFailures,
    windowMs: config.loginWindowMs,
  });
  const registrationLimiter = new AttemptLimiter({
    maxAttempts: config.registerMaxPerWindow,
    windowMs: config.registerWindowMs,
  });
  const accounts = new Accounts({
    users,
    sessions,
    limiter,
    registrationLimiter,
    onRegistered: () => metrics.registrations.inc(),
  });
  const drafts = new DraftService({
    ollamaHost: config.ollamaHost,
    model: config.model,
    timeoutMs: config.generationTimeoutMs,
    maxTokens: config.maxTokens,
    cache,
    metrics: metrics.drafts,
  });
  const jobs = new JobStore({
    maxJobs: config.draftJobsMax,
    maxJobsPerUser: config.draftJobsPerUser,
    keepMs: JOB_KEEP_MS,
  });
  const draftAnswers = new OpenAnswers();
  const ctx: BlogContext = { config, accounts, posts, drafts, draftAnswers, jobs, cache, metrics };

  // No per-request log lines: under load they would cost more than the requests themselves.
  app = Fastify({
    logger: config.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // A path Fastify cannot decode (bad percent-encoding) gets the blog's own error answer and
    // is counted like any other request (no hook runs for it).
    frameworkErrors: (error, request, reply) => {
      metrics.instrument.http.track(request.raw, reply.raw, () => undefined);
      // This request skipped the hooks (and the decorators' defaults): anonymous, no token.
      request.user = null;
      request.csrfToken = null;
      reply.header('x-content-type-options', 'nosniff');
      return answerError(request, reply, error.statusCode ?? 400, 'The request path is not valid');
    },
  });
  app.decorate('blogConfig', config);
  // No response may be sniffed into another type (a JSON error read as HTML, for instance).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  // Drain. Fastify has stopped routing (new requests get 503) when this runs; the open drafts
  // end now with an event that says the blog is shutting down, and once they have been sent,
  // Fastify closes the idle connections and the server.
  app.addHook('preClose', async () => {
    drafts.close();
    jobs.close();
    await draftAnswers.allClosed(DRAIN_TIMEOUT_MS);
  });
  app.addHook('onClose', async () => {
    sessions.close();
    await cache.close();
    db.close();
  });
  await app.register(metrics.instrument.fastifyPlugin);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.addHook('preHandler', async (request) => accounts.authenticate(request));
  registerCsrfChecks(app, config.sessionSecret);
  registerOperationRoutes(app, ctx);
  registerApiAuthRoutes(app, ctx);
  registerApiPostRoutes(app, ctx);
  registerGenerateRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  registerPageFormRoutes(app, ctx);
  if (config.seed) await seedDemoData(users, posts);
  return app;
}
