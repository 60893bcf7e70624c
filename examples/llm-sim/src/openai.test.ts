import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type LlmSim, SIMULATOR_MARK, startLlmSim } from './index.ts';

const FAST = { timeToFirstTokenMs: 10, tokensPerSecond: 1000, jitter: 0, maxTokens: 40 };

/** The `data:` payloads of an SSE body, in order. */
function dataLines(body: string): string[] {
  return body
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      assert.ok(block.startsWith('data: '), `every event is one data line: ${JSON.stringify(block)}`);
      return block.slice('data: '.length);
    });
}

describe('llm-sim OpenAI-compatible API', () => {
  let sim: LlmSim;
  let openai: OpenAI;

  before(async () => {
    sim = await startLlmSim({ models: { fast: FAST, 'sim-slow': { ...FAST, errorRate: 1 } }, seed: 3 });
    openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => sim.close());

  test('the official openai client lists the models', async () => {
    const models = await openai.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['fast:latest', 'sim-slow:latest'],
    );
    assert.equal(models.data[0]!.object, 'model');
  });

  test('chat completion, whole: one message and its usage', async () => {
    const res = await openai.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'Tell me a story' }],
    });
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.choices[0]!.message.role, 'assistant');
    const text = res.choices[0]!.message.content ?? '';
    assert.ok(text.startsWith(`${SIMULATOR_MARK} `));
    assert.equal(res.usage?.completion_tokens, text.trimEnd().split(' ').length);
    assert.equal(res.usage?.prompt_tokens, 4);
    assert.equal(res.choices[0]!.finish_reason, 'stop');
  });

  test('chat completion streamed through the client: the same text, role first, usage last', async () => {
    const messages = [{ role: 'user' as const, content: 'Tell me a story' }];
    const whole = await openai.chat.completions.create({ model: 'fast', messages });
    const stream = await openai.chat.completions.create({
      model: 'fast',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const roles: (string | undefined)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      const choice = chunk.choices[0];
      if (choice) {
        text += choice.delta.content ?? '';
        roles.push(choice.delta.role);
        finish ??= choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, whole.choices[0]!.message.content);
    assert.equal(roles[0], 'assistant');
    assert.equal(roles.slice(1).filter(Boolean).length, 0, 'the role is in the first chunk only');
    assert.equal(finish, 'stop');
    assert.deepEqual(usage, whole.usage);
  });

  test('on the wire: data events, usage null until the usage chunk, then [DONE]', async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'fast',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 3,
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const lines = dataLines(await res.text());
    assert.equal(lines.at(-1), '[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line));
    assert.equal(chunks.length, 3 + 1 + 1, 'three tokens, the finish chunk, the usage chunk');
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
    assert.equal(chunks[3].choices[0].finish_reason, 'length');
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(chunks.at(-1).usage.completion_tokens, 3);
    const plain = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    const plainChunks = dataLines(await plain.text())
      .slice(0, -1)
      .map((line) => JSON.parse(line));
    assert.ok(
      plainChunks.every((chunk) => !('usage' in chunk)),
      'no usage fields unless asked',
    );
  });

  test('text completions, whole and streamed, agree', async () => {
    const whole = await openai.completions.create({ model: 'fast', prompt: 'Once', max_tokens: 5 });
    assert.equal(whole.object, 'text_completion');
    assert.equal(whole.usage?.completion_tokens, 5);
    const stream = await openai.completions.create({
      model: 'fast',
      prompt: 'Once',
      max_tokens: 5,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.equal(text, whole.choices[0]!.text);
  });

  test('errors come in OpenAI error bodies: unknown model, bad request, injected failure', async () => {
    await assert.rejects(
      openai.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
      (error: InstanceType<typeof OpenAI.APIError>) =>
        error.status === 404 && /not found/.test(error.message),
    );
    await assert.rejects(
      openai.chat.completions.create({ model: 'fast', messages: [] }),
      (error: InstanceType<typeof OpenAI.APIError>) => error.status === 400,
    );
    await assert.rejects(
      openai.chat.completions.create({ model: 'sim-slow', messages: [{ role: 'user', content: 'x' }] }),
      (error: InstanceType<typeof OpenAI.APIError>) => error.status === 500 && error.type === 'server_error',
    );
  });
});

test('streamed tokens follow the profile: first after the TTFT, then one per 1/tokensPerSecond', async () => {
  const sim = await startLlmSim({
    models: { timed: { timeToFirstTokenMs: 200, tokensPerSecond: 20, jitter: 0, maxTokens: 6 } },
  });
  try {
    const started = performance.now();
    const res = await fetch(`${sim.url}/v1/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'timed', prompt: 'x', stream: true }),
    });
    const arrivals: number[] = [];
    const decoder = new TextDecoder();
    for await (const piece of res.body as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(piece);
      for (const _ of text.matchAll(/"text":"[^"]+"/g)) arrivals.push(performance.now() - started);
    }
    assert.equal(arrivals.length, 6);
    assert.ok(arrivals[0]! >= 195, `first token at ${arrivals[0]} ms`);
    // 5 intervals of 50 ms: generous bounds for a loaded machine
    const span = arrivals.at(-1)! - arrivals[0]!;
    assert.ok(span >= 240 && span < 2000, `tokens spread over ${span} ms`);
  } finally {
    await sim.close();
  }
});
