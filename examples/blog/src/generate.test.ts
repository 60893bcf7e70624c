import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SHUTTING_DOWN_MESSAGE } from './ai/draft-service.ts';
import type { JobView } from './ai/job-store.ts';
import { type RunningBlog, startBlog } from './index.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, parseSse, type Stack, sample, startStack } from './testing.ts';

const SSE = { accept: 'text/event-stream' };

async function author(url: string, username = 'alice'): Promise<Client> {
  const client = new Client(url);
  const answer = await client.login(username, SEED_PASSWORD);
  assert.equal(answer.status, 200);
  return client;
}

async function pollJob(client: Client, id: string): Promise<JobView> {
  for (let i = 0; i < 200; i += 1) {
    const job = (await client.request('GET', `/generate-blog/jobs/${id}`)).json<JobView>();
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} still running after 200 polls`);
}

async function metrics(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

describe('AI drafting', () => {
  let stack: Stack;
  let second: RunningBlog;

  before(async () => {
    stack = await startStack({ seed: true });
    second = await startBlog({ ollamaHost: stack.sim.url, seed: true });
  });
  after(async () => {
    await second.close();
    await stack.close();
  });

  test('SSE chunks arrive in order, end with done, and match the job result', async () => {
    const title = 'Streaming drafts in order';
    const streamed = await (await author(stack.url)).request('POST', '/generate-blog', {
      json: { title },
      headers: SSE,
    });
    assert.equal(streamed.status, 200);
    assert.match(streamed.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = parseSse(streamed.text);
    const chunks = events.filter((e) => e.event === 'chunk');
    assert.ok(chunks.length >= 2, `streamed in pieces, got ${chunks.length}`);
    assert.equal(events.at(-1)?.event, 'done');
    assert.equal(events.at(-1)?.data.cached, false);
    assert.equal(events.filter((e) => e.event === 'done').length, 1);
    const text = chunks.map((e) => e.data.text).join('');

    // A second blog has its own cache, so its job asks the model afresh for the same title.
    const poller = await author(second.url);
    const accepted = await poller.request('POST', '/generate-blog/jobs', { json: { title } });
    assert.equal(accepted.status, 202);
    const { id } = accepted.json<JobView>();
    assert.equal(accepted.headers.get('location'), `/generate-blog/jobs/${id}`);
    const job = await pollJob(poller, id);
    assert.equal(job.status, 'done');
    assert.equal(job.result?.cached, false);
    assert.equal(job.result?.draft, text);
    assert.equal(job.progress.chars, text.length);
  });

  test('the same title comes back from the cache, immediately, counted as a hit', async () => {
    const client = await author(stack.url, 'bob');
    const title = 'Caching drafts by title';
    const first = await client.request('POST', '/generate-blog?stream=false', { json: { title } });
    assert.equal(first.status, 200);
    assert.equal(first.json<{ cached: boolean }>().cached, false);
    const before = await metrics(stack.url);
    const again = await client.request('POST', '/generate-blog', {
      json: { title: `  ${title} ` },
      headers: SSE,
    });
    const events = parseSse(again.text);
    assert.deepEqual(
      events.map((e) => e.event),
      ['chunk', 'done'],
    );
    assert.equal(events[0]?.data.text, first.json<{ draft: string }>().draft);
    assert.equal(events[1]?.data.cached, true);
    const afterText = await metrics(stack.url);
    const hits = (text: string): number => sample(text, 'cache_hits_total', ['cache="drafts"']) ?? 0;
    assert.equal(hits(afterText) - hits(before), 1);
    assert.ok((sample(afterText, 'cache_misses_total', ['cache="drafts"']) ?? 0) >= 1);
    assert.ok(
      (sample(afterText, 'ai_generation_seconds_count', ['model="llama3.2"', 'outcome="success"']) ?? 0) >= 1,
    );
    assert.ok((sample(afterText, 'ai_time_to_first_token_seconds_count', ['model="llama3.2"']) ?? 0) >= 1);
    assert.match(afterText, /ai_generation_seconds_bucket\{le="60",[^}]*model="llama3.2"/);
  });

  test('drafting needs an author: anonymous 401, reader 403; bad input 400; unknown job 404', async () => {
    const anonymous = new Client(stack.url);
    assert.equal((await anonymous.request('POST', '/generate-blog', { json: { title: 't' } })).status, 401);
    const reader = await author(stack.url, 'carol');
    assert.equal((await reader.request('POST', '/generate-blog/jobs', { json: { title: 't' } })).status, 403);
    const client = await author(stack.url);
    for (const json of [{}, { title: '' }, { title: '   ' }, { title: 'x'.repeat(201) }]) {
      const answer = await client.request('POST', '/generate-blog', { json });
      assert.equal(answer.status, 400, JSON.stringify(json));
      assert.match(answer.json<{ error: string }>().error, /title/);
    }
    assert.equal((await client.request('GET', '/generate-blog/jobs/not-a-uuid')).status, 400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.equal((await client.request('GET', `/generate-blog/jobs/${unknown}`)).status, 404);
    const { id } = (
      await client.request('POST', '/generate-blog/jobs', { json: { title: 'Private job' } })
    ).json<JobView>();
    const other = await author(stack.url, 'bob');
    assert.equal((await other.request('GET', `/generate-blog/jobs/${id}`)).status, 404, "another user's job");
    assert.equal((await pollJob(client, id)).status, 'done');
  });
});

describe('AI drafting when the model fails', () => {
  let failing: Stack;

  before(async () => {
    failing = await startStack({ seed: true }, { errorRate: 1 });
  });
  after(() => failing.close());

  test('an erroring model gives 502 / an error job, is counted, and nothing is cached', async () => {
    const client = await author(failing.url);
    const title = 'Doomed draft';
    const json = await client.request('POST', '/generate-blog?stream=false', { json: { title } });
    assert.equal(json.status, 502);
    assert.match(json.json<{ error: string }>().error, /model server answered 500/);
    const sse = await client.request('POST', '/generate-blog', { json: { title }, headers: SSE });
    assert.equal(sse.status, 502, 'fails before the first chunk, so a real status');
    const { id } = (await client.request('POST', '/generate-blog/jobs', { json: { title } })).json<JobView>();
    const job = await pollJob(client, id);
    assert.equal(job.status, 'error');
    assert.equal(job.error?.statusCode, 502);
    const text = await metrics(failing.url);
    assert.equal(sample(text, 'ai_inferences_total', ['outcome="error"']), 3);
    assert.equal(
      sample(text, 'ai_generation_seconds_count', ['outcome="error"']),
      3,
      'failed calls are timed',
    );
    assert.equal(sample(text, 'ai_time_to_first_token_seconds_count') ?? 0, 0, 'no token ever came');
    assert.equal(
      sample(text, 'cache_misses_total', ['cache="drafts"']),
      3,
      'every attempt missed: nothing cached',
    );
    assert.equal(sample(text, 'cache_hits_total', ['cache="drafts"']) ?? 0, 0);
  });

  test('an unreachable model server is a clear 502', async () => {
    const blog = await startBlog({ ollamaHost: 'http://127.0.0.1:9', seed: true });
    try {
      const answer = await (await author(blog.url)).request('POST', '/generate-blog?stream=false', {
        json: { title: 'Nobody home' },
      });
      assert.equal(answer.status, 502);
      assert.match(answer.json<{ error: string }>().error, /Cannot reach the model server/);
    } finally {
      await blog.close();
    }
  });
});

describe('AI drafting timeouts', () => {
  test('no first token in time: 504; mid-stream: an SSE error event; neither cached', async () => {
    const slowStart = await startStack(
      { seed: true, generationTimeoutMs: 150 },
      { timeToFirstTokenMs: 3000 },
    );
    try {
      const client = await author(slowStart.url);
      const answer = await client.request('POST', '/generate-blog', {
        json: { title: 'Too slow' },
        headers: SSE,
      });
      assert.equal(answer.status, 504);
      assert.match(answer.json<{ error: string }>().error, /did not finish within 0.15 s/);
      const text = await metrics(slowStart.url);
      assert.equal(sample(text, 'ai_inferences_total', ['outcome="error"']), 1);
      const timedOut = sample(text, 'ai_generation_seconds_sum', ['outcome="error"']) ?? 0;
      assert.ok(timedOut >= 0.15 && timedOut < 3, `the timed-out call is timed: ${timedOut} s`);
    } finally {
      await slowStart.close();
    }
    const slowStream = await startStack({ seed: true, generationTimeoutMs: 800 }, { tokensPerSecond: 10 });
    try {
      const client = await author(slowStream.url);
      const title = 'Cut off';
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const answer = await client.request('POST', '/generate-blog', { json: { title }, headers: SSE });
        assert.equal(answer.status, 200);
        const events = parseSse(answer.text);
        assert.equal(events[0]?.event, 'chunk');
        assert.equal(events.at(-1)?.event, 'error');
        assert.equal(events.at(-1)?.data.statusCode, 504);
      }
      const text = await metrics(slowStream.url);
      assert.equal(
        sample(text, 'cache_hits_total', ['cache="drafts"']) ?? 0,
        0,
        'the partial draft was not cached',
      );
    } finally {
      await slowStream.close();
    }
  });
});

describe('closing the blog', () => {
  test('ends open draft streams at once, each with an error event saying why', async () => {
    const slow = await startStack({ seed: true }, { tokensPerSecond: 5 });
    let blogClosed = false;
    try {
      const client = await author(slow.url);
      const response = await fetch(`${slow.url}/generate-blog`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: client.cookie ?? '', ...SSE },
        body: JSON.stringify({ title: 'A long one' }),
        signal: AbortSignal.timeout(15_000),
      });
      assert.equal(response.status, 200, 'the first chunk has arrived');
      const body = response.text();
      const startedMs = Date.now();
      await slow.blog.close();
      blogClosed = true;
      assert.ok(Date.now() - startedMs < 10_000, 'close did not wait for the ~24 s generation');
      const events = parseSse(await body);
      assert.equal(events[0]?.event, 'chunk');
      assert.deepEqual(events.at(-1), {
        event: 'error',
        data: { error: SHUTTING_DOWN_MESSAGE, statusCode: 503 },
      });
      assert.ok(!events.some((e) => e.event === 'done'));
    } finally {
      if (blogClosed) await slow.sim.close();
      else await slow.close();
    }
  });
});
