import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Where finished drafts are kept, keyed by model and title. Never holds partial drafts. */
export interface DraftCache {
  readonly kind: 'memory' | 'redis';
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

  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

const REDIS_PREFIX = 'blog:draft:';

/**
 * Drafts in Redis with a TTL. A Redis failure during a request counts as a miss (or a
 * skipped write) and is reported through onError: the blog keeps serving without its cache.
 */
export class RedisDraftCache implements DraftCache {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #ttlSeconds: number;
  readonly #onError: (error: Error) => void;

  private constructor(redis: Redis, ttlSeconds: number, onError: (error: Error) => void) {
    this.#redis = redis;
    this.#ttlSeconds = ttlSeconds;
    this.#onError = onError;
  }

  /** Connects and checks Redis answers, so a wrong REDIS_URL fails at start, not per request. */
  static async connect(
    url: string,
    ttlSeconds: number,
    onError: (error: Error) => void,
  ): Promise<RedisDraftCache> {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
    redis.on('error', onError);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new Error(`cannot reach Redis at REDIS_URL (${(error as Error).message})`);
    }
    return new RedisDraftCache(redis, ttlSeconds, onError);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.#redis.get(REDIS_PREFIX + key)) ?? undefined;
    } catch (error) {
      this.#onError(error as Error);
      return undefined;
    }
  }

  async set(key: string, draft: string): Promise<void> {
    try {
      await this.#redis.set(REDIS_PREFIX + key, draft, 'EX', this.#ttlSeconds);
    } catch (error) {
      this.#onError(error as Error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }
}
