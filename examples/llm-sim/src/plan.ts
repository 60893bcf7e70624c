import { createRng } from './random.ts';
import type { GenerationRequest } from './requests.ts';
import { valueForSchema } from './schema-value.ts';
import { type MarkovChain, planAnswer, textSeed } from './text.ts';

/** What one generation will send: its tokens in order and why it ends. */
export interface Plan {
  tokens: string[];
  doneReason: 'stop' | 'length';
}

/** The schema `format: "json"` answers follow: some JSON object, as a model in JSON mode writes. */
const JSON_MODE_SCHEMA = { type: 'object', properties: { answer: { type: 'string', minLength: 40 } } };

/** Splits text into word-like tokens (each with its trailing whitespace) that concatenate back to it. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

function cut(tokens: string[], numPredict: number | undefined): Plan {
  if (numPredict !== undefined && numPredict < tokens.length) {
    return { tokens: tokens.slice(0, numPredict), doneReason: 'length' };
  }
  return { tokens, doneReason: 'stop' };
}

/**
 * Plans the answer to a request, deterministic from model, prompt and options.seed: prose from the
 * Markov chain, or with `format` a JSON text that parses and follows the schema (num_predict still
 * cuts it, as it would cut a real model's JSON).
 */
export function planGeneration(chain: MarkovChain, request: GenerationRequest, maxTokens: number): Plan {
  const seed = textSeed(request.model, request.prompt, request.seed);
  if (request.format === undefined) return planAnswer(chain, seed, maxTokens, request.numPredict);
  const schema = request.format === 'json' ? JSON_MODE_SCHEMA : request.format;
  const text = JSON.stringify(valueForSchema(schema, chain, createRng(seed)), null, 1);
  return cut(tokenize(text), request.numPredict);
}
