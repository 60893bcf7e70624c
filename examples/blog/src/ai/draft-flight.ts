/**
 * One model call for one draft key, shared by every request for that key while it runs
 * (single-flight): ten concurrent requests for the same new title make one model call, and
 * each of them streams the same chunks, from the first one on. The call is cancelled only when
 * every follower has gone. (Hand-written: the single-flight libraries on npm share a promise of
 * the final value, not a stream each follower can replay from its start.)
 */
export class DraftFlight {
  readonly #chunks: string[] = [];
  readonly #controller = new AbortController();
  #settled = false;
  #error: unknown;
  #followers = 0;
  #changed = Promise.withResolvers<void>();

  /** Aborted ('cancelled') when the last follower leaves before the flight has settled. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  push(text: string): void {
    this.#chunks.push(text);
    this.#wake();
  }

  /** The model call ended and its draft was stored: followers end after the last chunk. */
  finish(): void {
    this.#settled = true;
    this.#wake();
  }

  /** The model call failed: followers get the chunks so far, then this error. */
  fail(error: unknown): void {
    this.#settled = true;
    this.#error = error;
    this.#wake();
  }

  /** Every chunk from the first, as they come; throws the flight's error, or signal's reason. */
  async *follow(signal?: AbortSignal): AsyncGenerator<string> {
    this.#followers += 1;
    const gone = Promise.withResolvers<void>();
    const leave = (): void => gone.resolve();
    signal?.addEventListener('abort', leave, { once: true });
    try {
      let next = 0;
      for (;;) {
        while (next < this.#chunks.length) yield this.#chunks[next++] as string;
        if (this.#settled) {
          if (this.#error !== undefined) throw this.#error;
          return;
        }
        signal?.throwIfAborted();
        await Promise.race([this.#changed.promise, gone.promise]);
      }
    } finally {
      signal?.removeEventListener('abort', leave);
      this.#followers -= 1;
      if (this.#followers === 0 && !this.#settled) this.#controller.abort('cancelled');
    }
  }

  #wake(): void {
    this.#changed.resolve();
    this.#changed = Promise.withResolvers<void>();
  }
}
