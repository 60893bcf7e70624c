/**
 * Runs the blog alone: node examples/blog/src/main.ts
 * Env: PORT (default 3000), HOST (127.0.0.1), OLLAMA_HOST, REDIS_URL, DB_PATH, SESSION_SECRET, MODEL, SEED=1.
 */
import { optionsFromEnv } from './config.ts';
import { startBlog } from './index.ts';
import { stopOnSignals } from './stop-on-signals.ts';

const DEFAULT_PORT = 3000;

try {
  const options = optionsFromEnv();
  const blog = await startBlog({ ...options, port: options.port ?? DEFAULT_PORT });
  console.log(`blog listening on ${blog.url}`);
  stopOnSignals(() => blog.close());
} catch (error) {
  console.error(`blog: ${(error as Error).message}`);
  process.exitCode = 1;
}
