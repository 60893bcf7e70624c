import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildChain, defaultChain, planAnswer, SIMULATOR_MARK, textSeed } from './text.ts';

test('buildChain maps word pairs to their successors and sentence starts, without quotes', () => {
  const chain = buildChain('The cat sat. The cat ran. "A dog" sat.');
  assert.deepEqual(chain.next.get('The cat'), ['sat.', 'ran.']);
  assert.deepEqual(chain.starts, [
    ['The', 'cat'],
    ['The', 'cat'],
    ['A', 'dog'],
  ]);
  assert.equal(chain.vocabulary.get('dog'), 5);
  assert.throws(() => buildChain('too short'), /at least three words/);
});

test('an answer opens with the simulator mark and is made of word-plus-space tokens', () => {
  const answer = planAnswer(defaultChain(), 42, 120, undefined);
  assert.equal(answer.tokens[0], `${SIMULATOR_MARK} `);
  assert.ok(answer.tokens.every((token) => /^\S+ $/.test(token)));
  assert.deepEqual(planAnswer(defaultChain(), 42, 120, undefined), answer);
  assert.notDeepEqual(planAnswer(defaultChain(), 43, 120, undefined), answer);
});

test('the natural length ends at a sentence end past 3/4 of maxTokens, or at maxTokens', () => {
  for (let seed = 0; seed < 50; seed++) {
    const { tokens, doneReason } = planAnswer(defaultChain(), seed, 40, undefined);
    assert.equal(doneReason, 'stop');
    assert.ok(tokens.length >= 30 && tokens.length <= 40, `${tokens.length} tokens`);
    if (tokens.length < 40) assert.match(tokens.at(-1)!, /[.!?;] $/);
  }
});

test('num_predict below maxTokens cuts with done_reason length; above it changes nothing', () => {
  const cut = planAnswer(defaultChain(), 5, 120, 7);
  assert.equal(cut.tokens.length, 7);
  assert.equal(cut.doneReason, 'length');
  assert.deepEqual(planAnswer(defaultChain(), 5, 120, 500), planAnswer(defaultChain(), 5, 120, undefined));
});

test('the text seed depends on model, prompt and options.seed', () => {
  const seeds = new Set([
    textSeed('m', 'p', undefined),
    textSeed('m', 'p', 1),
    textSeed('m', 'q', undefined),
    textSeed('n', 'p', undefined),
  ]);
  assert.equal(seeds.size, 4);
  assert.equal(textSeed('m', 'p', 1), textSeed('m', 'p', 1));
});
