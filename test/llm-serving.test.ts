/**
 * vu.llm against the LLM simulator through a real run: a known timing profile (TTFT 200 ms,
 * 50 tokens/s, no jitter) must come back as the measured TTFT, TPOT and ITL; tokens from
 * usage or counted by chunks, said so; goodput and thresholds on the LLM metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type LlmSim, startLlmSim } from '@salvo/llm-sim';
import { createHttpClient } from '../packages/salvo/src/http/client.ts';
import { countOf, testClientContext } from '../packages/salvo/src/http/testing/index.ts';
import { createTransports } from '../packages/salvo/src/http/transports.ts';
import { createLlmClient } from '../packages/salvo/src/llm/index.ts';
import { createRecorder } from '../packages/salvo/src/metrics/index.ts';
import type { ResultsDocument } from '../packages/salvo/src/results/index.ts';
import { startTestFile } from '../packages/salvo/src/run/testing/started-test-file.ts';
import { type TestFiles, testFiles } from '../packages/salvo/src/run/testing/test-files.ts';

const TTFT_MS = 200;
const TOKENS_PER_SECOND = 50;
const OUTPUT_TOKENS = 10;

const value = (doc: ResultsDocument, key: string, field: string): number => {
  const values = doc.metrics[key]?.values as Record<string, number> | undefined;
  assert.ok(values, `no metric "${key}" in ${Object.keys(doc.metrics).join(', ')}`);
  return values[field]!;
};
const thresholdOk = (doc: ResultsDocument, key: string, expression: string) =>
  doc.metrics[key]?.thresholds?.[expression]?.ok;

describe('vu.llm against the simulator', () => {
  let sim: LlmSim;
  let files: TestFiles;
  let doc: ResultsDocument;

  before(async () => {
    const profile = {
      timeToFirstTokenMs: TTFT_MS,
      tokensPerSecond: TOKENS_PER_SECOND,
      jitter: 0,
      maxTokens: 40,
    };
    sim = await startLlmSim({ models: { timed: { ...profile, maxConcurrency: 50 } }, seed: 1 });
    files = testFiles();
    const started = await startTestFile(
      files,
      `const calls = async (vu) => {
          const slo = { ttft: '3s', tpot: '500ms' };
          const chat = await vu.llm.chat({ model: 'timed', prompt: 'Tell me a story', maxTokens: ${OUTPUT_TOKENS}, name: 'chat', slo });
          vu.check(chat, { 'chat ok': (a) => a.ok && a.tokensFrom === 'usage' && a.outputTokens === ${OUTPUT_TOKENS} });
          const gen = await vu.llm.generate({ api: 'ollama', model: 'timed', prompt: 'Once upon', maxTokens: ${OUTPUT_TOKENS}, name: 'ollama', slo: { ttft: '1ms' } });
          vu.check(gen, { 'ollama ok': (a) => a.ok && a.tokensFrom === 'usage' && a.good === false });
          const counted = await vu.llm.chat({ model: 'timed', prompt: 'Hi', maxTokens: ${OUTPUT_TOKENS}, includeUsage: false, name: 'counted' });
          vu.check(counted, { 'counted by chunks': (a) => a.ok && a.tokensFrom === 'chunks' && a.outputTokens === ${OUTPUT_TOKENS} });
          const whole = await vu.llm.chat({ model: 'timed', prompt: 'Hi', maxTokens: 3, stream: false, name: 'whole' });
          vu.check(whole, { 'whole answer': (a) => a.ok && a.ttftMs === undefined && a.outputTokens === 3 });
          const missing = await vu.llm.chat({ model: 'nope', prompt: 'Hi', name: 'missing', slo });
          vu.check(missing, { 'unknown model fails': (a) => !a.ok && a.status === 404 && /not found/.test(a.error) });
        };
      export default defineTest({
        http: { baseUrl: '${sim.url}' },
        scenarios: { llm: { executor: 'per-vu-iterations', vus: 4, iterations: 2, maxDuration: '30s', exec: calls } },
        thresholds: {
          llm_ttft: ['p(95)<2000'],
          'llm_goodput{name:chat}': ['rate>0.99'],
          'llm_goodput{name:ollama}': ['rate<0.01'],
          'llm_requests{tokens_from:chunks}': ['count>0'],
          llm_goodput: ['rate>0.9'],
        },
      });`,
    );
    await started.running.done;
    doc = started.results();
  });
  after(async () => {
    files.remove();
    await sim.close();
  });

  test('every call answered as expected (checks)', () => {
    for (const entry of doc.checks) assert.equal(entry.fails, 0, `check "${entry.name}" failed`);
    assert.equal(doc.checks.length, 5);
  });

  test('counts: requests, where tokens came from, output tokens', () => {
    assert.equal(value(doc, 'llm_requests', 'count'), 8 * 5);
    assert.equal(value(doc, 'llm_requests{tokens_from:usage}', 'count'), 8 * 3);
    assert.equal(value(doc, 'llm_requests{tokens_from:chunks}', 'count'), 8);
    assert.equal(value(doc, 'llm_requests{tokens_from:none}', 'count'), 8, 'the unknown model');
    assert.equal(value(doc, 'llm_output_tokens', 'count'), 8 * (3 * OUTPUT_TOKENS + 3));
    // TTFT: one per streamed successful call; ITL: tokens - 1 per streamed call
    assert.equal(value(doc, 'llm_ttft', 'count'), 8 * 3);
    assert.equal(value(doc, 'llm_itl', 'count'), 8 * 3 * (OUTPUT_TOKENS - 1));
    assert.equal(value(doc, 'llm_request_latency', 'count'), 8 * 4);
  });

  test('measured figures land on the profile (generous bounds for a shared machine)', () => {
    const ttft = value(doc, 'llm_ttft', 'med');
    const tpot = value(doc, 'llm_tpot', 'med');
    const itl = value(doc, 'llm_itl', 'med');
    const intervalMs = 1000 / TOKENS_PER_SECOND;
    assert.ok(ttft >= TTFT_MS && ttft < TTFT_MS * 1.5, `TTFT median ${ttft} ms`);
    assert.ok(tpot >= intervalMs * 0.95 && tpot < intervalMs * 1.5, `TPOT median ${tpot} ms`);
    assert.ok(itl >= intervalMs * 0.9 && itl < intervalMs * 1.5, `ITL median ${itl} ms`);
  });

  test('goodput is a rate thresholds gate on, per name and overall', () => {
    assert.equal(value(doc, 'llm_goodput{name:chat}', 'rate'), 1);
    assert.equal(value(doc, 'llm_goodput{name:ollama}', 'rate'), 0);
    // chat good, ollama and missing not: 8 of 24
    assert.equal(value(doc, 'llm_goodput', 'passes'), 8);
    assert.equal(value(doc, 'llm_good_requests', 'count'), 8);
    assert.equal(thresholdOk(doc, 'llm_goodput{name:chat}', 'rate>0.99'), true);
    assert.equal(thresholdOk(doc, 'llm_goodput{name:ollama}', 'rate<0.01'), true);
    assert.equal(thresholdOk(doc, 'llm_requests{tokens_from:chunks}', 'count>0'), true);
    assert.equal(thresholdOk(doc, 'llm_ttft', 'p(95)<2000'), true);
    assert.equal(thresholdOk(doc, 'llm_goodput', 'rate>0.9'), false);
    assert.equal(doc.meta.outcome, 'thresholds_crossed');
  });

  test('every LLM stream is a stream too', () => {
    assert.equal(value(doc, 'streams{outcome:done}', 'count'), 8 * 3, 'ended by [DONE] or done: true');
  });
});

test("Ollama's API not streamed, chat and generate: one answer, tokens from eval_count, no TTFT", async () => {
  const sim = await startLlmSim({
    models: { quick: { timeToFirstTokenMs: 5, tokensPerSecond: 1000, jitter: 0, maxTokens: 40 } },
    seed: 1,
  });
  const recorder = createRecorder('llm');
  const http = createHttpClient(testClientContext(recorder, { baseUrl: sim.url }), createTransports);
  try {
    const llm = createLlmClient(http);
    for (const answer of [
      await llm.chat({ api: 'ollama', model: 'quick', prompt: 'Hi', maxTokens: 7, stream: false }),
      await llm.generate({ api: 'ollama', model: 'quick', prompt: 'Once', maxTokens: 7, stream: false }),
    ]) {
      assert.equal(answer.ok, true, answer.error);
      assert.deepEqual(
        [answer.tokensFrom, answer.outputTokens, answer.ttftMs, answer.outcome],
        ['usage', 7, undefined, undefined],
      );
      assert.ok(answer.text.length > 0);
    }
    assert.equal(countOf(recorder.snapshot(0, 0, 1000), 'llm_requests', { tokens_from: 'usage' }), 2);
  } finally {
    await http.close();
    await sim.close();
  }
});
