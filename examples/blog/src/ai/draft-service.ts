import { Ollama } from 'ollama';
import { type DraftCache, draftKey } from './draft-cache.ts';
import { DraftFlight } from './draft-flight.ts';

export type DraftEvent =
  | { type: 'chunk'; text: string }
  | { type: 'done'; cached: boolean; model: string; durationMs: number };

export const INFERENCE_OUTCOMES = ['success', 'error', 'cancelled'] as const;
export type InferenceOutcome = (typeof INFERENCE_OUTCOMES)[number];

/**
 * A drafting failure the user can be told about: 502 (model failed), 503 (the blog is shutting
 * down) or 504 (too slow).
 */
export class DraftError extends Error {
  readonly statusCode: 502 | 503 | 504;

  constructor(statusCode: 502 | 503 | 504, message: string) {
    super(message);
    this.name = 'DraftError';
    this.statusCode = statusCode;
  }
}

export interface DraftMetrics {
  /** One model call ended: how long it ran, by outcome. */
  observeInference(model: string, outcome: InferenceOutcome, seconds: number): void;
  /** The model's first chunk arrived, this long after the call started. */
  observeFirstToken(model: string, seconds: number): void;
  /** A request found the same draft's model call in flight and waited for it instead of calling. */
  joinedInference(model: string): void;
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
const CLOSING = 'closing';
const MAX_MESSAGE_CHARS = 200;
export const SHUTTING_DOWN_MESSAGE = 'The blog is shutting down; try again in a moment';

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
 * fails, times out or is cancelled is never cached. Concurrent requests for the same draft
 * share one model call (DraftFlight). Every model call is timed and counted by outcome.
 */
export class DraftService {
  readonly #options: DraftServiceOptions;
  readonly #closing = new AbortController();
  readonly #flights = new Map<string, DraftFlight>();

  constructor(options: DraftServiceOptions) {
    this.#options = options;
  }

  get model(): string {
    return this.#options.model;
  }

  /**
   * Cancels every generation in progress: their streams end with a 503 DraftError saying the
   * blog is shutting down (nothing is cached), and new drafts are refused the same way.
   */
  close(): void {
    this.#closing.abort(CLOSING);
  }

  async *draft(title: string, signal?: AbortSignal): AsyncGenerator<DraftEvent> {
    const { cache, metrics, model } = this.#options;
    if (this.#closing.signal.aborted) throw new DraftError(503, SHUTTING_DOWN_MESSAGE);
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
    let flight = this.#flights.get(key);
    if (flight === undefined || flight.signal.aborted) flight = this.#takeOff(key, title);
    else metrics.joinedInference(model);
    for await (const text of flight.follow(signal)) yield { type: 'chunk', text };
    yield { type: 'done', cached: false, model, durationMs: performance.now() - started };
  }

  /** Starts the one model call for this key; the draft is cached before followers hear it is done. */
  #takeOff(key: string, title: string): DraftFlight {
    const flight = new DraftFlight();
    this.#flights.set(key, flight);
    const land = async (): Promise<void> => {
      try {
        const text = await this.#generate(title, flight.signal, (chunk) => flight.push(chunk));
        if (text.length > 0) await this.#options.cache.set(key, text);
        flight.finish();
      } catch (error) {
        flight.fail(error);
      } finally {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
      }
    };
    void land();
    return flight;
  }

  /** Streams chunks from the model into onChunk and returns the whole text once the model says done. */
  async #generate(title: string, signal: AbortSignal, onChunk: (text: string) => void): Promise<string> {
    const { ollamaHost, model, timeoutMs, maxTokens, metrics } = this.#options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const cancel = (): void => controller.abort('cancelled');
    const closing = (): void => controller.abort(CLOSING);
    signal.addEventListener('abort', cancel, { once: true });
    this.#closing.signal.addEventListener('abort', closing, { once: true });
    if (this.#closing.signal.aborted) closing();
    if (signal.aborted) cancel();
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
        if (text.length === 0) metrics.observeFirstToken(model, (performance.now() - started) / 1000);
        text += piece;
        onChunk(piece);
      }
      outcome = 'success';
      return text;
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      if (reason === TIMED_OUT) {
        outcome = 'error';
        throw new DraftError(504, `The model did not finish within ${timeoutMs / 1000} s`);
      }
      if (reason === CLOSING) throw new DraftError(503, SHUTTING_DOWN_MESSAGE);
      if (controller.signal.aborted) throw error;
      outcome = 'error';
      throw new DraftError(502, describe(error, ollamaHost));
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', cancel);
      this.#closing.signal.removeEventListener('abort', closing);
      if (outcome !== 'success') controller.abort('cancelled');
      metrics.observeInference(model, outcome, (performance.now() - started) / 1000);
    }
  }
}
