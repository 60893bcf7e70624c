export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Bound on tracked keys, so a flood of made-up usernames cannot grow memory without end. */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  startMs: number;
  failures: number;
}

/**
 * Fixed-window limiter of failed logins per (IP, username). After maxFailures failures in a
 * window, attempts are refused until the window ends; a successful login clears the key.
 */
export class LoginLimiter {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: LoginLimiterOptions) {
    this.#maxFailures = options.maxFailures;
    this.#windowMs = options.windowMs;
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  static key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(key: string): number {
    const window = this.#current(key);
    if (window === undefined || window.failures < this.#maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startMs + this.#windowMs - this.#now()) / 1000));
  }

  recordFailure(key: string): void {
    const window = this.#current(key);
    if (window !== undefined) {
      window.failures += 1;
      return;
    }
    if (this.#windows.size >= this.#maxKeys) this.#evict();
    this.#windows.set(key, { startMs: this.#now(), failures: 1 });
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
