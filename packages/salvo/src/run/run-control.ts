import { monotonicMs } from '../clock.ts';

/**
 * How a run is told to stop. `graceful`: start no new iterations, let running ones finish
 * within their gracefulStop. `hard`: interrupt everything now (abortOnFail, a second
 * Ctrl-C). Sleepers wake on either.
 */
export class RunControl {
  stopping = false;
  /** monotonicMs() of the first stop request (graceful stops count from here). */
  stoppedAt = Number.POSITIVE_INFINITY;
  readonly #graceful = new AbortController();
  readonly #hard = new AbortController();

  get stopSignal(): AbortSignal {
    return this.#graceful.signal;
  }

  get hardSignal(): AbortSignal {
    return this.#hard.signal;
  }

  stop(mode: 'graceful' | 'hard'): void {
    if (!this.stopping) this.stoppedAt = monotonicMs();
    this.stopping = true;
    this.#graceful.abort();
    if (mode === 'hard') this.#hard.abort();
  }
}

/** Resolves at monotonicMs() time `at`, or early when `signal` aborts; true if it slept to the end. */
export function sleepUntil(at: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  const ms = at - monotonicMs();
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
