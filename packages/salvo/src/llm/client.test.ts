import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { monotonicMs } from '../clock.ts';
import { createHttpClient } from '../http/client.ts';
import { countOf, testClientContext } from '../http/testing/index.ts';
import { createTransports } from '../http/transports.ts';
import { createRecorder } from '../metrics/index.ts';
import { createLlmClient } from './client.ts';

/** How long the server holds `[DONE]` back after the usage chunk. */
const HOLD_MS = 1000;

/**
 * An OpenAI-style stream of three token chunks: `/usage` then sends a usage chunk that says
 * five tokens, and `[DONE]` only HOLD_MS later; `/page` answers a streamed call with HTML.
 */
let server: Server;
let url: string;
before(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>maintenance</p>');
      return;
    }
    const data = (value: unknown) => res.write(`data: ${JSON.stringify(value)}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    data({ choices: [{ index: 0, delta: { role: 'assistant' } }] });
    for (const word of ['one', ' two', ' three']) data({ choices: [{ index: 0, delta: { content: word } }] });
    data({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (req.url === '/usage') {
      data({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 5 } });
      setTimeout(() => res.end('data: [DONE]\n\n'), HOLD_MS);
    } else res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client() {
  const recorder = createRecorder('llm');
  const http = createHttpClient(testClientContext(recorder), createTransports);
  return { llm: createLlmClient(http), snapshot: () => recorder.snapshot(0, 0, 1000), http };
}

test('E2EL ends at the last chunk (vLLM), not at [DONE]; tokens from usage, TPOT over them', async () => {
  const { llm, snapshot, http } = client();
  const startedMs = monotonicMs();
  const answer = await llm.chat({ model: 'm', prompt: 'Hi', url: `${url}/usage` });
  const wallMs = monotonicMs() - startedMs;
  assert.equal(answer.ok, true, answer.error);
  assert.equal(answer.text, 'one two three');
  assert.deepEqual([answer.tokensFrom, answer.outputTokens, answer.inputTokens], ['usage', 5, 2]);
  assert.equal(answer.itlMs.length, 2, 'a gap between each two of the three token chunks');
  assert.ok(wallMs >= HOLD_MS, 'the call waited for [DONE]');
  assert.ok(answer.latencyMs < wallMs - HOLD_MS / 2, `E2EL ${answer.latencyMs} ms of a ${wallMs} ms call`);
  assert.equal(answer.tpotMs, (answer.latencyMs - answer.ttftMs!) / (5 - 1));
  assert.equal(countOf(snapshot(), 'llm_requests', { tokens_from: 'usage' }), 1);
  await http.close();
});

test('without usage the chunks are counted, and the results say so', async () => {
  const { llm, snapshot, http } = client();
  const answer = await llm.generate({ model: 'm', prompt: 'Hi', url: `${url}/plain` });
  assert.deepEqual([answer.ok, answer.tokensFrom, answer.outputTokens], [true, 'chunks', 3]);
  assert.equal(countOf(snapshot(), 'llm_requests', { tokens_from: 'chunks' }), 1);
  await http.close();
});

test('an answer that is not an event stream fails the call with why, counted, no figures', async () => {
  const { llm, snapshot, http } = client();
  const answer = await llm.chat({ model: 'm', prompt: 'Hi', url: `${url}/page`, slo: { ttft: '1s' } });
  assert.equal(answer.ok, false);
  assert.equal(answer.error, 'not an event stream: HTTP 200, content-type "text/html"');
  assert.equal(answer.good, false);
  const s = snapshot();
  assert.equal(countOf(s, 'llm_requests', { tokens_from: 'none' }), 1);
  assert.equal(countOf(s, 'llm_output_tokens'), 0);
  await http.close();
});
