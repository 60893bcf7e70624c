import type { OpenAiRequest } from './openai-requests.ts';
import type { Plan } from './plan.ts';

/** The bodies of OpenAI's chat and text completions, whole and as stream chunks. */

export interface Completion {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly request: OpenAiRequest;
}

const FINGERPRINT = 'fp_salvo_llm_sim';

function usage(request: OpenAiRequest, plan: Plan) {
  const prompt = request.generation.promptTokens;
  return { prompt_tokens: prompt, completion_tokens: plan.evalCount, total_tokens: prompt + plan.evalCount };
}

function head(c: Completion, chunk: boolean) {
  const chat = c.request.api === 'chat';
  const object = chat ? (chunk ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';
  return {
    id: c.id,
    object,
    created: c.created,
    model: c.request.generation.model,
    system_fingerprint: FINGERPRINT,
  };
}

/** The answer in one body (`stream: false`). */
export function wholeCompletion(c: Completion, plan: Plan) {
  const text = plan.tokens.join('');
  const choice =
    c.request.api === 'chat'
      ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: plan.doneReason }
      : { index: 0, text, logprobs: null, finish_reason: plan.doneReason };
  return { ...head(c, false), choices: [choice], usage: usage(c.request, plan) };
}

/**
 * One streamed token: the first carries the role (chat), as OpenAI's and vLLM's first
 * chunk does. With include_usage every chunk has `usage: null` until the last.
 */
export function tokenChunk(c: Completion, token: string, first: boolean) {
  const choice =
    c.request.api === 'chat'
      ? {
          index: 0,
          delta: first ? { role: 'assistant', content: token } : { content: token },
          finish_reason: null,
        }
      : { index: 0, text: token, logprobs: null, finish_reason: null };
  return withNullUsage(c, { ...head(c, true), choices: [choice] });
}

/** The chunk that says why generation stopped (empty delta or text). */
export function finishChunk(c: Completion, plan: Plan) {
  const choice =
    c.request.api === 'chat'
      ? { index: 0, delta: {}, finish_reason: plan.doneReason }
      : { index: 0, text: '', logprobs: null, finish_reason: plan.doneReason };
  return withNullUsage(c, { ...head(c, true), choices: [choice] });
}

/** include_usage: the last chunk, no choices, the token counts. */
export function usageChunk(c: Completion, plan: Plan) {
  return { ...head(c, true), choices: [], usage: usage(c.request, plan) };
}

function withNullUsage<T extends object>(c: Completion, chunk: T): T {
  return c.request.includeUsage ? { ...chunk, usage: null } : chunk;
}

/** OpenAI's error body. */
export function errorBody(message: string, status: number) {
  const type = status >= 500 ? 'server_error' : status === 404 ? 'not_found_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}
