import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFigures, meetsSlo } from './figures.ts';

test("vLLM's definitions on a known call: TTFT, ITL, TPOT, E2EL, tokens/s", () => {
  // sent at 1000 ms; tokens at 1200, 1220, 1240, 1260, 1280; done at 1300
  const figures = callFigures({
    startMs: 1000,
    tokenChunksMs: [1200, 1220, 1240, 1260, 1280],
    endMs: 1300,
    outputTokens: 5,
    streamed: true,
  });
  assert.equal(figures.ttftMs, 200);
  assert.deepEqual(figures.itlMs, [20, 20, 20, 20]);
  assert.equal(figures.latencyMs, 300);
  assert.equal(figures.tpotMs, (300 - 200) / 4);
  assert.equal(figures.tokensPerSecond, 5 / 0.3);
});

test('usage counts more tokens than chunks: TPOT divides by tokens, ITL stays per chunk', () => {
  const figures = callFigures({
    startMs: 0,
    tokenChunksMs: [100, 200],
    endMs: 200,
    outputTokens: 11,
    streamed: true,
  });
  assert.deepEqual(figures.itlMs, [100]);
  assert.equal(figures.tpotMs, 10);
});

test('one token has no TPOT; a call not streamed has no TTFT, ITL or TPOT', () => {
  const one = callFigures({ startMs: 0, tokenChunksMs: [50], endMs: 60, outputTokens: 1, streamed: true });
  assert.equal(one.tpotMs, undefined);
  assert.equal(one.ttftMs, 50);
  const whole = callFigures({
    startMs: 0,
    tokenChunksMs: [90],
    endMs: 90,
    outputTokens: 30,
    streamed: false,
  });
  assert.equal(whole.ttftMs, undefined);
  assert.equal(whole.tpotMs, undefined);
  assert.equal(whole.latencyMs, 90);
});

test('goodput: every SLO given must hold; one token counts as TPOT 0, unstreamed TTFT as E2EL', () => {
  const call = callFigures({
    startMs: 0,
    tokenChunksMs: [200, 250, 300],
    endMs: 300,
    outputTokens: 3,
    streamed: true,
  });
  assert.equal(meetsSlo(call, { ttftMs: 200, tpotMs: 50 }), true, 'bounds are inclusive, as vLLM’s');
  assert.equal(meetsSlo(call, { ttftMs: 199 }), false);
  assert.equal(meetsSlo(call, { ttftMs: 500, tpotMs: 49 }), false);
  assert.equal(meetsSlo(call, { latencyMs: 299 }), false);
  assert.equal(meetsSlo(call, {}), true);
  const one = callFigures({ startMs: 0, tokenChunksMs: [10], endMs: 10, outputTokens: 1, streamed: true });
  assert.equal(meetsSlo(one, { tpotMs: 0 }), true);
  const whole = callFigures({
    startMs: 0,
    tokenChunksMs: [400],
    endMs: 400,
    outputTokens: 9,
    streamed: false,
  });
  assert.equal(meetsSlo(whole, { ttftMs: 300 }), false);
});
