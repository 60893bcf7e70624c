import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DraftEvent } from './ai/draft-service.ts';
import { JobStore, type JobView } from './ai/job-store.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, parseSse, type Stack, sample, startStack } from './testing.ts';

const SSE = { accept: 'text/event-stream' };

async function loggedIn(url: string, username: string): Promise<Client> {
  const client = new Client(url);
  assert.equal((await client.login(username, SEED_PASSWORD)).status, 200);
  return client;
}

describe('concurrent requests for one new title (cache stampede)', () => {
  let stack: Stack;

  before(async () => {
    // 300 ms to the first token, then 2 s of tokens: every request arrives while the first call runs.
    stack = await startStack({ seed: true }, { timeToFirstTokenMs: 300, tokensPerSecond: 200 });
  });
  after(() => stack.close());

  test('ten at once make one model call; each streams the same draft', async () => {
    const clients = [await loggedIn(stack.url, 'alice'), await loggedIn(stack.url, 'bob')];
    const modelCalls = stack.sim.stats().requests;
    const title = 'Ten readers, one model call';
    const drafts = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const client = clients[i % 2] as Client;
        if (i % 2 === 0) {
          const answer = await client.request('POST', '/generate-blog?stream=false', { json: { title } });
          assert.equal(answer.status, 200, answer.text);
          return answer.json<{ draft: string; cached: boolean }>();
        }
        const events = parseSse(
          (await client.request('POST', '/generate-blog', { json: { title }, headers: SSE })).text,
        );
        assert.equal(events.at(-1)?.event, 'done');
        const chunks = events.filter((e) => e.event === 'chunk');
        assert.ok(chunks.length >= 2, 'a joined request streams chunk by chunk too');
        return { draft: chunks.map((e) => e.data.text).join(''), cached: events.at(-1)?.data.cached };
      }),
    );
    assert.equal(stack.sim.stats().requests - modelCalls, 1, 'one model call');
    assert.equal(new Set(drafts.map((d) => d.draft)).size, 1, 'one draft for all');
    assert.ok((drafts[0]?.draft.length ?? 0) > 0);
    assert.ok(drafts.every((d) => d.cached === false));
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    assert.equal(sample(text, 'ai_inferences_joined_total', ['model="llama3.2"']), 9);
    assert.equal(sample(text, 'ai_inferences_total', ['outcome="success"']), 1);
    assert.equal(sample(text, 'cache_misses_total', ['cache="drafts"']), 10);
    const again = await clients[0]?.request('POST', '/generate-blog?stream=false', { json: { title } });
    assert.equal(again?.json<{ cached: boolean }>().cached, true, 'then it is in the cache');
  });

  test('the model call goes on while one requester stays; it stops when the last one leaves', async () => {
    const alice = await loggedIn(stack.url, 'alice');
    const open = (title: string) =>
      fetch(`${stack.url}/generate-blog`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: alice.cookie ?? '', ...SSE },
        body: JSON.stringify({ title }),
        signal: AbortSignal.timeout(15_000),
      });
    const { requests, aborted } = stack.sim.stats();
    const [leaver, stayer] = await Promise.all([
      open('One leaves, one stays'),
      open('One leaves, one stays'),
    ]);
    await leaver.body?.cancel();
    const events = parseSse(await stayer.text());
    assert.equal(events.at(-1)?.event, 'done', 'the one who stayed got the whole draft');
    assert.equal(stack.sim.stats().requests - requests, 1);
    assert.equal(stack.sim.stats().aborted, aborted, 'the model call was not cancelled');

    const lone = await open('Nobody stays');
    await lone.body?.cancel();
    for (let i = 0; i < 200 && stack.sim.stats().aborted === aborted; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(stack.sim.stats().aborted, aborted + 1, 'with nobody left, the model call is cancelled');
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    assert.equal(sample(text, 'ai_inferences_total', ['outcome="cancelled"']), 1);
  });
});

describe('drafting-job slots per user', () => {
  let stack: Stack;

  before(async () => {
    // 5 tokens/s: no job finishes while the test runs.
    stack = await startStack({ seed: true, draftJobsPerUser: 2, draftJobsMax: 3 }, { tokensPerSecond: 5 });
  });
  after(() => stack.close());

  test("one author's jobs are capped (429) before they can fill every slot (503 for all)", async () => {
    const alice = await loggedIn(stack.url, 'alice');
    const bob = await loggedIn(stack.url, 'bob');
    const start = (client: Client, title: string) =>
      client.request('POST', '/generate-blog/jobs', { json: { title } });
    assert.equal((await start(alice, 'Job 1')).status, 202);
    assert.equal((await start(alice, 'Job 2')).status, 202);
    const capped = await start(alice, 'Job 3');
    assert.equal(capped.status, 429);
    assert.match(capped.json<{ error: string }>().error, /You have 2 drafting jobs running/);
    assert.equal((await start(bob, 'Job 4')).status, 202, 'another author still gets a slot');
    const full = await start(bob, 'Job 5');
    assert.equal(full.status, 503, 'the global limit still holds');
    assert.match(full.json<{ error: string }>().error, /Too many drafting jobs/);
  });
});

describe('JobStore slots', () => {
  test("a user's slot is freed when the job ends, whatever the outcome", async () => {
    const jobs = new JobStore({ maxJobs: 10, maxJobsPerUser: 1, keepMs: 60_000 });
    const release = Promise.withResolvers<void>();
    async function* held(): AsyncGenerator<DraftEvent> {
      await release.promise;
      yield { type: 'chunk', text: 'x' };
      yield { type: 'done', cached: false, model: 'm', durationMs: 1 };
    }
    async function* failing(): AsyncGenerator<DraftEvent> {
      yield* [];
      throw new Error('boom');
    }
    const first = jobs.start(1, 'a', held) as JobView;
    assert.equal(first.status, 'running');
    assert.equal(jobs.start(1, 'b', held), 'user-slots-busy');
    assert.equal(typeof jobs.start(2, 'c', failing), 'object', 'user 2 has its own slot');
    release.resolve();
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(jobs.get(first.id, 1)?.status, 'done');
    assert.equal(typeof jobs.start(1, 'd', failing), 'object', 'the slot is free again');
    assert.equal(typeof jobs.start(2, 'e', failing), 'object', 'a failed job frees its slot too');
    jobs.close();
  });
});
