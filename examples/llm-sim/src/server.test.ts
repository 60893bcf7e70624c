import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama, type Tool } from 'ollama';
import { type LlmSim, SIM_VERSION, SIMULATOR_MARK, startLlmSim } from './index.ts';

const FAST = { timeToFirstTokenMs: 10, tokensPerSecond: 1000, jitter: 0, maxTokens: 40 };

describe('llm-sim through the official ollama client', () => {
  let sim: LlmSim;
  let ollama: Ollama;

  before(async () => {
    const models = {
      fast: FAST,
      'tiny:1b': { ...FAST, maxTokens: 5 },
      'small-embed': { embeddingDimensions: 16 },
    };
    sim = await startLlmSim({ models, seed: 7 });
    ollama = new Ollama({ host: sim.url });
  });
  after(() => sim.close());

  test('generate without streaming answers one object with the whole text and Ollama stats', async () => {
    const res = await ollama.generate({ model: 'fast', prompt: 'Tell me a story', stream: false });
    assert.equal(res.model, 'fast');
    assert.equal(res.done, true);
    assert.ok(res.response?.startsWith(`${SIMULATOR_MARK} `));
    assert.equal(res.done_reason, 'stop');
    assert.equal(res.eval_count, res.response?.trimEnd().split(' ').length);
    assert.ok(res.eval_count >= 30 && res.eval_count <= 40, `eval_count ${res.eval_count}`);
    assert.equal(res.prompt_eval_count, 4);
    assert.ok(res.total_duration >= res.prompt_eval_duration + res.eval_duration);
    assert.ok(res.prompt_eval_duration >= 9_000_000, 'durations are in ns');
    assert.equal(res.context.length, res.eval_count);
  });

  test('generate streamed yields one token per chunk, the same text as unstreamed, then the stats', async () => {
    const prompt = 'Tell me a story';
    const whole = await ollama.generate({ model: 'fast', prompt, stream: false });
    const chunks = [];
    for await (const part of await ollama.generate({ model: 'fast', prompt, stream: true }))
      chunks.push(part);
    const last = chunks.at(-1)!;
    assert.equal(last.done, true);
    assert.equal(last.response, '');
    assert.equal(last.eval_count, chunks.length - 1);
    assert.ok(chunks.slice(0, -1).every((c) => c.done === false && /^\S+ $/.test(c.response ?? '')));
    assert.equal(chunks.map((c) => c.response).join(''), whole.response);
  });

  test('num_predict cuts the answer with done_reason length', async () => {
    const res = await ollama.generate({
      model: 'fast',
      prompt: 'x',
      stream: false,
      options: { num_predict: 3 },
    });
    assert.equal(res.eval_count, 3);
    assert.equal(res.done_reason, 'length');
  });

  test('chat streamed and not, with tagged and untagged names', async () => {
    const messages = [{ role: 'user', content: 'Hello' }];
    const whole = await ollama.chat({ model: 'tiny:1b', messages, stream: false });
    assert.equal(whole.message.role, 'assistant');
    assert.equal(whole.done, true);
    assert.equal(whole.eval_count, 5);
    const parts = [];
    for await (const part of await ollama.chat({ model: 'tiny:1b', messages, stream: true }))
      parts.push(part);
    assert.equal(parts.length, 6);
    assert.equal(parts.map((p) => p.message.content).join(''), whole.message.content);
    assert.equal(parts.at(-1)?.done_reason, 'stop');
    const latest = await ollama.chat({ model: 'fast:latest', messages, stream: false });
    assert.equal(latest.model, 'fast:latest');
  });

  test('the same prompt and seed give the same text; another seed another text', async () => {
    const ask = (seed: number) =>
      ollama
        .generate({ model: 'fast', prompt: 'same', stream: false, options: { seed } })
        .then((r) => r.response);
    const [a, b, c] = await Promise.all([ask(1), ask(1), ask(2)]);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  test('list, show, version and the root say what is served, and that it is a simulator', async () => {
    const { models } = await ollama.list();
    assert.deepEqual(models.map((m) => m.name).sort(), ['fast:latest', 'small-embed:latest', 'tiny:1b']);
    assert.equal(models[0]?.details.family, 'salvo-llm-sim');
    assert.match(models[0]?.digest ?? '', /^[0-9a-f]{64}$/);
    const shown = await ollama.show({ model: 'fast' });
    assert.equal(shown.details.family, 'salvo-llm-sim');
    assert.deepEqual(await ollama.version(), { version: SIM_VERSION });
    const root = await fetch(sim.url);
    assert.equal(await root.text(), 'Ollama is running');
    assert.equal(root.headers.get('x-simulator'), 'salvo-llm-sim');
    const head = await fetch(sim.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('an empty prompt or no messages loads the model; keep_alive 0 unloads it, as /api/ps shows', async () => {
    const loadSim = await startLlmSim({ models: { fast: FAST, other: FAST }, seed: 1 });
    try {
      const client = new Ollama({ host: loadSim.url });
      assert.deepEqual((await client.ps()).models, []);
      const beforeMs = Date.now();
      const loaded = await client.generate({ model: 'fast', prompt: '', stream: false, keep_alive: '10m' });
      assert.deepEqual(
        { response: loaded.response, done: loaded.done, reason: loaded.done_reason },
        { response: '', done: true, reason: 'load' },
      );
      const chatLoad = await client.chat({ model: 'other', messages: [], stream: false });
      assert.deepEqual(
        [chatLoad.message, chatLoad.done_reason],
        [{ role: 'assistant', content: '' }, 'load'],
      );
      const running = (await client.ps()).models;
      assert.deepEqual(running.map((m) => m.name).sort(), ['fast:latest', 'other:latest']);
      const fast = running.find((m) => m.name === 'fast:latest')!;
      const expiresMs = new Date(fast.expires_at).getTime() - beforeMs;
      assert.ok(expiresMs >= 600_000 && expiresMs < 610_000, `fast expires in ${expiresMs} ms`);
      assert.ok(fast.size > 0 && fast.size_vram === fast.size);
      const other = running.find((m) => m.name === 'other:latest')!;
      const defaultMs = new Date(other.expires_at).getTime() - beforeMs;
      assert.ok(defaultMs >= 300_000 && defaultMs < 310_000, `other (default 5m) expires in ${defaultMs} ms`);

      const streamed = [];
      for await (const part of await client.generate({ model: 'fast', prompt: '', stream: true })) {
        streamed.push(part.done_reason);
      }
      assert.deepEqual(streamed, ['load'], 'streamed, the load answer is one chunk');
      const unloaded = await client.chat({ model: 'other', messages: [], keep_alive: 0, stream: false });
      assert.equal(unloaded.done_reason, 'unload');
      assert.deepEqual(
        (await client.ps()).models.map((m) => m.name),
        ['fast:latest'],
      );
      // A real generation with keep_alive 0 unloads when it ends; a negative one keeps it forever.
      const once = await client.generate({ model: 'fast', prompt: 'x', keep_alive: 0, stream: false });
      assert.equal(once.done_reason, 'stop');
      assert.deepEqual((await client.ps()).models, []);
      await client.generate({ model: 'other', prompt: '', keep_alive: -1, stream: false });
      const forever = new Date((await client.ps()).models[0]!.expires_at).getUTCFullYear();
      assert.ok(forever > new Date().getUTCFullYear() + 200, `kept until ${forever}`);
    } finally {
      await loadSim.close();
    }
  });

  test("pull streams Ollama's progress for a served model, {status: success} unstreamed, an error for others", async () => {
    const statuses = [];
    for await (const part of await ollama.pull({ model: 'fast', stream: true })) statuses.push(part);
    assert.equal(statuses[0]?.status, 'pulling manifest');
    assert.deepEqual(
      statuses.slice(-3).map((s) => s.status),
      ['verifying sha256 digest', 'writing manifest', 'success'],
    );
    const layers = statuses.filter((s) => s.status.startsWith('pulling ') && s.digest);
    const byDigest = Map.groupBy(layers, (s) => s.digest);
    assert.equal(byDigest.size, 3);
    for (const [digest, progress] of byDigest) {
      assert.match(digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(progress[0]!.status, `pulling ${digest.slice(7, 19)}`);
      assert.equal(progress[0]!.completed, 0);
      assert.equal(progress.at(-1)!.completed, progress[0]!.total);
      assert.ok(progress.every((p, i) => i === 0 || p.completed >= progress[i - 1]!.completed));
    }
    assert.deepEqual(await ollama.pull({ model: 'tiny:1b', stream: false }), { status: 'success' });
    await assert.rejects(ollama.pull({ model: 'nope', stream: false }), {
      status_code: 500,
      message: 'pull model manifest: file does not exist',
    });
    const streamed = await ollama.pull({ model: 'nope', stream: true });
    await assert.rejects(
      (async () => {
        for await (const part of streamed) assert.equal(part.status, 'pulling manifest');
      })(),
      { message: 'pull model manifest: file does not exist' },
    );
  });

  test('format "json" answers valid JSON; a JSON schema format an object that follows it, streamed too', async () => {
    const json = await ollama.generate({
      model: 'fast',
      prompt: 'a json thing',
      format: 'json',
      stream: false,
    });
    assert.equal(typeof JSON.parse(json.response ?? ''), 'object');
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        year: { type: 'integer', minimum: 1800, maximum: 1900 },
        tags: { type: 'array', items: { type: 'string' } },
        mood: { type: 'string', enum: ['grim', 'gay'] },
      },
      required: ['title', 'year', 'tags', 'mood'],
    };
    const messages = [{ role: 'user', content: 'Describe a novel' }];
    const whole = await ollama.chat({ model: 'fast', messages, format: schema, stream: false });
    const parsed = JSON.parse(whole.message.content) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed).sort(), ['mood', 'tags', 'title', 'year']);
    assert.equal(typeof parsed.title, 'string');
    assert.ok(
      Number.isInteger(parsed.year) && (parsed.year as number) >= 1800 && (parsed.year as number) <= 1900,
    );
    assert.ok(Array.isArray(parsed.tags) && parsed.tags.every((t) => typeof t === 'string'));
    assert.ok(['grim', 'gay'].includes(parsed.mood as string));
    const parts = [];
    for await (const part of await ollama.chat({ model: 'fast', messages, format: schema, stream: true })) {
      parts.push(part);
    }
    assert.ok(parts.length > 3, `${parts.length} chunks`);
    assert.deepEqual(JSON.parse(parts.map((p) => p.message.content).join('')), parsed);
    assert.equal(parts.at(-1)?.eval_count, parts.length - 1);
    await assert.rejects(ollama.generate({ model: 'fast', prompt: 'x', format: 'yaml', stream: false }), {
      status_code: 400,
      message: 'invalid format: expected "json" or a valid JSON schema',
    });
  });

  test('think: thinking comes first, streamed in its own field, then the answer; eval_count counts both', async () => {
    const prompt = 'Why is the sky blue?';
    const plain = await ollama.generate({ model: 'fast', prompt, stream: false });
    const thought = await ollama.generate({ model: 'fast', prompt, think: true, stream: false });
    assert.equal(plain.thinking, undefined);
    assert.ok((thought.thinking ?? '').split(' ').length >= 10, `thinking: ${thought.thinking}`);
    assert.equal(thought.response, plain.response, 'thinking does not change the answer');
    const messages = [{ role: 'user', content: prompt }];
    const parts = [];
    for await (const part of await ollama.chat({ model: 'fast', messages, think: 'high', stream: true })) {
      parts.push(part);
    }
    const firstAnswer = parts.findIndex((p) => p.message.content !== '');
    const thinkingParts = parts.filter((p) => p.message.thinking);
    assert.ok(thinkingParts.length > 0 && firstAnswer > 0);
    assert.ok(parts.slice(0, firstAnswer).every((p) => p.message.thinking && p.message.content === ''));
    assert.ok(parts.slice(firstAnswer).every((p) => p.message.thinking === undefined));
    const whole = await ollama.chat({ model: 'fast', messages, think: true, stream: false });
    assert.equal(thinkingParts.map((p) => p.message.thinking).join(''), whole.message.thinking);
    assert.equal(parts.map((p) => p.message.content).join(''), whole.message.content);
    assert.equal(parts.at(-1)?.eval_count, parts.length - 1);
    await assert.rejects(ollama.generate({ model: 'fast', prompt, think: 'hard' as 'high', stream: false }), {
      status_code: 400,
    });
  });

  test('tools: the model calls an offered tool with arguments that follow its parameters schema', async () => {
    const tools: Tool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather in a city',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
              days: { type: 'integer' },
            },
            required: ['city', 'unit'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: 'add',
          parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
        },
      },
    ];
    const check = (call: { function: { name: string; arguments: Record<string, unknown> } }) => {
      const args = call.function.arguments;
      if (call.function.name === 'add') {
        assert.ok(typeof args.a === 'number' && typeof args.b === 'number');
      } else {
        assert.equal(call.function.name, 'get_weather');
        assert.equal(typeof args.city, 'string');
        assert.ok(['celsius', 'fahrenheit'].includes(args.unit as string));
        assert.ok(Number.isInteger(args.days));
      }
    };
    const names = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const ask = { role: 'user', content: 'What is the weather in Paris?' };
      const res = await ollama.chat({
        model: 'fast',
        messages: [ask],
        tools,
        stream: false,
        options: { seed },
      });
      assert.equal(res.message.content, '');
      assert.equal(res.message.tool_calls?.length, 1);
      check(res.message.tool_calls![0]!);
      names.add(res.message.tool_calls![0]!.function.name);
      const again = await ollama.chat({
        model: 'fast',
        messages: [ask],
        tools,
        stream: false,
        options: { seed },
      });
      assert.deepEqual(again.message.tool_calls, res.message.tool_calls, 'the same seed calls the same way');
    }
    assert.deepEqual([...names].sort(), ['add', 'get_weather'], 'the seed chooses among the tools');
    const messages = [{ role: 'user', content: 'Weather?' }];
    const parts = [];
    for await (const part of await ollama.chat({ model: 'fast', messages, tools, stream: true }))
      parts.push(part);
    assert.equal(parts.length, 2);
    check(parts[0]!.message.tool_calls![0]!);
    assert.equal(parts[1]!.done, true);
    const call = parts[0]!.message;
    const answered = await ollama.chat({
      model: 'fast',
      messages: [...messages, call, { role: 'tool', content: '21 degrees', tool_name: 'get_weather' }],
      tools,
      stream: false,
    });
    assert.equal(answered.message.tool_calls, undefined, 'after a tool result the model answers in words');
    assert.ok(answered.message.content.startsWith(SIMULATOR_MARK));
  });

  test('generate has no tools in Ollama (api.GenerateRequest lacks the field): one sent is ignored, the answer is text', async () => {
    const tools: Tool[] = [{ type: 'function', function: { name: 'add', parameters: { type: 'object' } } }];
    const plain = { model: 'fast', prompt: 'What is 2 + 2?', stream: false as const };
    // The client's GenerateRequest has no tools either; it sends the body as given.
    const offered = await ollama.generate({ ...plain, tools } as typeof plain);
    const without = await ollama.generate(plain);
    assert.ok((offered.response ?? '').startsWith(SIMULATOR_MARK));
    assert.equal(offered.response, without.response);
    assert.equal((offered as { tool_calls?: unknown }).tool_calls, undefined);
    assert.equal(offered.done_reason, 'stop');
  });

  test("embed: one unit vector of the model's dimension per input, the same for the same text; legacy embeddings too", async () => {
    const norm = (v: number[]) => Math.hypot(...v);
    const one = await ollama.embed({ model: 'fast', input: 'hello world' });
    assert.equal(one.model, 'fast');
    assert.equal(one.embeddings.length, 1);
    assert.equal(one.embeddings[0]!.length, 768);
    assert.ok(Math.abs(norm(one.embeddings[0]!) - 1) < 1e-9);
    assert.equal(one.prompt_eval_count, 2);
    const many = await ollama.embed({
      model: 'small-embed',
      input: ['hello world', 'goodbye', 'hello world'],
    });
    assert.equal(many.embeddings.length, 3);
    assert.ok(many.embeddings.every((v) => v.length === 16 && Math.abs(norm(v) - 1) < 1e-9));
    assert.deepEqual(many.embeddings[0], many.embeddings[2]);
    assert.notDeepEqual(many.embeddings[0], many.embeddings[1]);
    const again = await ollama.embed({ model: 'fast', input: ['hello world'] });
    assert.deepEqual(again.embeddings[0], one.embeddings[0]);
    const cut = await ollama.embed({ model: 'fast', input: 'hello world', dimensions: 8 });
    assert.equal(cut.embeddings[0]!.length, 8);
    assert.ok(Math.abs(norm(cut.embeddings[0]!) - 1) < 1e-9);
    const legacy = await ollama.embeddings({ model: 'fast', prompt: 'hello world' });
    assert.deepEqual(legacy.embedding, one.embeddings[0]);
    assert.deepEqual((await ollama.embed({ model: 'fast', input: [] })).embeddings, []);
    await assert.rejects(ollama.embed({ model: 'nope', input: 'x' }), { status_code: 404 });
    await assert.rejects(ollama.embed({ model: 'fast', input: 'x', dimensions: 769 }), {
      status_code: 400,
      message: 'dimensions must be an integer within 1..768',
    });
    await assert.rejects(ollama.embed({ model: 'fast', input: [1] as unknown as string[] }), {
      status_code: 400,
    });
  });

  test('an unknown model is a 404 error in the client', async () => {
    await assert.rejects(ollama.generate({ model: 'nope', prompt: 'x', stream: false }), {
      name: 'ResponseError',
      status_code: 404,
      message: 'model "nope" not found, try pulling it first',
    });
    await assert.rejects(
      ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }], stream: true }),
      {
        status_code: 404,
      },
    );
  });

  test('bad JSON, missing fields and wrong types are 400 {"error"}', async () => {
    const post = async (path: string, body: string) => {
      const res = await fetch(`${sim.url}${path}`, { method: 'POST', body });
      return { status: res.status, ...((await res.json()) as { error: string }) };
    };
    assert.match((await post('/api/generate', '{oops')).error, /^invalid JSON body/);
    assert.deepEqual(await post('/api/generate', '{"prompt":"x"}'), {
      status: 400,
      error: 'model is required',
    });
    assert.deepEqual(await post('/api/generate', '{"model":"fast","keep_alive":"soon"}'), {
      status: 400,
      error: 'keep_alive: time: invalid duration "soon"',
    });
    assert.equal((await post('/api/chat', '{"model":"fast","messages":{}}')).status, 400);
    const badOption = await post(
      '/api/generate',
      '{"model":"fast","prompt":"x","options":{"num_predict":1.5}}',
    );
    assert.deepEqual(badOption, { status: 400, error: 'options.num_predict must be an integer' });
    assert.equal((await fetch(`${sim.url}/api/generate`)).status, 405);
    assert.equal((await fetch(`${sim.url}/api/nothing`)).status, 404);
  });
});

describe('llm-sim behaviour under load', () => {
  const sims: LlmSim[] = [];
  const start = async (models: Parameters<typeof startLlmSim>[0]) => {
    const sim = await startLlmSim(models);
    sims.push(sim);
    return { sim, ollama: new Ollama({ host: sim.url }) };
  };
  after(() => Promise.all(sims.map((s) => s.close())));

  test('errorRate 1 answers every request with HTTP 500 {"error"}', async () => {
    const { sim, ollama } = await start({ models: { bad: { ...FAST, errorRate: 1 } } });
    await assert.rejects(ollama.generate({ model: 'bad', prompt: 'x', stream: false }), {
      status_code: 500,
      message: /simulated failure/,
    });
    await assert.rejects(
      ollama.chat({ model: 'bad', messages: [{ role: 'user', content: 'x' }], stream: true }),
      {
        status_code: 500,
      },
    );
    assert.deepEqual(sim.stats(), {
      requests: 2,
      errors: 2,
      completed: 0,
      aborted: 0,
      inFlight: 0,
      queued: 0,
    });
  });

  test('the first token comes after timeToFirstTokenMs, then tokens at tokensPerSecond', async () => {
    const { ollama } = await start({
      models: { m: { timeToFirstTokenMs: 200, tokensPerSecond: 100, jitter: 0 } },
    });
    const startedMs = performance.now();
    let firstMs = 0;
    let count = 0;
    const options = { num_predict: 20 };
    for await (const part of await ollama.generate({ model: 'm', prompt: 'x', stream: true, options })) {
      if (count++ === 0) firstMs = performance.now() - startedMs;
      if (part.done) assert.equal(part.eval_count, 20);
    }
    const totalMs = performance.now() - startedMs;
    assert.ok(firstMs >= 180 && firstMs < 1500, `first token after ${firstMs} ms`);
    assert.ok(totalMs - firstMs >= 180, `19 more tokens in ${totalMs - firstMs} ms`);
  });

  test('beyond maxConcurrency requests queue FIFO; the wait counts before the first token', async () => {
    // The first holds its slot ~100 ms + 9 × 50 ms, long enough to see the second waiting.
    const one = { timeToFirstTokenMs: 100, tokensPerSecond: 20, jitter: 0, maxConcurrency: 1 };
    const { sim, ollama } = await start({ models: { one } });
    const startedMs = performance.now();
    const timed = async () => {
      const options = { num_predict: 10 };
      const stream = await ollama.generate({ model: 'one', prompt: 'q', stream: true, options });
      const firstMs = performance.now() - startedMs;
      let queuedNs = 0;
      for await (const part of stream) if (part.done) queuedNs = part.load_duration;
      return { firstMs, endMs: performance.now() - startedMs, queuedNs };
    };
    const pending = [timed(), timed()];
    const deadline = Date.now() + 2000;
    while (sim.stats().requests < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(sim.stats(), {
      requests: 2,
      inFlight: 1,
      queued: 1,
      errors: 0,
      completed: 0,
      aborted: 0,
    });
    const [first, second] = await Promise.all(pending);
    // Client-side times allow 50 ms for event-loop lag; the server's own queue time is exact.
    assert.ok(
      second!.firstMs >= first!.endMs - 50,
      `second TTFT ${second!.firstMs} ms, first end ${first!.endMs} ms`,
    );
    assert.ok(second!.queuedNs >= 500e6, `second waited ${second!.queuedNs / 1e6} ms`);
    assert.ok(first!.queuedNs < 100e6, `first waited ${first!.queuedNs / 1e6} ms`);
  });

  test('a client abort stops generation and frees the slot', async () => {
    const slow = {
      timeToFirstTokenMs: 10,
      tokensPerSecond: 5,
      jitter: 0,
      maxConcurrency: 1,
      maxTokens: 1000,
    };
    const { sim, ollama } = await start({ models: { slow } });
    const stream = await ollama.generate({ model: 'slow', prompt: 'long', stream: true });
    for await (const part of stream) {
      assert.equal(part.done, false);
      break;
    }
    stream.abort(); // closes the connection, as a user leaving the page would
    const deadline = Date.now() + 2000;
    while (sim.stats().inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(sim.stats().inFlight, 0);
    assert.equal(sim.stats().aborted, 1);
    const next = await ollama.generate({
      model: 'slow',
      prompt: 'x',
      stream: false,
      options: { num_predict: 2 },
    });
    assert.equal(next.eval_count, 2);
    assert.equal(sim.stats().completed, 1);
  });

  test('a full queue is a 503 as Ollama answers past OLLAMA_MAX_QUEUE', async () => {
    const { ollama } = await start({ models: { one: { ...FAST, maxConcurrency: 1, maxQueue: 0 } } });
    const first = ollama.generate({ model: 'one', prompt: 'x', stream: false, options: { num_predict: 5 } });
    await assert.rejects(ollama.generate({ model: 'one', prompt: 'y', stream: false }), { status_code: 503 });
    assert.equal((await first).eval_count, 5);
  });
});
