/**
 * The blog's draft cache under load: POST /generate-blog?stream=false (the non-streamed JSON
 * variant) with distinct titles (cold: every request asks the model) against one title
 * (warm: served from the in-memory cache), and GET / (the home page) for scale.
 *
 *   node bench/blog-cache.ts [--seconds 8] [--connections 16]
 *
 * The simulator and the blog run in a child process (this file with --serve), autocannon in
 * this one, so the load generator does not share the server's event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

/** The simulated model: 100 ms to the first token, 100 tokens/s, 120 tokens, 8 at once. */
const BENCH_MODEL = {
  timeToFirstTokenMs: 100,
  tokensPerSecond: 100,
  jitter: 0.1,
  errorRate: 0,
  maxConcurrency: 8,
};

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: (AutocannonRequest & { setupRequest?: (req: AutocannonRequest) => AutocannonRequest })[];
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => void;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function run(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function serve(): Promise<void> {
  const { startLlmSim } = await import('@salvo/llm-sim');
  const { startBlog } = await import('@salvo/blog');
  const sim = await startLlmSim({ port: 0, seed: 1, models: { 'llama3.2': BENCH_MODEL } });
  const blog = await startBlog({ ollamaHost: sim.url, seed: true, logger: false });
  process.stdout.write(`${JSON.stringify({ url: blog.url })}\n`);
  process.once('SIGTERM', () => {
    void Promise.all([blog.close(), sim.close()]).then(() => process.exit(0));
  });
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    buffered += chunk.toString();
    const line = buffered.split('\n').find((l) => l.startsWith('{'));
    if (line !== undefined) return { url: (JSON.parse(line) as { url: string }).url, child };
  }
  throw new Error('the blog server exited before printing its URL');
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'salvo-demo-password' }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

interface Row {
  name: string;
  result: AutocannonResult;
}

function table(rows: Row[]): string {
  const cold = rows[0]?.result.requests.total ?? 0;
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | errors+non2xx | req/s vs cold |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const { name, result } of rows) {
    const rps = result.requests.total / result.duration;
    const coldRps = cold / (rows[0]?.result.duration ?? 1);
    const bad = result.errors + result.timeouts + result.non2xx;
    lines.push(
      `| ${name} | ${rps.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ${bad} | ${(rps / coldRps).toFixed(1)}x |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { serve: { type: 'boolean' }, seconds: { type: 'string' }, connections: { type: 'string' } },
  });
  if (values.serve === true) return serve();
  const duration = Number(values.seconds ?? 8);
  const connections = Number(values.connections ?? 16);
  if (!(duration > 0) || !(connections > 0))
    throw new Error('--seconds and --connections must be positive numbers');
  const { url, child } = await startServer();
  try {
    const cookie = await login(url);
    const headers = { 'content-type': 'application/json', cookie };
    const path = '/generate-blog?stream=false';
    let n = 0;
    const coldTitle = (req: AutocannonRequest): AutocannonRequest => ({
      ...req,
      body: JSON.stringify({ title: `Cold ${n++}` }),
    });
    const warmBody = JSON.stringify({ title: 'One warm title' });
    await fetch(url + path, { method: 'POST', headers, body: warmBody });
    const base = { url, connections, duration };
    const rows: Row[] = [];
    rows.push({
      name: 'generate cold (distinct titles)',
      result: await run({ ...base, requests: [{ method: 'POST', path, headers, setupRequest: coldTitle }] }),
    });
    rows.push({
      name: 'generate warm (one title, cached)',
      result: await run({ ...base, method: 'POST', headers, body: warmBody, url: url + path }),
    });
    rows.push({ name: 'home page GET /', result: await run({ ...base, url: `${url}/` }) });
    console.log(
      `blog-cache: ${connections} connections, ${duration} s each; model ${JSON.stringify(BENCH_MODEL)}`,
    );
    console.log(table(rows));
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

main().catch((error: unknown) => {
  console.error(`blog-cache: ${(error as Error).message}`);
  process.exitCode = 1;
});
