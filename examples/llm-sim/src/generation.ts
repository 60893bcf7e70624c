import type { ServerResponse } from 'node:http';
import { Pace } from './pace.ts';
import { type Plan, planGeneration, type ToolCall } from './plan.ts';
import type { ResolvedProfile } from './profiles.ts';
import { jittered } from './random.ts';
import type { GenerationRequest } from './requests.ts';
import { sendJson } from './respond.ts';
import type { Slots, SlotTicket } from './slots.ts';
import type { MarkovChain } from './text.ts';

/** Counters the server keeps besides the slots' own (running, queued). */
export interface Counters {
  requests: number;
  errors: number;
  completed: number;
  aborted: number;
}

/** What one generation needs from the server. */
export interface GenerationContext {
  request: GenerationRequest;
  profile: ResolvedProfile;
  slots: Slots;
  /** The simulator-wide seeded RNG: jitter and error injection. */
  rng: () => number;
  chain: MarkovChain;
  counters: Counters;
  receivedAtNs: bigint;
}

interface Timing {
  startedNs: bigint;
  firstTokenNs: bigint;
}

const nowNs = (): bigint => process.hrtime.bigint();

/** One piece of an answer: words of the answer or of the thinking, or the tool calls. */
interface Piece {
  content: string;
  thinking?: string;
  toolCalls?: ToolCall[];
}

function chunk(request: GenerationRequest, piece: Piece, done: boolean): Record<string, unknown> {
  const head = { model: request.model, created_at: new Date().toISOString() };
  const thinking = piece.thinking ? { thinking: piece.thinking } : {};
  if (request.kind === 'generate') return { ...head, response: piece.content, ...thinking, done };
  const calls = piece.toolCalls ? { tool_calls: piece.toolCalls } : {};
  return { ...head, message: { role: 'assistant', content: piece.content, ...thinking, ...calls }, done };
}

/** The streamed pieces in order: thinking, then the answer's tokens or its tool calls. */
function pieces(plan: Plan): Piece[] {
  const list: Piece[] = plan.thinking.map((thinking) => ({ content: '', thinking }));
  for (const content of plan.tokens) list.push({ content });
  if (plan.toolCalls) list.push({ content: '', toolCalls: plan.toolCalls });
  return list;
}

function finalChunk(ctx: GenerationContext, answer: Plan, timing: Timing, whole: Piece) {
  const endNs = nowNs();
  const stats = {
    done_reason: answer.doneReason,
    total_duration: Number(endNs - ctx.receivedAtNs),
    load_duration: Number(timing.startedNs - ctx.receivedAtNs),
    prompt_eval_count: ctx.request.promptTokens,
    prompt_eval_duration: Number(timing.firstTokenNs - timing.startedNs),
    eval_count: answer.evalCount,
    eval_duration: Number(endNs - timing.firstTokenNs),
  };
  if (ctx.request.kind === 'chat') return { ...chunk(ctx.request, whole, true), ...stats };
  const context = answer.tokens.map((token) => ctx.chain.vocabulary.get(token.trimEnd()) ?? 0);
  return { ...chunk(ctx.request, whole, true), ...stats, context };
}

/**
 * Answers one generation on `res`: waits for a slot, then the first token after timeToFirstTokenMs,
 * then one token per 1/tokensPerSecond, each jittered, on one timeline (pace.ts). A closed
 * connection stops it and frees the slot.
 */
export function runGeneration(ctx: GenerationContext, res: ServerResponse): void {
  const { request, profile, counters, rng } = ctx;
  const fails = rng() < profile.errorRate;
  const answer = planGeneration(ctx.chain, request, profile.maxTokens);
  const steps = pieces(answer);
  const timing: Timing = { startedNs: 0n, firstTokenNs: 0n };
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
    const piece = steps[sent++] ?? { content: '' };
    if (request.stream) res.write(`${JSON.stringify(chunk(request, piece, false))}\n`);
    if (sent < steps.length) {
      timer = setTimeout(step, pace.after(jittered(intervalMs, profile.jitter, rng)));
      return;
    }
    finish();
    counters.completed++;
    const whole: Piece = request.stream
      ? { content: '' }
      : { content: answer.tokens.join(''), thinking: answer.thinking.join(''), toolCalls: answer.toolCalls };
    const last = finalChunk(ctx, answer, timing, whole);
    if (request.stream) res.end(`${JSON.stringify(last)}\n`);
    else sendJson(res, 200, last);
  };
  const firstToken = (): void => {
    timing.firstTokenNs = nowNs();
    if (fails) {
      finish();
      const error = `llama runner process has terminated: simulated failure (errorRate ${profile.errorRate})`;
      sendJson(res, 500, { error });
      return;
    }
    if (request.stream) res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    pace.start();
    step();
  };
  const start = (): void => {
    timing.startedNs = nowNs();
    timer = setTimeout(firstToken, jittered(profile.timeToFirstTokenMs, profile.jitter, rng));
  };

  res.on('close', () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    ticket?.release();
    counters.aborted++;
  });
  const ticket: SlotTicket | undefined = ctx.slots.acquire(start);
  if (ticket === undefined) {
    finished = true;
    sendJson(res, 503, { error: 'server busy, please try again.  maximum pending requests exceeded' });
  }
}
