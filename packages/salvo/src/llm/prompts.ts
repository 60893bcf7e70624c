import { SalvoError } from '../errors.ts';
import { type Feed, type FeedOptions, feed } from '../feed/index.ts';
import type { ChatMessage } from './api.ts';

/** A dataset row: vLLM's custom dataset line (`prompt`), or `messages`, with the output length expected. */
export interface PromptRow {
  prompt?: string;
  messages?: ChatMessage[];
  /** The answer's expected length in tokens: sent as maxTokens. */
  output_tokens?: number;
}

/** A row as `vu.llm.chat` / `generate` options take it. */
export interface Prompt {
  readonly prompt?: string;
  readonly messages?: ChatMessage[];
  readonly maxTokens?: number;
}

/** A probe VU for reading each row once at load (a feed's `shared` position is per VU object). */
const PROBE = { id: 0 };

/**
 * Prompts from a dataset file (JSON Lines, JSON or CSV) through `feed`, so a test replays a
 * realistic mix: in order per VU (`shared`), each once in the whole run (`unique`), or at
 * random. Every row is checked when the file is loaded: a prompt string or a messages
 * array, and a whole `output_tokens` >= 1 if given.
 *
 * @example
 * const prompts = promptDataset('prompts.jsonl', { mode: 'unique' });
 * exec: async (vu) => { await vu.llm.chat({ model: 'llama3.2', ...prompts.next(vu) }); }
 */
export function promptDataset(
  path: string,
  options: FeedOptions = {},
): { next(vu: { id: number }): Prompt; size: number } {
  const rows: Feed<PromptRow> = feed<PromptRow>(path, options);
  const check = feed<PromptRow>(path, { mode: 'shared' });
  for (let i = 0; i < check.size; i++) toPrompt(check.next(PROBE), path, i + 1);
  return {
    size: rows.size,
    next: (vu) => toPrompt(rows.next(vu), path, undefined),
  };
}

function toPrompt(row: PromptRow, path: string, line: number | undefined): Prompt {
  const where = line === undefined ? `promptDataset("${path}")` : `promptDataset("${path}") row ${line}`;
  const fail = (why: string) => new SalvoError('SALVO_ERR_TEST_DEFINITION', `${where}: ${why}`);
  if (typeof row !== 'object' || row === null) throw fail('a row must be an object');
  const { prompt, messages } = row;
  const tokens = typeof row.output_tokens === 'string' ? Number(row.output_tokens) : row.output_tokens;
  if (typeof prompt !== 'string' && !Array.isArray(messages))
    throw fail('needs "prompt" (a string) or "messages" (an array)');
  if (tokens !== undefined && !(Number.isSafeInteger(tokens) && tokens >= 1)) {
    throw fail(`output_tokens must be a whole number >= 1, got ${JSON.stringify(row.output_tokens)}`);
  }
  const out: { prompt?: string; messages?: ChatMessage[]; maxTokens?: number } = {};
  if (typeof prompt === 'string') out.prompt = prompt;
  if (Array.isArray(messages)) out.messages = messages;
  if (tokens !== undefined) out.maxTokens = tokens;
  return out;
}
