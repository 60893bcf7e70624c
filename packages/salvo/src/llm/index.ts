/**
 * LLM calls as load-test traffic: OpenAI-compatible and Ollama APIs, streamed or not, with
 * the serving metrics vLLM's benchmark_serving reports (TTFT, ITL, TPOT, E2EL, tokens/s)
 * and goodput against SLOs. `vu.llm` is this module's client on the VU's HTTP client.
 *
 * @example
 * const answer = await vu.llm.chat({ model: 'llama3.2', prompt: 'Hi', slo: { ttft: '500ms', tpot: '50ms' } });
 * vu.check(answer, { 'answered': (a) => a.ok });
 */
export type {
  ChatMessage,
  ChatOptions,
  GenerateOptions,
  LlmApi,
  LlmCallOptions,
  LlmClient,
  LlmResult,
  SloInput,
} from './api.ts';
export { createLlmClient, type LlmHost } from './client.ts';
export { type Prompt, type PromptRow, promptDataset } from './prompts.ts';
