import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Where finished drafts are kept, keyed by model and title. Never holds partial drafts. */
export interface DraftCache {
  readonly kind: 'memory' | 'redis';
  /** Whether the cache can serve now (always true in memory). */
  ready(): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  set(key: string, draft: string): Promise<void>;
  close(): Promise<void>;
}

/** Same title and model, same key; the title is trimmed and its inner whitespace collapsed. */
export function draftKey(model: string, title: string): string {
  const normalized = title.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(model).update('\u0000').update(normalized).digest('base64url');
}

/** A bounded LRU: a Map in use order, the first entry is the least recently used. */
export class MemoryDraftCache implements DraftCache {
  readonly kind = 'memory';
  readonly #maxEntries: number;
  readonly #entries = new Map<string, string>();

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  async get(key: string): Promise<string | undefined> {
    const draft = this.#entries.get(key);
    if (draft === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, draft);
    return draft;
  }

  async set(key: string, draft: string): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, draft);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  async ready(): Promise<boolean> {
    return true;
  }

  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

const REDIS_PREFIX = 'blog:draft:';
/** A Redis command slower than this counts as failed: the draft goes on without the cache. */
const COMMAND_TIMEOUT_MS = 250;
const MAX_RECONNECT_DELAY_MS = 2000;

export type CacheOp = 'get' | 'set';

/** What the Redis cache reports: every command timed, errors counted, outages told once. */
export interface CacheObserver {
  command(op: CacheOp, seconds: number, ok: boolean): void;
  /** The first failure after a healthy period (one log line per outage, not per request). */
  outageStarted(error: Error): void;
  /** The first success after an outage. */
  outageEnded(): void;
}

/**
 * Drafts in Redis with a TTL. A Redis failure during a request counts as a miss (or a skipped
 * write) and costs milliseconds, not the reconnect backoff: no offline queue (commands fail at
 * once while disconnected), a short command timeout and no retries. The blog keeps serving
 * from the model while Redis is away, and reconnects in the background.
 */
export class RedisDraftCache implements DraftCache {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  readonly #observer: CacheObserver;
  #down = false;

  private constructor(redis: Redis, ttlSeconds: number, observer: CacheObserver) {
    this.#redis = redis;
    this.#ttlSeconds = ttlSeconds;
    this.#observer = observer;
  }

  /** Connects and checks Redis answers, so a wrong REDIS_URL fails at start, not per request. */
  static async connect(url: string, ttlSeconds: number, observer: CacheObserver): Promise<RedisDraftCache> {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 2000,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    });
    const cache = new RedisDraftCache(redis, ttlSeconds, observer);
    // Connection errors while reconnecting: the outage is told once, by #failed.
    redis.on('error', (error: Error) => cache.#failed(error));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new Error(`cannot reach Redis at REDIS_URL (${(error as Error).message})`);
    }
    return cache;
  }

  /** True when Redis answers a PING within the command timeout. */
  async ready(): Promise<boolean> {
    try {
      return (await this.#redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async get(key: string): Promise<string | undefined> {
    const started = performance.now();
    try {
      const draft = (await this.#redis.get(REDIS_PREFIX + key)) ?? undefined;
      this.#succeeded('get', started);
      return draft;
    } catch (error) {
      this.#observer.command('get', (performance.now() - started) / 1000, false);
      this.#failed(error as Error);
      return undefined;
    }
  }

  async set(key: string, draft: string): Promise<void> {
    const started = performance.now();
    try {
      await this.#redis.set(REDIS_PREFIX + key, draft, 'EX', this.#ttlSeconds);
      this.#succeeded('set', started);
    } catch (error) {
      this.#observer.command('set', (performance.now() - started) / 1000, false);
      this.#failed(error as Error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  #succeeded(op: CacheOp, started: number): void {
    this.#observer.command(op, (performance.now() - started) / 1000, true);
    if (!this.#down) return;
    this.#down = false;
    this.#observer.outageEnded();
  }

  #failed(error: Error): void {
    if (this.#down) return;
    this.#down = true;
    this.#observer.outageStarted(error);
  }
}
