import type { ServerResponse } from 'node:http';
import type { Counters } from './generation.ts';
import {
  type Completion,
  errorBody,
  finishChunk,
  tokenChunk,
  usageChunk,
  wholeCompletion,
} from './openai-answer.ts';
import { Pace } from './pace.ts';
import { planGeneration } from './plan.ts';
import type { ResolvedProfile } from './profiles.ts';
import { jittered } from './random.ts';
import { sendJson } from './respond.ts';
import type { Slots, SlotTicket } from './slots.ts';
import type { MarkovChain } from './text.ts';

/** What one OpenAI-compatible generation needs from the server. */
export interface OpenAiGeneration {
  readonly completion: Completion;
  readonly profile: ResolvedProfile;
  readonly slots: Slots;
  readonly rng: () => number;
  readonly chain: MarkovChain;
  readonly counters: Counters;
}

function sse(res: ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/**
 * Answers on `res` with the Ollama API's timing (generation.ts): a slot, the first token
 * after timeToFirstTokenMs, then one per 1/tokensPerSecond, each jittered; streamed as
 * `data:` events ending with `data: [DONE]`, or as one body at the end. The same loop as
 * the Ollama API's (on one timeline, pace.ts), kept apart so the two APIs' bodies can change on their own.
 */
export function runOpenAiGeneration(g: OpenAiGeneration, res: ServerResponse): void {
  const { completion, profile, counters, rng } = g;
  const request = completion.request.generation;
  const fails = rng() < profile.errorRate;
  const plan = planGeneration(g.chain, request, profile.maxTokens);
  const intervalMs = 1000 / profile.tokensPerSecond;
  let timer: NodeJS.Timeout | undefined;
  const pace = new Pace();
  let finished = false;
  let sent = 0;

  const finish = (): void => {
    finished = true;
    ticket?.release();
  };
  const step = (): void => {
    const token = plan.tokens[sent] ?? '';
    if (request.stream) sse(res, tokenChunk(completion, token, sent === 0));
    sent++;
    if (sent < plan.tokens.length) {
      timer = setTimeout(step, pace.after(jittered(intervalMs, profile.jitter, rng)));
      return;
    }
    finish();
    counters.completed++;
    if (!request.stream) {
      sendJson(res, 200, wholeCompletion(completion, plan));
      return;
    }
    sse(res, finishChunk(completion, plan));
    if (completion.request.includeUsage) sse(res, usageChunk(completion, plan));
    sse(res, '[DONE]');
    res.end();
  };
  const firstToken = (): void => {
    if (fails) {
      finish();
      sendJson(res, 500, errorBody(`simulated failure (errorRate ${profile.errorRate})`, 500));
      return;
    }
    if (request.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    }
    pace.start();
    step();
  };

  res.on('close', () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    ticket?.release();
    counters.aborted++;
  });
  const ticket: SlotTicket | undefined = g.slots.acquire(() => {
    timer = setTimeout(firstToken, jittered(profile.timeToFirstTokenMs, profile.jitter, rng));
  });
  if (ticket === undefined) {
    finished = true;
    sendJson(res, 503, errorBody('server busy, please try again. maximum pending requests exceeded', 503));
  }
}
