import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The long answers in progress (draft streams). Closing waits for each to send its last event
 * and end: Fastify then closes the idle keep-alive connections they leave, where an answer
 * ending after that point would hold close() for the keep-alive timeout (72 s).
 */
export class OpenAnswers {
  readonly #open = new Set<ServerResponse>();

  track(response: ServerResponse): void {
    if (response.closed) return;
    this.#open.add(response);
    response.once('close', () => this.#open.delete(response));
  }

  get size(): number {
    return this.#open.size;
  }

  /** Resolves when every tracked answer has closed, or after timeoutMs, whichever comes first. */
  async allClosed(timeoutMs: number): Promise<void> {
    if (this.#open.size === 0) return;
    const timer = new AbortController();
    try {
      await Promise.race([
        Promise.all([...this.#open].map((response) => once(response, 'close'))),
        sleep(timeoutMs, undefined, { signal: timer.signal }),
      ]);
    } finally {
      timer.abort();
    }
  }
}
