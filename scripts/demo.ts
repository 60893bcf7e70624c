/**
 * `npm run demo`: the whole story on one machine with nothing else to start. The LLM
 * simulator and the blog come up in this process on free loopback ports, then Salvo, as a
 * user runs it (`salvo ...`), asks three questions of them:
 *   1. the blog's load test (examples/blog/load/blog.ts: the seed's weighted user mix with
 *      AI drafts streamed, beside readers arriving at a steady rate, scraping the blog's
 *      /metrics): summary, results JSON, CSV and HTML report, pass or fail by thresholds;
 *   2. a concurrency sweep of three blog endpoints: the knee and the USL fit;
 *   3. a cache test of AI drafts: cold against warm, the speed-up, the hit ratio.
 * Everything lands in demo-results/ (an HTML report per step), in about two minutes, and
 * the last lines say what passed and where the files are.
 *   DEMO_DURATION=2m npm run demo    a longer load test (the time at full load; default 40s)
 *   DEMO_SHORT=1 npm run demo        the shortened form CI runs (test/demo.test.ts)
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBlog } from '@salvo/blog';
import { startLlmSim } from '@salvo/llm-sim';
import { demoVerdict, type StepCodes } from './demo-verdict.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = process.env.DEMO_RESULTS_DIR ?? `${root}demo-results`;
const salvoBin = `${root}packages/salvo/bin/salvo.js`;
const loadTest = `${root}examples/blog/load/blog.ts`;
const short = process.env.DEMO_SHORT === '1';

/**
 * Sized so the whole demo takes about two minutes (seconds in CI): 50 users at 1–5 s of
 * think time make ~15 tasks a second, about one AI draft a second, half of what the
 * simulated model (4 at once, ~2 s each) can generate; 20 readers a second beside them.
 */
const SIZES = short
  ? { users: 14, ramp: '1s', duration: '5s', readersRate: 5, levels: '1,5', levelDuration: '1s', warmup: '0' }
  : {
      users: 50,
      ramp: '10s',
      duration: '40s',
      readersRate: 20,
      levels: '1,5,10,20,50',
      levelDuration: '2s',
      warmup: '1s',
    };
const DRAFTS = short ? { titles: 2, warm: 3 } : { titles: 5, warm: 10 };

const startedMs = Date.now();
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
say('starting the LLM simulator and the blog (in this process, on free loopback ports)');
const sim = await startLlmSim({ port: 0 });
const blog = await startBlog({ ollamaHost: sim.url, seed: true, logger: false });
say(`  LLM simulator  ${sim.url}\n  blog           ${blog.url}`);
mkdirSync(resultsDir, { recursive: true });

// Ctrl-C reaches the running salvo too (same terminal): it stops gracefully and still writes
// what it measured; the demo then goes on to stop the blog and the simulator.
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
});

/** An argument as the demo prints it: quoted where a shell needs it, a session cookie hidden. */
function shown(arg: string): string {
  const text = arg.replace(/^(cookie:\s*[^=]+=).*/i, '$1…');
  return /[\s"'{}?&]/.test(text) ? `'${text}'` : text;
}

/** Runs `salvo ARGS` as `npx salvo` would (npm run puts the pinned Node first on the PATH). */
function salvo(step: string, args: readonly string[], env: Record<string, string> = {}): Promise<number> {
  say(`\n== ${step}\n   salvo ${args.map(shown).join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(salvoBin, args, {
      stdio: 'inherit',
      env: { ...process.env, BLOG_URL: blog.url, ...env },
    });
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

const codes: StepCodes = {};
try {
  codes.run = await salvo(
    `1/3 the blog's users (${SIZES.users}, arriving over ${SIZES.ramp}: view home, read a post, log in, write a post, ask for an AI draft, 1–5 s of think time) and ${SIZES.readersRate} readers a second, for ${process.env.DEMO_DURATION ?? SIZES.duration}`,
    [
      'run',
      loadTest,
      '--out',
      `json=${resultsDir}/results.json`,
      '--out',
      `csv=${resultsDir}/results.csv`,
      '--out',
      `html=${resultsDir}/report.html`,
    ],
    {
      DEMO_DURATION: process.env.DEMO_DURATION ?? SIZES.duration,
      DEMO_RAMP: SIZES.ramp,
      DEMO_USERS: String(SIZES.users),
      DEMO_READERS_RATE: String(SIZES.readersRate),
    },
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
    const keys = Array.from({ length: DRAFTS.titles }, (_, i) => [
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
      String(DRAFTS.warm),
      '--scrape',
      `${blog.url}/metrics`,
      '--out',
      `json=${resultsDir}/cache.json`,
      '--out',
      `html=${resultsDir}/cache.html`,
    ]);
  }
} finally {
  say('\nstopping the blog and the LLM simulator');
  await blog.close();
  await sim.close();
}

const verdict = demoVerdict(resultsDir, codes, { interrupted, elapsedMs: Date.now() - startedMs });
say(`\n${verdict.lines.join('\n')}`);
process.exitCode = verdict.exitCode;
