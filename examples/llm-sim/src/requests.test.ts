import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FOREVER_MS } from './keep-alive.ts';
import { parseChat, parseGenerate } from './requests.ts';

test('a generate request streams by default and folds the system prompt into the prompt', () => {
  assert.deepEqual(parseGenerate({ model: 'm', prompt: 'two words', system: 'be brief' }), {
    kind: 'generate',
    model: 'm',
    prompt: 'be brief\ntwo words',
    stream: true,
    numPredict: undefined,
    seed: undefined,
    promptTokens: 4,
    keepAliveMs: 300_000,
    format: undefined,
    think: false,
    tools: [],
    loadOnly: false,
  });
});

test('no prompt or no messages only loads the model, as Ollama does', () => {
  assert.equal(parseGenerate({ model: 'm' }).loadOnly, true);
  assert.equal(parseGenerate({ model: 'm', prompt: '' }).loadOnly, true);
  assert.equal(parseGenerate({ model: 'm', prompt: '', system: 's' }).loadOnly, false);
  assert.equal(parseChat({ model: 'm', messages: [] }).loadOnly, true);
  assert.equal(parseChat({ model: 'm' }).loadOnly, true);
});

test('keep_alive is seconds or a Go duration; negative means forever', () => {
  const keep = (keep_alive: unknown) => parseGenerate({ model: 'm', keep_alive }).keepAliveMs;
  assert.deepEqual(
    [keep(0), keep('0'), keep(30), keep('1h30m'), keep('1.5s'), keep('250ms'), keep(-1), keep('-1m')],
    [0, 0, 30_000, 5_400_000, 1500, 250, FOREVER_MS, FOREVER_MS],
  );
});

test("num_predict below 1 (Ollama's -1 and -2) means no limit", () => {
  const options = { num_predict: -1, seed: 3, temperature: 0 };
  const request = parseGenerate({ model: 'm', prompt: '', stream: false, options });
  assert.deepEqual([request.numPredict, request.seed, request.stream], [undefined, 3, false]);
  assert.equal(parseGenerate({ model: 'm', prompt: '', options: { num_predict: 9 } }).numPredict, 9);
});

test('a chat request depends on every message and counts only their words', () => {
  const messages = [
    { role: 'system', content: 'be kind' },
    { role: 'user', content: 'hello there' },
  ];
  const request = parseChat({ model: 'm', messages });
  assert.equal(request.prompt, 'system: be kind\nuser: hello there');
  assert.equal(request.promptTokens, 4);
});

test('malformed requests are 400 errors with a clear message', () => {
  const cases: Array<[() => unknown, string]> = [
    [() => parseGenerate([]), 'the request body must be a JSON object'],
    [() => parseGenerate({ prompt: 'x' }), 'model is required'],
    [() => parseGenerate({ model: 'm', prompt: 1 }), 'prompt must be a string'],
    [() => parseGenerate({ model: 'm', prompt: '', stream: 'yes' }), 'stream must be a boolean'],
    [() => parseGenerate({ model: 'm', prompt: '', options: 3 }), 'options must be a JSON object'],
    [
      () => parseGenerate({ model: 'm', prompt: '', options: { seed: 0.5 } }),
      'options.seed must be an integer',
    ],
    [
      () => parseGenerate({ model: 'm', prompt: '', options: { temperature: -1 } }),
      'options.temperature must be >= 0',
    ],
    [
      () => parseGenerate({ model: 'm', prompt: '', options: { num_predict: '5' } }),
      'options.num_predict must be a number',
    ],
    [() => parseChat({ model: 'm', messages: {} }), 'messages must be an array'],
    [
      () => parseGenerate({ model: 'm', keep_alive: '5 minutes' }),
      'keep_alive: time: invalid duration "5 minutes"',
    ],
    [() => parseChat({ model: 'm', messages: [{ content: 'x' }] }), 'messages[0].role is required'],
  ];
  for (const [parse, message] of cases) assert.throws(parse, { name: 'RequestError', status: 400, message });
});
