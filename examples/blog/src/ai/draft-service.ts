import { Ollama } from 'ollama';
import { type DraftCache, draftKey } from './draft-cache.ts';

export type DraftEvent =
  | { type: 'chunk'; text: string }
  | { type: 'done'; cached: boolean; model: string; durationMs: number };

export const INFERENCE_OUTCOMES = ['success', 'error', 'cancelled'] as const;
export type InferenceOutcome = (typeof INFERENCE_OUTCOMES)[number];

/** A drafting failure the user can be told about: 502 (model failed) or 504 (too slow). */
export class DraftError extends Error {
  readonly statusCode: 502 | 504;

  constructor(statusCode: 502 | 504, message: string) {
    super(message);
    this.name = 'DraftError';
    this.statusCode = statusCode;
  }
}

export interface DraftMetrics {
  observeGeneration(model: string, seconds: number): void;
  countInference(model: string, outcome: InferenceOutcome): void;
  cacheHit(): void;
  cacheMiss(): void;
}

export interface DraftServiceOptions {
  ollamaHost: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
  cache: DraftCache;
  metrics: DraftMetrics;
}

const TIMED_OUT = 'timed-out';
const MAX_MESSAGE_CHARS = 200;

function promptFor(title: string): string {
  return `Write a short, friendly blog post titled "${title}". Use plain paragraphs, no headings.`;
}

function describe(error: unknown, host: string): string {
  const err = error as { status_code?: number; message?: string; cause?: { code?: string } };
  if (err.cause?.code === 'ECONNREFUSED' || err.message === 'fetch failed') {
    return `Cannot reach the model server at ${host}`;
  }
  const detail = (err.message ?? String(error)).slice(0, MAX_MESSAGE_CHARS);
  return err.status_code === undefined
    ? `The model failed: ${detail}`
    : `The model server answered ${err.status_code}: ${detail}`;
}

/**
 * Drafts a post from a title through the Ollama API, streaming the text as it comes.
 * A finished draft is cached by (model, title) and served from there next time; a draft that
 * fails, times out or is cancelled is never cached. Every model call is counted by outcome.
 */
export class DraftService {
  readonly #options: DraftServiceOptions;
  readonly #closing = new AbortController();

  constructor(options: DraftServiceOptions) {
    this.#options = options;
  }

  get model(): string {
    return this.#options.model;
  }

  /** Cancels every generation in progress (their streams end; nothing is cached). */
  close(): void {
    this.#closing.abort('closing');
  }

  async *draft(title: string, signal?: AbortSignal): AsyncGenerator<DraftEvent> {
    const { cache, metrics, model } = this.#options;
    const key = draftKey(model, title);
    const started = performance.now();
    const cached = await cache.get(key);
    if (cached !== undefined) {
      metrics.cacheHit();
      yield { type: 'chunk', text: cached };
      yield { type: 'done', cached: true, model, durationMs: performance.now() - started };
      return;
    }
    metrics.cacheMiss();
    const text = yield* this.#generate(title, signal);
    if (text.length > 0) await cache.set(key, text);
    yield { type: 'done', cached: false, model, durationMs: performance.now() - started };
  }

  /** Streams chunks from the model and returns the whole text once the model says done. */
  async *#generate(title: string, signal?: AbortSignal): AsyncGenerator<DraftEvent, string> {
    const { ollamaHost, model, timeoutMs, maxTokens, metrics } = this.#options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const cancel = (): void => controller.abort('cancelled');
    signal?.addEventListener('abort', cancel, { once: true });
    this.#closing.signal.addEventListener('abort', cancel, { once: true });
    if (signal?.aborted === true || this.#closing.signal.aborted) cancel();
    const started = performance.now();
    let outcome: InferenceOutcome = 'cancelled';
    try {
      // A client per call: its abort list is then freed with it, whatever the outcome.
      const client = new Ollama({
        host: ollamaHost,
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
          }),
      });
      const stream = await client.generate({
        model,
        prompt: promptFor(title),
        stream: true,
        options: { num_predict: maxTokens },
      });
      let text = '';
      for await (const part of stream) {
        const piece = part.response ?? '';
        if (piece.length === 0) continue;
        text += piece;
        yield { type: 'chunk', text: piece };
      }
      outcome = 'success';
      metrics.observeGeneration(model, (performance.now() - started) / 1000);
      return text;
    } catch (error) {
      if (controller.signal.reason === TIMED_OUT) {
        outcome = 'error';
        throw new DraftError(504, `The model did not finish within ${timeoutMs / 1000} s`);
      }
      if (controller.signal.aborted) throw error;
      outcome = 'error';
      throw new DraftError(502, describe(error, ollamaHost));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      this.#closing.signal.removeEventListener('abort', cancel);
      if (outcome !== 'success') controller.abort('cancelled');
      metrics.countInference(model, outcome);
    }
  }
}
