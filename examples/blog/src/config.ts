import { randomBytes } from 'node:crypto';

/** Options accepted by buildApp/startBlog; every field has a working default. */
export interface BlogOptions {
  /** SQLite file path; default ':memory:'. */
  dbPath?: string;
  /** Ollama-compatible server; default http://127.0.0.1:11434. */
  ollamaHost?: string;
  /** When set, drafts are cached in Redis instead of in memory. */
  redisUrl?: string;
  /** Model asked for drafts; default 'llama3.2'. */
  model?: string;
  /** Secret that signs session cookies; default a random one per start. */
  sessionSecret?: string;
  /** Insert demo users and posts into an empty database. */
  seed?: boolean;
  logger?: boolean;
  host?: string;
  port?: number;
  generationTimeoutMs?: number;
  maxTokens?: number;
  cacheMaxEntries?: number;
  cacheTtlSeconds?: number;
  loginMaxFailures?: number;
  loginWindowMs?: number;
  sessionTtlMs?: number;
  /** Registrations allowed per IP per registerWindowMs; default 30 per 10 minutes. */
  registerMaxPerWindow?: number;
  registerWindowMs?: number;
  /** Background drafting jobs running at once, all users together; default 1000. */
  draftJobsMax?: number;
  /** Background drafting jobs one user may have running at once; default 10. */
  draftJobsPerUser?: number;
  /**
   * Behind a reverse proxy: Fastify's trustProxy (true, or a list of proxy addresses/CIDRs), so
   * request.ip (the rate-limit key) comes from X-Forwarded-For. Off by default: a client could
   * otherwise pick its own IP.
   */
  trustProxy?: boolean | string;
}

export interface BlogConfig {
  dbPath: string;
  ollamaHost: string;
  redisUrl: string | undefined;
  model: string;
  sessionSecret: string;
  seed: boolean;
  logger: boolean;
  host: string;
  port: number;
  generationTimeoutMs: number;
  maxTokens: number;
  cacheMaxEntries: number;
  cacheTtlSeconds: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  sessionTtlMs: number;
  registerMaxPerWindow: number;
  registerWindowMs: number;
  draftJobsMax: number;
  draftJobsPerUser: number;
  trustProxy: boolean | string;
}

const MIN_SECRET_LENGTH = 16;

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach the server. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Fills in defaults and rejects values that cannot work, with a one-line message. */
export function resolveConfig(options: BlogOptions = {}): BlogConfig {
  const secret = options.sessionSecret ?? randomBytes(32).toString('base64url');
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  const rawHost = options.ollamaHost ?? 'http://127.0.0.1:11434';
  // Ollama's own convention allows OLLAMA_HOST without a scheme (127.0.0.1:11434).
  const ollamaHost = rawHost.includes('://') ? rawHost : `http://${rawHost}`;
  if (!URL.canParse(ollamaHost)) throw new Error(`OLLAMA_HOST is not a URL: ${rawHost}`);
  if (options.redisUrl !== undefined && !URL.canParse(options.redisUrl)) {
    throw new Error('REDIS_URL is not a URL (expected redis://host:port)');
  }
  const host = options.host ?? '127.0.0.1';
  if (options.seed === true && !isLoopback(host)) {
    throw new Error(
      `refusing to seed the demo accounts (public password) on HOST=${host}: bind a loopback address or leave SEED off`,
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, got ${port}`);
  return {
    dbPath: options.dbPath ?? ':memory:',
    ollamaHost,
    redisUrl: options.redisUrl,
    model: options.model ?? 'llama3.2',
    sessionSecret: secret,
    seed: options.seed ?? false,
    logger: options.logger ?? false,
    host,
    port,
    generationTimeoutMs: positive('generationTimeoutMs', options.generationTimeoutMs, 60_000),
    maxTokens: positive('maxTokens', options.maxTokens, 400),
    cacheMaxEntries: positive('cacheMaxEntries', options.cacheMaxEntries, 500),
    cacheTtlSeconds: positive('cacheTtlSeconds', options.cacheTtlSeconds, 86_400),
    loginMaxFailures: positive('loginMaxFailures', options.loginMaxFailures, 5),
    loginWindowMs: positive('loginWindowMs', options.loginWindowMs, 60_000),
    sessionTtlMs: positive('sessionTtlMs', options.sessionTtlMs, 7 * 24 * 3600 * 1000),
    registerMaxPerWindow: positive('registerMaxPerWindow', options.registerMaxPerWindow, 30),
    registerWindowMs: positive('registerWindowMs', options.registerWindowMs, 10 * 60_000),
    draftJobsMax: positive('draftJobsMax', options.draftJobsMax, 1000),
    draftJobsPerUser: positive('draftJobsPerUser', options.draftJobsPerUser, 10),
    trustProxy: options.trustProxy ?? false,
  };
}

/** TRUST_PROXY: 1/true, or a comma-separated list of proxy addresses/CIDRs; unset or 0/false is off. */
function trustProxyFromEnv(raw: string | undefined): boolean | string | undefined {
  if (raw === undefined || raw === '0' || raw === 'false') return undefined;
  if (raw === '1' || raw === 'true') return true;
  return raw;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/** Reads PORT, HOST, OLLAMA_HOST, REDIS_URL, DB_PATH, SESSION_SECRET, MODEL, SEED, LOG and TRUST_PROXY. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): BlogOptions {
  const pick = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  return {
    port: envNumber(env, 'PORT'),
    host: pick('HOST'),
    ollamaHost: pick('OLLAMA_HOST'),
    redisUrl: pick('REDIS_URL'),
    dbPath: pick('DB_PATH'),
    sessionSecret: pick('SESSION_SECRET'),
    model: pick('MODEL'),
    seed: env.SEED === '1' || env.SEED === 'true',
    logger: env.LOG !== '0',
    trustProxy: trustProxyFromEnv(pick('TRUST_PROXY')),
  };
}
