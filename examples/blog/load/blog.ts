/**
 * A load test of the blog, as its team would write it: readers arrive at a steady rate
 * (open model), authors log in, write, read and ask for AI drafts with think time between
 * (Locust-style tasks). Run it with `npm run demo`, or against a running blog:
 *   BLOG_URL=http://127.0.0.1:3000 npx salvo run examples/blog/load/blog.ts
 */
import { between, defineTest, type VU } from 'salvo';

const BLOG_URL = process.env.BLOG_URL ?? 'http://127.0.0.1:3000';
const DURATION = process.env.DEMO_DURATION ?? '20s';
const PASSWORD = 'load-test-password';

interface Post {
  id: number;
}

/** Each author VU registers its own account once, then stays logged in (cookie jar). */
async function signUp(vu: VU): Promise<void> {
  const username = `author-${vu.id}-${Date.now().toString(36)}`;
  await vu.http.post('/api/register', undefined, { json: { username, password: PASSWORD } });
  const res = await vu.http.post('/api/login', undefined, { json: { username, password: PASSWORD } });
  vu.check(res, { 'logged in': (r) => r.status === 200 });
  vu.data.postIds = [] as number[];
}

async function writePost(vu: VU): Promise<void> {
  const res = await vu.http.post('/api/posts', undefined, {
    json: {
      title: `Notes from VU ${vu.id}, iteration ${vu.iteration}`,
      body: 'Load tests find what reviews miss. '.repeat(8),
    },
  });
  if (vu.check(res, { 'post created': (r) => r.status === 201 })) {
    (vu.data.postIds as number[]).push(res.json<{ post: Post }>().post.id);
  }
}

async function readOwnPost(vu: VU): Promise<void> {
  const ids = vu.data.postIds as number[];
  const id = ids[vu.iteration % Math.max(ids.length, 1)] ?? 1;
  const res = await vu.http.get(`/api/posts/${id}`);
  vu.check(res, { 'post found': (r) => r.status === 200 });
}

/** A few titles repeat, so the draft cache gets hits as well as misses. */
async function draftWithAi(vu: VU): Promise<void> {
  const title = `Performance testing, part ${vu.iteration % 5}`;
  const res = await vu.http.post('/generate-blog?stream=false', undefined, {
    json: { title },
    timeout: '30s',
  });
  vu.check(res, {
    'draft generated': (r) => r.status === 200 && r.json<{ draft: string }>().draft.length > 0,
  });
}

export default defineTest({
  http: { baseUrl: BLOG_URL },
  scenarios: {
    readers: {
      executor: 'constant-arrival-rate',
      rate: 200,
      duration: DURATION,
      preAllocatedVUs: 20,
      maxVUs: 200,
      exec: async (vu) => {
        const home = await vu.http.get('/');
        vu.check(home, { 'home page': (r) => r.status === 200 });
        const page = await vu.http.get(`/api/posts?page=${1 + (vu.iteration % 3)}&pageSize=10`);
        vu.check(page, { 'post list': (r) => r.status === 200 });
      },
    },
    authors: {
      executor: 'constant-vus',
      vus: 10,
      duration: DURATION,
      onStart: signUp,
      tasks: [
        { name: 'read', weight: 6, run: readOwnPost },
        { name: 'write', weight: 3, run: writePost },
        { name: 'draft', weight: 1, run: draftWithAi },
      ],
      think: between(0.2, 1),
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:/api/posts/:id}': ['p(95)<250'],
    response_time: ['p(99)<1000'],
    checks: ['rate>0.99'],
  },
});
