import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PROFILE, normalizeModelName, resolveModels, resolveProfile } from './profiles.ts';

test('a partial profile takes the defaults for the fields it leaves out', () => {
  assert.deepEqual(resolveProfile('m', { tokensPerSecond: 10 }), { ...DEFAULT_PROFILE, tokensPerSecond: 10 });
});

test('impossible profile values are one-line errors naming the model', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ jitter: 1.5 }, /model "m": jitter must be within 0\.\.1/],
    [{ errorRate: -0.1 }, /errorRate must be within 0\.\.1/],
    [{ tokensPerSecond: 0 }, /tokensPerSecond must be > 0/],
    [{ maxConcurrency: 1.5 }, /maxConcurrency must be an integer >= 1/],
    [{ maxTokens: 0 }, /maxTokens must be an integer >= 1/],
    [{ timeToFirstTokenMs: Number.NaN }, /timeToFirstTokenMs must be a finite number/],
    [{ speed: 3 }, /unknown profile field "speed"/],
  ];
  for (const [partial, message] of cases) assert.throws(() => resolveProfile('m', partial), message);
});

test('model names without a tag mean :latest', () => {
  assert.equal(normalizeModelName('llama3.2'), 'llama3.2:latest');
  assert.equal(normalizeModelName('llama3.2:1b'), 'llama3.2:1b');
  assert.deepEqual([...resolveModels({ a: {}, 'b:7b': {} }).keys()], ['a:latest', 'b:7b']);
  assert.throws(() => resolveModels({}), /at least one model/);
});
