import { readFileSync } from 'node:fs';
import { createRng, hashString } from './random.ts';

/** The first token of every answer, so nobody mistakes simulated text for a model's. */
export const SIMULATOR_MARK = '[llm-sim]';

/** An order-2 word-level Markov chain: "w1 w2" → the words that followed that pair in the corpus. */
export interface MarkovChain {
  readonly starts: ReadonlyArray<readonly [string, string]>;
  readonly next: ReadonlyMap<string, readonly string[]>;
  /** Word → id, the simulated vocabulary (used for the `context` field). */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Size of the corpus: the simulated model's "weights". */
  readonly corpusBytes: number;
}

/** A planned answer: its tokens (word plus trailing space) and why it ends. */
export interface Answer {
  tokens: string[];
  doneReason: 'stop' | 'length';
}

const SENTENCE_END = /[.!?]$/;
const ABBREVIATION = /^[A-Z][a-z]{0,2}\.$/; // Mr. Mrs. St.

function endsSentence(word: string): boolean {
  return SENTENCE_END.test(word) && !ABBREVIATION.test(word);
}

export function buildChain(corpus: string): MarkovChain {
  // Quotes are dropped: cut-and-joined sentences would leave them unbalanced.
  const words = corpus.replaceAll('"', '').split(/\s+/).filter(Boolean);
  if (words.length < 3) throw new Error('llm-sim: the corpus needs at least three words');
  const next = new Map<string, string[]>();
  const starts: Array<[string, string]> = [];
  const vocabulary = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!vocabulary.has(word)) vocabulary.set(word, vocabulary.size);
    const second = words[i + 1];
    if (second === undefined) continue;
    if (i === 0 || endsSentence(words[i - 1]!)) starts.push([word, second]);
    const following = words[i + 2];
    if (following === undefined) continue;
    const key = `${word} ${second}`;
    const list = next.get(key);
    if (list) list.push(following);
    else next.set(key, [following]);
  }
  return { starts, next, vocabulary, corpusBytes: Buffer.byteLength(corpus) };
}

let shippedChain: MarkovChain | undefined;

/** The chain over the shipped public-domain corpus, built once. */
export function defaultChain(): MarkovChain {
  shippedChain ??= buildChain(readFileSync(new URL('./corpus.txt', import.meta.url), 'utf8'));
  return shippedChain;
}

function pick<T>(items: readonly T[], rng: () => number): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** The text seed: the same model, prompt and options.seed give the same answer. */
export function textSeed(model: string, prompt: string, seed: number | undefined): number {
  return hashString(prompt, hashString(`${model}\u0000${seed ?? ''}`));
}

/**
 * Plans an answer. Its natural length ends at the first sentence end past 3/4 of maxTokens (or at
 * maxTokens): done_reason 'stop'. A smaller numPredict cuts it: done_reason 'length'.
 */
export function planAnswer(
  chain: MarkovChain,
  seed: number,
  maxTokens: number,
  numPredict: number | undefined,
): Answer {
  const limit = numPredict === undefined ? maxTokens : Math.min(numPredict, maxTokens);
  const minNatural = Math.ceil(maxTokens * 0.75);
  const tokens = [`${SIMULATOR_MARK} `];
  const stream = wordStream(chain, createRng(seed));
  while (tokens.length < limit) {
    const word = stream.next().value as string;
    tokens.push(`${word} `);
    if (tokens.length >= minNatural && endsSentence(word)) return { tokens, doneReason: 'stop' };
  }
  const cut = numPredict !== undefined && numPredict < maxTokens;
  return { tokens, doneReason: cut ? 'length' : 'stop' };
}

/**
 * Words from the chain. Like a repeat penalty, it avoids word pairs it has already produced: when
 * every successor would repeat one, it starts a new sentence instead of looping.
 */
export function* wordStream(chain: MarkovChain, rng: () => number): Generator<string, never> {
  const used = new Set<string>();
  for (;;) {
    let [first, second] = pick(chain.starts, rng);
    yield first;
    yield second;
    used.add(`${first} ${second}`);
    for (;;) {
      const fresh = chain.next.get(`${first} ${second}`)?.filter((word) => !used.has(`${second} ${word}`));
      if (!fresh || fresh.length === 0) break;
      const word = pick(fresh, rng);
      yield word;
      [first, second] = [second, word];
      used.add(`${first} ${second}`);
    }
  }
}
