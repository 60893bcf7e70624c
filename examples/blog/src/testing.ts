/** Test support: a fast simulator plus a blog (in process, or main.ts as a child), and a tiny cookie-keeping HTTP client. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type LlmSim, type ModelProfile, startLlmSim } from '@salvo/llm-sim';
import type { BlogOptions } from './config.ts';
import { type RunningBlog, startBlog } from './index.ts';

/** 5 ms to the first token, 2000 tokens/s: drafts finish in tens of milliseconds. */
export const FAST_MODEL: Partial<ModelProfile> = {
  timeToFirstTokenMs: 5,
  tokensPerSecond: 2000,
  jitter: 0,
  errorRate: 0,
  maxConcurrency: 16,
};

export interface Stack {
  sim: LlmSim;
  blog: RunningBlog;
  url: string;
  close(): Promise<void>;
}

export async function startStack(
  blogOptions: BlogOptions = {},
  model: Partial<ModelProfile> = {},
): Promise<Stack> {
  const sim = await startLlmSim({ port: 0, seed: 1, models: { 'llama3.2': { ...FAST_MODEL, ...model } } });
  try {
    const blog = await startBlog({ ollamaHost: sim.url, ...blogOptions });
    return {
      sim,
      blog,
      url: blog.url,
      close: async () => {
        await blog.close();
        await sim.close();
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent with the content-type of options.headers. */
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Keeps the session cookie between requests, like a browser; never follows redirects. Like a
 * browser submitting the blog's own form, a form post with a session carries the page's
 * `_csrf` token (read once per session from the home page), unless the form names one.
 */
export class Client {
  readonly baseUrl: string;
  cookie: string | undefined;
  #token: { cookie: string; token: string } | undefined;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const token = '_csrf' in options.form ? undefined : await this.formToken();
      body = new URLSearchParams(
        token === undefined ? options.form : { ...options.form, _csrf: token },
      ).toString();
    }
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  /** The session's form token as the pages render it; undefined without a session. */
  async formToken(): Promise<string | undefined> {
    const cookie = this.cookie;
    if (cookie === undefined) return undefined;
    if (this.#token?.cookie === cookie) return this.#token.token;
    const home = await this.request('GET', '/');
    const token = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1];
    if (token !== undefined) this.#token = { cookie, token };
    return token;
  }

  async login(username: string, password: string): Promise<Answer> {
    return this.request('POST', '/api/login', { json: { username, password } });
  }

  /** Registers (as an author) and logs in. */
  async signUp(username: string, password = 'correct-horse-battery'): Promise<void> {
    const registered = await this.request('POST', '/api/register', { json: { username, password } });
    if (registered.status !== 201)
      throw new Error(`register ${username}: ${registered.status} ${registered.text}`);
    const loggedIn = await this.login(username, password);
    if (loggedIn.status !== 200) throw new Error(`login ${username}: ${loggedIn.status} ${loggedIn.text}`);
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** The value of one sample in /metrics text, e.g. sample(text, 'cache_hits_total', ['cache="drafts"']). */
export function sample(metricsText: string, name: string, labels: string[] = []): number | undefined {
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!labels.every((label) => line.includes(label))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface MainProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  out(): string;
}

/** Starts main.ts (PORT=0, LOG=0, SEED=1 unless env says otherwise); resolves once it prints its URL. */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', LOG: '0', SEED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (data: Buffer) => {
    out += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    out += data.toString();
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const url = /blog listening on (\S+)/.exec(out)?.[1];
    if (url !== undefined) return { child, url, out: () => out };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`main.ts did not start: ${out}`);
}
