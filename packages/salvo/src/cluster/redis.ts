import { Redis } from 'ioredis';
import { SalvoError } from '../errors.ts';

/** Keys of cluster mode; `salvo:` first so one Redis can serve other things too. */
export const KEYS = {
  /** A runner's record (JSON), rewritten at every heartbeat, expiring when they stop. */
  runner: (name: string) => `salvo:runner:${name}`,
  runnerPattern: 'salvo:runner:*',
  /** The run a runner is taken by (its id); the coordinator refreshes it. */
  claim: (name: string) => `salvo:claim:${name}`,
  /** A run's record (JSON), for `salvo cluster status`. */
  run: (runId: string) => `salvo:run:${runId}`,
  runPattern: 'salvo:run:*',
  /** Runs waiting for runners, first come first served. */
  queue: 'salvo:queue',
  /** Held while a coordinator takes runners, so two runs never split the same pool. */
  claimLock: 'salvo:claim-lock',
  /** Stream of messages to one runner. */
  inbox: (name: string) => `salvo:inbox:${name}`,
  /** Stream of a run's messages from its runners to its coordinator. */
  events: (runId: string) => `salvo:events:${runId}`,
  /** Hash: per snapshot stream, the last interval the coordinator holds with all before it. */
  received: (runId: string) => `salvo:received:${runId}`,
} as const;

/**
 * A stream message carries the JSON of a versioned message in field `m`, and a snapshot its
 * histograms' bytes in field `h` (snapshot-wire.ts).
 */
export const FIELD = 'm';
export const BYTES_FIELD = 'h';

/** The URL with its password hidden, for messages. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/**
 * A connection that outlives Redis restarts and network blips: it reconnects forever
 * (at most a second apart) and commands wait for it instead of failing, so a blip costs
 * time, not messages. `rediss://` is TLS; a password is in the URL
 * (`redis://:secret@host:6379`, or `redis://user:secret@...` with ACLs).
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `not a Redis URL: ${url}`,
      'write redis://host:6379 or rediss://host:6380',
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `a Redis URL starts with redis:// or rediss://, got ${shownUrl(url)}`,
    );
  }
  const redis = new Redis(url, {
    connectionName: name,
    // the replies read here (XREADGROUP's nested arrays) are RESP2's shapes
    protocol: 2,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    connectTimeout: 5000,
  });
  // ioredis reports every failed attempt: the caller hears of outages through its own checks
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new SalvoError(
      'SALVO_ERR_CLUSTER',
      `cannot reach Redis at ${shownUrl(url)}: ${(error as Error).message}`,
      'check the URL, the password and that Redis listens there',
    );
  }
  return redis;
}

export type StreamEntry = { id: string; message: unknown; bytes?: Buffer };

/**
 * New entries of `stream` for consumer group `group`, blocking up to `blockMs`; a group
 * Redis lost (a restart without persistence) is made again and read from its start.
 */
export async function readGroup(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  blockMs: number,
): Promise<StreamEntry[]> {
  let reply: unknown;
  try {
    // as bytes: a snapshot's histograms are not text, and the JSON is decoded once, here
    reply = await redis.callBuffer(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      100,
      'BLOCK',
      blockMs,
      'STREAMS',
      stream,
      '>',
    );
  } catch (error) {
    if (!String((error as Error).message).startsWith('NOGROUP')) throw error;
    await createGroup(redis, stream, group, '0');
    return [];
  }
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const [, items] of reply as [Buffer, [Buffer, Buffer[] | null][]][]) {
    for (const [id, fields] of items) {
      let text: string | undefined;
      let bytes: Buffer | undefined;
      for (let i = 0; fields && i + 1 < fields.length; i += 2) {
        const name = fields[i]!.toString();
        if (name === FIELD) text = fields[i + 1]!.toString();
        else if (name === BYTES_FIELD) bytes = fields[i + 1];
      }
      entries.push({ id: id.toString(), message: parseJson(text), ...(bytes ? { bytes } : {}) });
    }
  }
  return entries;
}

/** Makes the group (and the stream) if missing; `from`: '$' new entries only, '0' all. */
export async function createGroup(
  redis: Redis,
  stream: string,
  group: string,
  from: '$' | '0',
): Promise<void> {
  try {
    await redis.call('XGROUP', 'CREATE', stream, group, from, 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
  }
}

/** Acknowledges and deletes handled entries: Redis keeps only what is not yet read. */
export async function settleEntries(
  redis: Redis,
  stream: string,
  group: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await redis
    .multi()
    .xack(stream, group, ...ids)
    .xdel(stream, ...ids)
    .exec();
}

export async function addToStream(
  redis: Redis,
  stream: string,
  message: unknown,
  bytes?: Buffer,
): Promise<void> {
  if (bytes) await redis.xadd(stream, '*', FIELD, JSON.stringify(message), BYTES_FIELD, bytes);
  else await redis.xadd(stream, '*', FIELD, JSON.stringify(message));
}

/** Redis's clock (TIME) in epoch ms: the one clock every machine of a run reads. */
export async function redisNowMs(redis: Redis): Promise<number> {
  const [seconds, micros] = (await redis.time()) as [string | number, string | number];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** How far Redis's clock is ahead of this machine's (ms), measured across one round trip. */
export async function clockOffsetMs(redis: Redis): Promise<number> {
  const before = Date.now();
  const remote = await redisNowMs(redis);
  const after = Date.now();
  return remote - (before + after) / 2;
}

/** Every key matching `pattern` (SCAN, never KEYS: it does not block a busy Redis). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
