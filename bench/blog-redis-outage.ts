/**
 * What a Redis outage costs an AI draft: drafts of new titles (cache misses: one Redis GET, the
 * model, one Redis SET) with Redis up, then with the redis-server process stopped, against a
 * model that takes 0.2 s to its first token (as in the fault drill of issue #19).
 *
 *   node bench/blog-redis-outage.ts [--drafts 6]
 *
 * Needs redis-server on PATH. One client, one draft at a time: the figure is the latency a user
 * sees, not throughput.
 */
import { parseArgs } from 'node:util';
import { startBlog } from '@salvo/blog';
import { startLlmSim } from '@salvo/llm-sim';
import { startRedis } from '../test/helpers/redis.ts';

const MODEL = { timeToFirstTokenMs: 200, tokensPerSecond: 2000, jitter: 0, errorRate: 0, maxConcurrency: 4 };

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'salvo-demo-password' }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

async function draftMs(url: string, cookie: string, title: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/generate-blog?stream=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { cached?: boolean; error?: string };
  if (response.status !== 200 || body.cached !== false)
    throw new Error(`draft: ${response.status} ${body.error}`);
  return performance.now() - started;
}

function summary(label: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `| ${label} | ${ms.length} | ${median.toFixed(0)} | ${(sorted.at(-1) ?? 0).toFixed(0)} | ${ms.map((m) => m.toFixed(0)).join(', ')} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { drafts: { type: 'string' } } });
  const drafts = Number(values.drafts ?? 6);
  if (!Number.isInteger(drafts) || drafts < 1) throw new Error('--drafts must be a positive integer');
  const redis = await startRedis();
  const sim = await startLlmSim({ port: 0, seed: 1, models: { 'llama3.2': MODEL } });
  const blog = await startBlog({ ollamaHost: sim.url, redisUrl: redis.url, seed: true, logger: false });
  try {
    const cookie = await login(blog.url);
    const up: number[] = [];
    for (let i = 0; i < drafts; i += 1) up.push(await draftMs(blog.url, cookie, `Redis up ${i}`));
    await redis.stop();
    const down: number[] = [];
    for (let i = 0; i < drafts; i += 1) down.push(await draftMs(blog.url, cookie, `Redis down ${i}`));
    console.log(`blog-redis-outage: drafts of new titles, model ${JSON.stringify(MODEL)}`);
    console.log('| Redis | drafts | median ms | max ms | each ms |\n|---|---:|---:|---:|---|');
    console.log(summary('up', up));
    console.log(summary('stopped', down));
  } finally {
    await blog.close();
    await sim.close();
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`blog-redis-outage: ${(error as Error).message}`);
  process.exitCode = 1;
});
