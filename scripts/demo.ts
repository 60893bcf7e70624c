/**
 * `npm run demo`: the whole story on one machine with nothing else to start. The LLM
 * simulator and the blog come up in this process on free loopback ports, then Salvo, as a
 * user runs it (`salvo ...`), asks three questions of them:
 *   1. the blog's load test (its weighted user mix, scraping the blog's /metrics): summary,
 *      results JSON, CSV and HTML report;
 *   2. a concurrency sweep of three blog endpoints: the knee and the USL fit;
 *   3. a cache test of AI drafts: cold against warm, the speed-up, the hit ratio.
 * Everything lands in demo-results/ (an HTML report per step), in about two minutes.
 *   DEMO_DURATION=60s npm run demo   a longer load test
 *   DEMO_SHORT=1 npm run demo        the shortened form CI runs (test/demo.test.ts)
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBlog } from '@salvo/blog';
import { startLlmSim } from '@salvo/llm-sim';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = process.env.DEMO_RESULTS_DIR ?? `${root}demo-results`;
const salvoBin = `${root}packages/salvo/bin/salvo.js`;
const loadTest = `${root}examples/blog/load/blog.ts`;
const short = process.env.DEMO_SHORT === '1';

/** The sweep and the cache test, sized so the whole demo takes about two minutes (seconds in CI). */
const SIZES = short
  ? { levels: '1,5', levelDuration: '1s', warmup: '0', drafts: 2, warm: 3 }
  : { levels: '1,5,10,20,50', levelDuration: '3s', warmup: '1s', drafts: 5, warm: 10 };

const sim = await startLlmSim({ port: 0 });
const blog = await startBlog({ ollamaHost: sim.url, seed: true, logger: false });
process.stdout.write(`LLM simulator  ${sim.url}\nblog           ${blog.url}\n`);
mkdirSync(resultsDir, { recursive: true });

// Ctrl-C reaches the running salvo too (same terminal): it stops gracefully and still writes
// what it measured; the demo then goes on to stop the blog and the simulator.
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
});

/** Runs `salvo ARGS` as `npx salvo` would (npm run puts the pinned Node first on the PATH). */
function salvo(step: string, args: readonly string[]): Promise<number> {
  process.stdout.write(
    `\n== ${step}\n   salvo ${args.map((arg) => (/[\s"'{}?&]/.test(arg) ? `'${arg}'` : arg)).join(' ')}\n\n`,
  );
  return new Promise((resolve) => {
    const child = spawn(salvoBin, args, { stdio: 'inherit', env: { ...process.env, BLOG_URL: blog.url } });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** A session cookie of a fresh author: drafting needs a logged-in writer. */
async function authorCookie(): Promise<string> {
  const credentials = JSON.stringify({
    username: `demo-${Date.now().toString(36)}`,
    password: 'demo-password-123',
  });
  const post = (path: string) =>
    fetch(`${blog.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credentials,
    });
  await post('/api/register');
  const login = await post('/api/login');
  if (!login.ok) throw new Error(`demo: logging in to the blog failed (${login.status})`);
  return login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

const codes: Record<string, number> = {};
try {
  codes.run = await salvo(
    "1/3 the blog's user mix: readers arrive at a steady rate, authors log in, write, read and ask for AI drafts",
    [
      'run',
      loadTest,
      // the blog's own metrics beside the client's (docs/scrape.md)
      '--scrape',
      `${blog.url}/metrics`,
      '--out',
      `json=${resultsDir}/results.json`,
      '--out',
      `csv=${resultsDir}/results.csv`,
      '--out',
      `html=${resultsDir}/report.html`,
    ],
  );
  if (!interrupted) {
    codes.sweep = await salvo(
      '2/3 a concurrency sweep of three endpoints: where throughput stops growing (docs/suites.md)',
      [
        'sweep',
        '--url',
        `${blog.url}/`,
        '--url',
        `${blog.url}/api/posts?page=1&pageSize=10`,
        '--url',
        `${blog.url}/api/posts/1`,
        '--levels',
        SIZES.levels,
        '--duration',
        SIZES.levelDuration,
        '--warmup',
        SIZES.warmup,
        '--workers',
        '1',
        '--out',
        `json=${resultsDir}/sweep.json`,
        '--out',
        `html=${resultsDir}/sweep.html`,
      ],
    );
  }
  if (!interrupted) {
    const stamp = Date.now().toString(36);
    const keys = Array.from({ length: SIZES.drafts }, (_, i) => [
      '--key',
      `Load testing notes ${i + 1} (${stamp})`,
    ]).flat();
    codes.cache = await salvo('3/3 a cache test of AI drafts: a cold draft, then warm ones, per title', [
      'cache',
      '--url',
      `${blog.url}/generate-blog?stream=false`,
      '--method',
      'POST',
      '--header',
      'content-type: application/json',
      '--header',
      `cookie: ${await authorCookie()}`,
      '--body',
      '{"title":"{key}"}',
      ...keys,
      '--warm',
      String(SIZES.warm),
      '--scrape',
      `${blog.url}/metrics`,
      '--out',
      `json=${resultsDir}/cache.json`,
      '--out',
      `html=${resultsDir}/cache.html`,
    ]);
  }
} finally {
  process.stdout.write('\nstopping the blog and the LLM simulator\n');
  await blog.close();
  await sim.close();
}

const written = [
  'report.html',
  ...(codes.sweep === undefined ? [] : ['sweep.html']),
  ...(codes.cache === undefined ? [] : ['cache.html']),
];
process.stdout.write(
  `\nresults in ${resultsDir}: results.json, results.csv, sweep.json, cache.json (salvo exit codes: ${JSON.stringify(codes)})\n` +
    `reports: ${written.map((file) => `file://${resultsDir}/${file}`).join('\n         ')}\n`,
);
// the load test's verdict is the demo's; the suites report, they do not gate
process.exitCode = interrupted ? 2 : (codes.run ?? 1);
