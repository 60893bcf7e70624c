import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogEntry } from './catalog.ts';
import type { Counters } from './generation.ts';
import { errorBody } from './openai-answer.ts';
import { runOpenAiGeneration } from './openai-generation.ts';
import { type OpenAiRequest, parseOpenAiChat, parseOpenAiCompletion } from './openai-requests.ts';
import { normalizeModelName } from './profiles.ts';
import { RequestError } from './requests.ts';
import { sendJson } from './respond.ts';
import type { Slots } from './slots.ts';
import type { MarkovChain } from './text.ts';

/** The part of the simulator's state the OpenAI-compatible API uses. */
export interface OpenAiState {
  readonly models: Map<string, { entry: CatalogEntry; slots: Slots; expiresAtMs: number }>;
  readonly chain: MarkovChain;
  readonly rng: () => number;
  readonly counters: Counters;
}

type Handler = (state: OpenAiState, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

const MAX_BODY_BYTES = 1024 * 1024;
/** How long a model stays loaded after an OpenAI call (Ollama's default keep_alive, 5 min). */
const KEEP_LOADED_MS = 5 * 60_000;

let sequence = 0;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new RequestError(400, `invalid JSON body: ${(error as Error).message}`);
  }
}

/** GET /v1/models: the served models, as Ollama's OpenAI layer lists them. */
function listModels(state: OpenAiState, _req: IncomingMessage, res: ServerResponse): void {
  const data = [...state.models.values()].map(({ entry }) => ({
    id: entry.name,
    object: 'model',
    created: Math.floor(Date.parse(entry.modifiedAt) / 1000),
    owned_by: 'library',
  }));
  sendJson(res, 200, { object: 'list', data });
}

function generation(parse: (body: unknown) => OpenAiRequest, prefix: string): Handler {
  return async (state, req, res) => {
    const counters = state.counters;
    counters.requests++;
    res.on('finish', () => {
      if (res.statusCode >= 400) counters.errors++;
    });
    try {
      const request = parse(await readJson(req));
      const model = state.models.get(normalizeModelName(request.generation.model));
      if (model === undefined) {
        throw new RequestError(404, `model "${request.generation.model}" not found, try pulling it first`);
      }
      model.expiresAtMs = Date.now() + KEEP_LOADED_MS;
      const completion = { id: `${prefix}-${++sequence}`, created: Math.floor(Date.now() / 1000), request };
      const { profile } = model.entry;
      runOpenAiGeneration(
        { completion, profile, slots: model.slots, rng: state.rng, chain: state.chain, counters },
        res,
      );
    } catch (error) {
      if (!(error instanceof RequestError) || res.headersSent) throw error;
      sendJson(res, error.status, errorBody(error.message, error.status));
    }
  };
}

/**
 * The OpenAI-compatible API (what vLLM, llama.cpp's server, TGI and Ollama expose), by
 * path and method, for the simulator's route table.
 */
export const OPENAI_ROUTES: Record<string, Record<string, Handler>> = {
  '/v1/models': { GET: listModels },
  '/v1/chat/completions': { POST: generation(parseOpenAiChat, 'chatcmpl') },
  '/v1/completions': { POST: generation(parseOpenAiCompletion, 'cmpl') },
};
