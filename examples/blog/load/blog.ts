/**
 * A load test of the blog, as its team would write it: the users of the seed's load test
 * (Locust-style weighted tasks: view the home page, read a post, log in, write a post, ask
 * for an AI draft, with 1–5 s of think time), arriving over a ramp as Locust spawns them,
 * beside anonymous readers arriving at a steady rate (open model, so a slow service shows
 * in `response_time`). AI drafts are read as the browser reads them, streamed as
 * server-sent events, so the results carry time to first token and tokens per second, and
 * the blog's own `ai_*` metrics are scraped beside them.
 *
 * Run it with `npm run demo`, or against a running blog:
 *   BLOG_URL=http://127.0.0.1:3000 npx salvo run examples/blog/load/blog.ts
 * Sizes: DEMO_DURATION (time at full load, default 40s), DEMO_RAMP (users arriving, 10s),
 * DEMO_USERS (50), DEMO_READERS_RATE (readers arriving per second, 20).
 */
import { between, defineTest, Trend, type VU } from 'salvo';

const BLOG_URL = process.env.BLOG_URL ?? 'http://127.0.0.1:3000';
const DURATION = process.env.DEMO_DURATION ?? '40s';
const RAMP = process.env.DEMO_RAMP ?? '10s';
const USERS = Number(process.env.DEMO_USERS ?? 50);
const READERS_RATE = Number(process.env.DEMO_READERS_RATE ?? 20);
/** The users share this many author accounts, made by the test on a blog that lacks them. */
const ACCOUNTS = 10;
const PASSWORD = 'load-test-password';

/** One draft's output tokens over its whole time, first token included (llmperf's, docs/llm.md). */
const draftTokensPerSecond = new Trend('draft_tokens_per_second');

interface Post {
  id: number;
}

interface SetupData {
  postIds: number[];
}

const knownPosts = (vu: VU): number[] => [
  ...(vu.setupData as SetupData).postIds,
  ...((vu.data.ownPosts as number[] | undefined) ?? []),
];
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

async function viewHome(vu: VU): Promise<void> {
  const res = await vu.http.get('/');
  vu.check(res, { 'home page': (r) => r.status === 200 });
}

/** A post the user knows of (none yet on an empty blog: then there is nothing to read). */
async function readPost(vu: VU): Promise<void> {
  const id = pick(knownPosts(vu));
  if (id === undefined) return;
  const res = await vu.http.get(`/post/${id}`);
  vu.check(res, { 'post page': (r) => r.status === 200 });
}

/**
 * Each user logs in to one of the shared author accounts (its own session). On a blog that
 * lacks the account, the users who find it missing register it (409: another just did; 429:
 * this address registered its share), then log in: the login's check says if that failed.
 */
async function logIn(vu: VU): Promise<void> {
  const json = { username: `load-author-${1 + (vu.id % ACCOUNTS)}`, password: PASSWORD };
  let res = await vu.http.post('/api/login', undefined, { json, expectedStatuses: [200, 401] });
  if (res.status === 401) {
    await vu.http.post('/api/register', undefined, { json, expectedStatuses: [201, 409, 429] });
    res = await vu.http.post('/api/login', undefined, { json });
  }
  vu.check(res, { 'logged in': (r) => r.status === 200 });
}

async function writePost(vu: VU): Promise<void> {
  const res = await vu.http.post('/api/posts', undefined, {
    json: {
      title: `Notes from VU ${vu.id}, iteration ${vu.iteration}`,
      body: 'Load tests find what reviews miss. '.repeat(8),
    },
  });
  if (vu.check(res, { 'post created': (r) => r.status === 201 })) {
    vu.data.ownPosts = [
      ...((vu.data.ownPosts as number[] | undefined) ?? []),
      res.json<{ post: Post }>().post.id,
    ];
  }
}

/**
 * Streams a draft as the blog's page does (`chunk` events, then `done`, or `error`). Titles
 * are new each time, so every draft is the model's (the cache is the demo's third step):
 * the first event is the first token, and the client's figures compare with the blog's.
 */
async function askForDraft(vu: VU): Promise<void> {
  const startedMs = performance.now();
  const stream = vu.http.sse('/generate-blog', {
    method: 'POST',
    json: { title: `Load testing, as seen by VU ${vu.id} (draft ${vu.iteration})` },
    timeout: '60s',
    done: (event) => event.event !== 'chunk',
  });
  let tokens = 0;
  let last = '';
  for await (const event of stream) {
    if (event.event === 'chunk') tokens++;
    last = event.event;
  }
  const streamed = vu.check(stream, { 'draft streamed to the end': () => last === 'done' && tokens > 0 });
  if (streamed) draftTokensPerSecond.add(tokens / ((stream.receivedAtMs - startedMs) / 1000));
}

export default defineTest({
  http: { baseUrl: BLOG_URL },
  // the blog's own view of the same moments: its routes, database, cache and model calls
  scrape: [{ url: `${BLOG_URL}/metrics`, keep: ['ai_generation_seconds', 'ai_time_to_first_token_seconds'] }],
  setup: async () => {
    const res = await fetch(`${BLOG_URL}/api/posts?page=1&pageSize=20`);
    if (!res.ok) throw new Error(`the blog at ${BLOG_URL} answered ${res.status} for its post list`);
    const { posts } = (await res.json()) as { posts: Post[] };
    return { postIds: posts.map((post) => post.id) } satisfies SetupData;
  },
  scenarios: {
    users: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: RAMP, target: USERS },
        { duration: DURATION, target: USERS },
      ],
      onStart: logIn,
      tasks: [
        { name: 'view home', weight: 4, run: viewHome },
        { name: 'read a post', weight: 6, run: readPost },
        { name: 'log in', weight: 1, run: logIn },
        { name: 'write a post', weight: 2, run: writePost },
        { name: 'ask for an AI draft', weight: 1, run: askForDraft },
      ],
      think: between(1, 5),
    },
    readers: {
      executor: 'constant-arrival-rate',
      rate: READERS_RATE,
      duration: DURATION,
      startTime: RAMP,
      preAllocatedVUs: Math.max(5, READERS_RATE),
      maxVUs: READERS_RATE * 10,
      exec: async (vu) => {
        await viewHome(vu);
        await readPost(vu);
      },
    },
  },
  // What a healthy blog meets with a wide margin on a busy laptop (pages take milliseconds,
  // the simulated model 150 ms to its first token and 60 tokens/s), and a sick one does not.
  thresholds: {
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    // readers, from the moment each was due: a queue in front of the blog counts
    response_time: ['p(95)<1000'],
    'http_req_duration{name:/post/:id}': ['p(95)<500'],
    // the first token of a draft, connecting and the model's queue included
    stream_time_to_first_event: ['p(95)<3000'],
    // nine drafts in ten stream faster than a person reads (~10 tokens/s)
    draft_tokens_per_second: ['p(10)>10'],
  },
});
