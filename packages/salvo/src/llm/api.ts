import type { RequestParams, Response } from '../http/api.ts';
import type { StreamOutcome } from '../http/streams/stream-metrics.ts';

/** Which wire format: OpenAI-compatible (vLLM, llama.cpp, TGI, Ollama's /v1) or Ollama's own. */
export type LlmApi = 'openai' | 'ollama';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {});
  content: string;
}

/** SLOs of a call, as durations ('500ms', or a number of ms): it is good when it meets them all. */
export interface SloInput {
  /** Time to first token. */
  ttft?: string | number;
  /** Time per output token after the first. */
  tpot?: string | number;
  /** End-to-end latency. */
  e2el?: string | number;
}

export interface LlmCallOptions extends Pick<RequestParams, 'headers' | 'name' | 'tags' | 'timeout'> {
  model: string;
  /** Default 'openai'. */
  api?: LlmApi;
  /**
   * The endpoint, absolute or relative to http.baseUrl. Default by api and call:
   * /v1/chat/completions, /v1/completions, /api/chat, /api/generate.
   */
  url?: string;
  /** Default true: the answer streamed token by token (TTFT, ITL and TPOT need it). */
  stream?: boolean;
  /** The most tokens to generate: `max_tokens`, or Ollama's `options.num_predict`. */
  maxTokens?: number;
  /** More fields for the request body (temperature, seed, ignore_eos...), merged over Salvo's. */
  body?: Record<string, unknown>;
  /** Ask for usage in OpenAI streams (`stream_options.include_usage`); default true. */
  includeUsage?: boolean;
  /** Records the call in `llm_goodput` and `llm_good_requests`, good when all are met. */
  slo?: SloInput;
}

export interface ChatOptions extends LlmCallOptions {
  /** The conversation; or give `prompt` for one user message. */
  messages?: readonly ChatMessage[];
  prompt?: string;
}

export interface GenerateOptions extends LlmCallOptions {
  prompt: string;
}

/** One call's answer and its serving figures (times in ms). */
export interface LlmResult {
  /** The call completed with output: a 2xx, a whole stream, at least one token. */
  readonly ok: boolean;
  /** Why not, when not ok. */
  readonly error: string | undefined;
  readonly status: number;
  readonly text: string;
  readonly outputTokens: number;
  /** From usage fields, when the server sent them. */
  readonly inputTokens: number | undefined;
  /** Where outputTokens came from: the API's usage fields, or one per chunk with output. */
  readonly tokensFrom: 'usage' | 'chunks';
  /** Streamed calls only. */
  readonly ttftMs: number | undefined;
  readonly itlMs: readonly number[];
  /** Streamed calls with more than one output token only. */
  readonly tpotMs: number | undefined;
  /** End-to-end latency. */
  readonly latencyMs: number;
  /** Output tokens / latency in seconds. */
  readonly tokensPerSecond: number;
  /** Whether the call met every SLO given; undefined without `slo`. */
  readonly good: boolean | undefined;
  /** The stream's end, for streamed calls. */
  readonly outcome: StreamOutcome | undefined;
  /** finish_reason or done_reason, if the server said. */
  readonly finishReason: string | undefined;
  readonly response: Response;
}

/** `vu.llm`: LLM calls with their serving metrics (docs/llm.md). */
export interface LlmClient {
  /** A chat completion: /v1/chat/completions or Ollama's /api/chat. */
  chat(options: ChatOptions): Promise<LlmResult>;
  /** A text completion: /v1/completions or Ollama's /api/generate. */
  generate(options: GenerateOptions): Promise<LlmResult>;
}
