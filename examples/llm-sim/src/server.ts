import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CatalogEntry, psBody, SIM_VERSION, showBody, tagsBody } from './catalog.ts';
import { embedText, parseDimensions, parseEmbedInput } from './embed.ts';
import { type Counters, runGeneration } from './generation.ts';
import { parseKeepAlive } from './keep-alive.ts';
import { OPENAI_ROUTES } from './openai-routes.ts';
import { DEFAULT_MODELS, type ModelProfile, normalizeModelName, resolveModels } from './profiles.ts';
import { answerPull } from './pull.ts';
import { createRng } from './random.ts';
import { type GenerationRequest, parseChat, parseGenerate, RequestError } from './requests.ts';
import { sendJson, sendText } from './respond.ts';
import { Slots } from './slots.ts';
import { defaultChain, type MarkovChain } from './text.ts';

export interface LlmSimOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (a free one). */
  port?: number;
  /** Models served, by name (`llama3.2` means `llama3.2:latest`); missing fields take the defaults. */
  models?: Record<string, Partial<ModelProfile>>;
  /** Seeds jitter and error injection; default random. Answer text depends on the request only. */
  seed?: number;
}

/** Counters for tests. requests/errors count /api/generate and /api/chat only. */
export interface LlmSimStats {
  requests: number;
  /** Generating now (holding a slot). */
  inFlight: number;
  /** Waiting for a slot. */
  queued: number;
  /** Answered with HTTP 4xx or 5xx (bad request, unknown model, injected failure, queue full). */
  errors: number;
  completed: number;
  /** Stopped because the client went away. */
  aborted: number;
}

export interface LlmSim {
  /** e.g. http://127.0.0.1:11434 */
  readonly url: string;
  readonly port: number;
  stats(): LlmSimStats;
  close(): Promise<void>;
}

interface Model {
  entry: CatalogEntry;
  slots: Slots;
  /** Loaded until this time (ms since the epoch), as /api/ps shows; 0 when never loaded. */
  expiresAtMs: number;
}

interface SimState {
  models: Map<string, Model>;
  chain: MarkovChain;
  rng: () => number;
  counters: Counters;
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new RequestError(400, 'missing request body');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `invalid JSON body: ${(error as Error).message}`);
  }
}

function findModel(state: SimState, name: string): Model {
  const model = state.models.get(normalizeModelName(name));
  if (!model) throw new RequestError(404, `model "${name}" not found, try pulling it first`);
  return model;
}

async function generate(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  parse: (body: unknown) => GenerationRequest,
): Promise<void> {
  state.counters.requests++;
  res.on('finish', () => {
    if (res.statusCode >= 400) state.counters.errors++;
  });
  const receivedAtNs = process.hrtime.bigint();
  const request = parse(await readJson(req));
  const model = findModel(state, request.model);
  const { chain, rng, counters } = state;
  keepLoaded(model, request.keepAliveMs);
  if (request.loadOnly) {
    counters.completed++;
    sendJson(res, 200, loadBody(request));
    return;
  }
  // Ollama counts keep_alive from the end of the request.
  res.on('close', () => keepLoaded(model, request.keepAliveMs));
  runGeneration(
    { request, profile: model.entry.profile, slots: model.slots, rng, chain, counters, receivedAtNs },
    res,
  );
}

function keepLoaded(model: Model, keepAliveMs: number): void {
  model.expiresAtMs = Date.now() + keepAliveMs;
}

/** Ollama's answer to an empty prompt or no messages: the model is loaded, or unloaded by keep_alive 0. */
function loadBody(request: GenerationRequest) {
  const head = { model: request.model, created_at: new Date().toISOString() };
  const reply = request.kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' };
  return { ...head, ...reply, done: true, done_reason: request.keepAliveMs === 0 ? 'unload' : 'load' };
}

function runningModels(state: SimState) {
  const now = Date.now();
  return [...state.models.values()].filter(
    (m) => m.expiresAtMs > now || m.slots.running + m.slots.queued > 0,
  );
}

function asBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function modelField(body: unknown): string {
  const { model, name } = asBody(body);
  const wanted = model ?? name;
  if (typeof wanted !== 'string' || wanted === '') throw new RequestError(400, 'model is required');
  return wanted;
}

async function pull(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const stream = asBody(body).stream !== false;
  await answerPull(state.models.get(normalizeModelName(modelField(body)))?.entry, stream, res);
}

async function embed(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAtNs = process.hrtime.bigint();
  const body = asBody(await readJson(req));
  const model = findModel(state, modelField(body));
  const inputs = parseEmbedInput(body.input);
  const dimensions = parseDimensions(body.dimensions, model.entry.profile.embeddingDimensions);
  keepLoaded(model, parseKeepAlive(body.keep_alive));
  const embeddings = inputs.map((text) => embedText(model.entry.name, text, dimensions));
  const promptEvalCount = inputs.reduce((sum, text) => sum + (text.match(/\S+/g)?.length ?? 0), 0);
  sendJson(res, 200, {
    model: body.model,
    embeddings,
    total_duration: Number(process.hrtime.bigint() - receivedAtNs),
    load_duration: 0,
    prompt_eval_count: promptEvalCount,
  });
}

/** The legacy endpoint: one prompt, one `embedding`. */
async function embeddings(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = asBody(await readJson(req));
  const model = findModel(state, modelField(body));
  const prompt = body.prompt ?? '';
  if (typeof prompt !== 'string') throw new RequestError(400, 'prompt must be a string');
  keepLoaded(model, parseKeepAlive(body.keep_alive));
  const { name, profile } = model.entry;
  sendJson(res, 200, {
    embedding: prompt === '' ? [] : embedText(name, prompt, profile.embeddingDimensions),
  });
}

async function show(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  sendJson(res, 200, showBody(findModel(state, modelField(await readJson(req))).entry));
}

const ROUTES: Record<
  string,
  Record<string, (s: SimState, q: IncomingMessage, r: ServerResponse) => unknown>
> = {
  '/': {
    GET: (_s, _q, r) => sendText(r, 200, 'Ollama is running'),
    HEAD: (_s, _q, r) => sendText(r, 200, 'Ollama is running', true),
  },
  '/api/version': {
    GET: (_s, _q, r) => sendJson(r, 200, { version: SIM_VERSION }),
    HEAD: (_s, _q, r) => sendText(r, 200, '', true),
  },
  '/api/tags': { GET: (s, _q, r) => sendJson(r, 200, tagsBody([...s.models.values()].map((m) => m.entry))) },
  '/api/show': { POST: show },
  '/api/ps': { GET: (s, _q, r) => sendJson(r, 200, psBody(runningModels(s))) },
  '/api/pull': { POST: pull },
  '/api/embed': { POST: embed },
  '/api/embeddings': { POST: embeddings },
  '/api/generate': { POST: (s, q, r) => generate(s, q, r, parseGenerate) },
  '/api/chat': { POST: (s, q, r) => generate(s, q, r, parseChat) },
  ...OPENAI_ROUTES,
};

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('x-simulator', 'salvo-llm-sim');
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const methods = ROUTES[path];
  const handler = methods?.[req.method ?? 'GET'];
  if (!methods) return sendText(res, 404, '404 page not found');
  if (!handler) {
    res.setHeader('allow', Object.keys(methods).join(', '));
    return sendJson(res, 405, { error: `method ${req.method} not allowed on ${path}` });
  }
  try {
    await handler(state, req, res);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof RequestError) {
      if (error.status === 413) res.setHeader('connection', 'close');
      sendJson(res, error.status, { error: error.message });
    } else {
      sendJson(res, 500, { error: `llm-sim internal error: ${(error as Error).message}` });
    }
  }
}

function buildState(options: LlmSimOptions): SimState {
  const seed = options.seed ?? randomInt(2 ** 32);
  if (!Number.isSafeInteger(seed)) throw new Error(`llm-sim: seed must be an integer, got ${seed}`);
  const chain = defaultChain();
  const modifiedAt = new Date().toISOString();
  const models = new Map<string, Model>();
  for (const [name, profile] of resolveModels(options.models ?? DEFAULT_MODELS)) {
    models.set(name, {
      entry: { name, profile, sizeBytes: chain.corpusBytes, modifiedAt },
      slots: new Slots(profile.maxConcurrency, profile.maxQueue),
      expiresAtMs: 0,
    });
  }
  return {
    models,
    chain,
    rng: createRng(seed),
    counters: { requests: 0, errors: 0, completed: 0, aborted: 0 },
  };
}

/**
 * Starts an Ollama-compatible simulator on host:port (default 127.0.0.1, a free port).
 *
 * @example
 * const sim = await startLlmSim({ models: { 'llama3.2': { timeToFirstTokenMs: 200 } }, seed: 1 });
 * const ollama = new Ollama({ host: sim.url });
 * await sim.close();
 */
export async function startLlmSim(options: LlmSimOptions = {}): Promise<LlmSim> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`llm-sim: port must be an integer within 0..65535, got ${port}`);
  }
  const state = buildState(options);
  const server = createServer((req, res) => void handle(state, req, res));
  // Ollama (Go) keeps idle connections open; Node's 5 s default would reset pooled ones under load tests.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    stats: () => {
      let inFlight = 0;
      let queued = 0;
      for (const model of state.models.values()) {
        inFlight += model.slots.running;
        queued += model.slots.queued;
      }
      return { ...state.counters, inFlight, queued };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
