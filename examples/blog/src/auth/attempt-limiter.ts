export interface AttemptLimiterOptions {
  maxAttempts: number;
  windowMs: number;
  /** Bound on tracked keys, so a flood of made-up usernames cannot grow memory without end. */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  startMs: number;
  attempts: number;
}

/**
 * Fixed-window limiter of attempts per key: logins per (IP, username), registrations per IP.
 * An attempt is counted when it starts (before the scrypt await), so parallel attempts cannot
 * all slip past the check: after maxAttempts in a window, the next ones are refused until the
 * window ends. A successful login clears its key, so only failed logins keep counting.
 */
export class AttemptLimiter {
  readonly #maxAttempts: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: AttemptLimiterOptions) {
    this.#maxAttempts = options.maxAttempts;
    this.#windowMs = options.windowMs;
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  static key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  /**
   * Starts an attempt: 0 when it may go ahead (and it is counted now), otherwise the seconds
   * until the window ends (and nothing is counted).
   */
  beginAttempt(key: string): number {
    const window = this.#current(key);
    if (window === undefined) {
      if (this.#windows.size >= this.#maxKeys) this.#evict();
      this.#windows.set(key, { startMs: this.#now(), attempts: 1 });
      return 0;
    }
    if (window.attempts < this.#maxAttempts) {
      window.attempts += 1;
      return 0;
    }
    return Math.max(1, Math.ceil((window.startMs + this.#windowMs - this.#now()) / 1000));
  }

  recordSuccess(key: string): void {
    this.#windows.delete(key);
  }

  get size(): number {
    return this.#windows.size;
  }

  #current(key: string): Window | undefined {
    const window = this.#windows.get(key);
    if (window === undefined) return undefined;
    if (this.#now() - window.startMs < this.#windowMs) return window;
    this.#windows.delete(key);
    return undefined;
  }

  /** Windows are inserted in start order, so expired ones sit at the front of the Map. */
  #evict(): void {
    const now = this.#now();
    for (const [key, window] of this.#windows) {
      if (now - window.startMs < this.#windowMs) break;
      this.#windows.delete(key);
    }
    if (this.#windows.size < this.#maxKeys) return;
    const oldest = this.#windows.keys().next();
    if (oldest.done !== true) this.#windows.delete(oldest.value);
  }
}
