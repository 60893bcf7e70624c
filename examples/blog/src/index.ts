/**
 * @salvo/blog: the reference system under test. A Fastify blog with accounts, posts, and AI
 * drafts from an Ollama-compatible model (streamed over SSE, cached in memory or Redis),
 * instrumented with @salvo/instrument.
 *
 * @example
 * import { startLlmSim } from '@salvo/llm-sim';
 * import { startBlog } from '@salvo/blog';
 * const sim = await startLlmSim({ port: 0 });
 * const blog = await startBlog({ ollamaHost: sim.url, seed: true });
 * console.log(blog.url); // http://127.0.0.1:<port>
 * await blog.close();
 * await sim.close();
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { BlogOptions } from './config.ts';

export { buildApp } from './app.ts';
export { type BlogOptions, optionsFromEnv, resolveConfig } from './config.ts';
export { SEED_PASSWORD, SEED_USERS } from './seed.ts';

export interface RunningBlog {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the blog and listens on options.host (default 127.0.0.1) and options.port (default 0). */
export async function startBlog(options: BlogOptions = {}): Promise<RunningBlog> {
  const app = await buildApp(options);
  const host = app.blogConfig.host;
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the blog is not listening on TCP');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, app, close: () => app.close() };
}
