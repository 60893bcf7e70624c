import { parseKeepAlive } from './keep-alive.ts';
import { RequestError } from './request-error.ts';

export { RequestError };

/** A validated /api/generate or /api/chat request. */
export interface GenerationRequest {
  kind: 'generate' | 'chat';
  /** The model name as the client wrote it (echoed back, as Ollama does). */
  model: string;
  /** Everything the answer depends on: system, prompt or the messages, in order. */
  prompt: string;
  stream: boolean;
  /** options.num_predict when >= 1 (Ollama's -1 and -2 mean "no limit"). */
  numPredict: number | undefined;
  /** options.seed, if given. */
  seed: number | undefined;
  /** Whitespace-separated words of the prompt: the simulated prompt_eval_count. */
  promptTokens: number;
  /** How long the model stays loaded after this request (keep_alive), in ms. */
  keepAliveMs: number;
  /** `format`: "json" or a JSON schema the output must follow. */
  format: 'json' | Record<string, unknown> | undefined;
  /** An empty prompt or no messages: Ollama only loads (or, with keep_alive 0, unloads) the model. */
  loadOnly: boolean;
}

type Body = Record<string, unknown>;

function asObject(value: unknown, what: string): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestError(400, `${what} must be a JSON object`);
  }
  return value as Body;
}

function optionalType<T>(body: Body, key: string, type: string, prefix = ''): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new RequestError(400, `${prefix}${key} must be a ${type}`);
  return value as T;
}

function optionalInteger(options: Body, key: string): number | undefined {
  const value = optionalType<number>(options, key, 'number', 'options.');
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new RequestError(400, `options.${key} must be an integer`);
  }
  return value;
}

function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches ? matches.length : 0;
}

/** Ollama accepts "json", a JSON schema object, or nothing ("" too). */
function parseFormat(format: unknown): GenerationRequest['format'] {
  if (format === undefined || format === null || format === '') return undefined;
  if (format === 'json') return 'json';
  if (typeof format === 'object' && !Array.isArray(format)) return format as Record<string, unknown>;
  throw new RequestError(400, 'invalid format: expected "json" or a valid JSON schema');
}

function common(
  body: Body,
): Pick<GenerationRequest, 'model' | 'stream' | 'numPredict' | 'seed' | 'keepAliveMs' | 'format'> {
  const model = optionalType<string>(body, 'model', 'string');
  if (model === undefined || model.trim() === '') throw new RequestError(400, 'model is required');
  const options = asObject(body.options ?? {}, 'options');
  const numPredict = optionalInteger(options, 'num_predict');
  const temperature = optionalType<number>(options, 'temperature', 'number', 'options.');
  if (temperature !== undefined && !(temperature >= 0)) {
    throw new RequestError(400, 'options.temperature must be >= 0');
  }
  return {
    model,
    stream: optionalType<boolean>(body, 'stream', 'boolean') ?? true,
    numPredict: numPredict !== undefined && numPredict >= 1 ? numPredict : undefined,
    seed: optionalInteger(options, 'seed'),
    keepAliveMs: parseKeepAlive(body.keep_alive),
    format: parseFormat(body.format),
  };
}

/** Validates a POST /api/generate body. */
export function parseGenerate(raw: unknown): GenerationRequest {
  const body = asObject(raw, 'the request body');
  const base = common(body);
  const prompt = optionalType<string>(body, 'prompt', 'string') ?? '';
  const system = optionalType<string>(body, 'system', 'string') ?? '';
  const text = system === '' ? prompt : `${system}\n${prompt}`;
  return { ...base, kind: 'generate', prompt: text, promptTokens: countWords(text), loadOnly: text === '' };
}

/** Validates a POST /api/chat body. */
export function parseChat(raw: unknown): GenerationRequest {
  const body = asObject(raw, 'the request body');
  const base = common(body);
  const messages = body.messages ?? [];
  if (!Array.isArray(messages)) throw new RequestError(400, 'messages must be an array');
  const lines = messages.map((entry: unknown, index) => {
    const message = asObject(entry, `messages[${index}]`);
    const role = optionalType<string>(message, 'role', 'string', `messages[${index}].`);
    if (role === undefined) throw new RequestError(400, `messages[${index}].role is required`);
    return `${role}: ${optionalType<string>(message, 'content', 'string', `messages[${index}].`) ?? ''}`;
  });
  const text = lines.join('\n');
  const promptTokens = countWords(text) - lines.length;
  return { ...base, kind: 'chat', prompt: text, promptTokens, loadOnly: lines.length === 0 };
}
