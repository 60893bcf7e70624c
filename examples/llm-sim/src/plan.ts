import { createRng } from './random.ts';
import type { GenerationRequest } from './requests.ts';
import { valueForSchema } from './schema-value.ts';
import { type MarkovChain, planAnswer, textSeed } from './text.ts';

/** A call the simulated model makes to one of the offered tools. */
export interface ToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

/** What one generation will send: thinking tokens, then answer tokens or tool calls, and why it ends. */
export interface Plan {
  thinking: string[];
  tokens: string[];
  /** Sent as one chunk after the thinking, as Ollama sends a parsed tool call. */
  toolCalls: ToolCall[] | undefined;
  /** Tokens generated, thinking and tool calls included (Ollama's eval_count). */
  evalCount: number;
  doneReason: 'stop' | 'length';
}

/** The schema `format: "json"` answers follow: some JSON object, as a model in JSON mode writes. */
const JSON_MODE_SCHEMA = { type: 'object', properties: { answer: { type: 'string', minLength: 40 } } };

/** Splits text into word-like tokens (each with its trailing whitespace) that concatenate back to it. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

function cut(tokens: string[], numPredict: number | undefined): Pick<Plan, 'tokens' | 'doneReason'> {
  if (numPredict !== undefined && numPredict < tokens.length) {
    return { tokens: tokens.slice(0, numPredict), doneReason: 'length' };
  }
  return { tokens, doneReason: 'stop' };
}

/** Seeds the thinking apart from the answer, so the two texts differ. */
const THINKING_SALT = 0x9e3779b9;

function planContent(
  chain: MarkovChain,
  request: GenerationRequest,
  seed: number,
  maxTokens: number,
  numPredict: number | undefined,
) {
  if (request.format === undefined) return planAnswer(chain, seed, maxTokens, numPredict);
  const schema = request.format === 'json' ? JSON_MODE_SCHEMA : request.format;
  const text = JSON.stringify(valueForSchema(schema, chain, createRng(seed)), null, 1);
  return cut(tokenize(text), numPredict);
}

function planToolCall(chain: MarkovChain, request: GenerationRequest, seed: number): ToolCall {
  const rng = createRng(seed);
  const tool = request.tools[Math.floor(rng() * request.tools.length)]!;
  const args = valueForSchema({ type: 'object', ...tool.parameters }, chain, rng);
  return { function: { name: tool.name, arguments: args as Record<string, unknown> } };
}

/**
 * Plans the answer to a request, deterministic from model, prompt and options.seed: with `think`,
 * thinking first; then with tools a call to one (arguments following its parameters schema), with
 * `format` a JSON text that parses and follows the schema (num_predict still cuts it, as it would
 * cut a real model's JSON), or else prose from the Markov chain.
 */
export function planGeneration(chain: MarkovChain, request: GenerationRequest, maxTokens: number): Plan {
  const seed = textSeed(request.model, request.prompt, request.seed);
  const { numPredict } = request;
  const thinking = request.think
    ? planAnswer(chain, (seed ^ THINKING_SALT) >>> 0, Math.ceil(maxTokens / 2), numPredict).tokens
    : [];
  // num_predict counts thinking tokens too: what thinking used is gone from the answer.
  const left = numPredict === undefined ? undefined : numPredict - thinking.length;
  if (left !== undefined && left <= 0) {
    return { thinking, tokens: [], toolCalls: undefined, evalCount: thinking.length, doneReason: 'length' };
  }
  if (request.tools.length > 0) {
    const call = planToolCall(chain, request, seed);
    const callTokens = tokenize(JSON.stringify(call)).length;
    return {
      thinking,
      tokens: [],
      toolCalls: [call],
      evalCount: thinking.length + callTokens,
      doneReason: 'stop',
    };
  }
  const content = planContent(chain, request, seed, maxTokens, left);
  return { thinking, ...content, toolCalls: undefined, evalCount: thinking.length + content.tokens.length };
}
