import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { startLlmSim } from '@salvo/llm-sim';
import { SHUTTING_DOWN_MESSAGE } from './ai/draft-service.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, FAST_MODEL, parseSse, startMain } from './testing.ts';

test('SIGTERM during drafts: each ends with an event saying why, the model calls stop, exit 0, nothing listens', async () => {
  // 5 tokens/s: a 400-token draft would take 80 s, so both drafts are mid-stream at SIGTERM.
  const sim = await startLlmSim({
    port: 0,
    seed: 1,
    models: { 'llama3.2': { ...FAST_MODEL, tokensPerSecond: 5 } },
  });
  const blog = await startMain({ OLLAMA_HOST: sim.url });
  try {
    const alice = new Client(blog.url);
    assert.equal((await alice.login('alice', SEED_PASSWORD)).status, 200);
    const headers = { 'content-type': 'application/json', cookie: alice.cookie ?? '' };
    const sse = await fetch(`${blog.url}/generate-blog`, {
      method: 'POST',
      headers: { ...headers, accept: 'text/event-stream' },
      body: JSON.stringify({ title: 'Interrupted by a deploy' }),
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(sse.status, 200, 'the first chunk has arrived');
    const sseBody = sse.text();
    const json = fetch(`${blog.url}/generate-blog?stream=false`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Also interrupted' }),
      signal: AbortSignal.timeout(30_000),
    });
    // The JSON draft is in flight once the simulator is generating both.
    for (let i = 0; i < 200 && sim.stats().inFlight < 2; i += 1) await new Promise((r) => setTimeout(r, 25));
    assert.equal(sim.stats().inFlight, 2);

    const signalledMs = Date.now();
    const exited = once(blog.child, 'exit');
    blog.child.kill('SIGTERM');

    const events = parseSse(await sseBody);
    assert.equal(events[0]?.event, 'chunk');
    assert.deepEqual(events.at(-1), {
      event: 'error',
      data: { error: SHUTTING_DOWN_MESSAGE, statusCode: 503 },
    });
    // The drain has begun: a new draft is not taken (503 while Fastify closes, then refused).
    const late = await fetch(`${blog.url}/generate-blog?stream=false`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Too late' }),
      signal: AbortSignal.timeout(10_000),
    }).then(
      async (answer) => {
        await answer.text();
        return answer.status;
      },
      () => 'refused',
    );
    assert.ok(late === 503 || late === 'refused', `a draft asked during the drain got ${late}`);
    const jsonAnswer = await json;
    assert.equal(jsonAnswer.status, 503);
    assert.deepEqual(await jsonAnswer.json(), { error: SHUTTING_DOWN_MESSAGE });

    const [code] = (await exited) as [number | null];
    assert.equal(code, 0, blog.out());
    assert.ok(Date.now() - signalledMs < 15_000, 'the drain did not wait for the 80 s drafts');
    assert.match(blog.out(), /SIGTERM: stopping/);
    await assert.rejects(fetch(`${blog.url}/health`), 'nothing listens any more');
    // The model calls were cancelled, not left running.
    for (let i = 0; i < 200 && sim.stats().inFlight > 0; i += 1) await new Promise((r) => setTimeout(r, 25));
    assert.equal(sim.stats().inFlight, 0);
  } finally {
    if (blog.child.exitCode === null) blog.child.kill('SIGKILL');
    await sim.close();
  }
});
