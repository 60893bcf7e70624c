import { parseKeepAlive } from './keep-alive.ts';
import { RequestError } from './request-error.ts';

export { RequestError };

/** A function the client offers in /api/chat `tools`: its name and its parameters' JSON schema. */
export interface ToolOffer {
  name: string;
  parameters: Record<string, unknown>;
}

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
  /** `think`: true or a level ("high", "medium", "low") asks for thinking before the answer. */
  think: boolean;
  /** /api/chat `tools` (with the last message not a tool result): the answer is a call to one of them. */
  tools: readonly ToolOffer[];
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

function parseThink(think: unknown): boolean {
  if (think === undefined || think === null || think === false) return false;
  if (think === true || think === 'high' || think === 'medium' || think === 'low') return true;
  throw new RequestError(400, 'think must be a boolean or one of "high", "medium", "low"');
}

function parseTools(raw: unknown): ToolOffer[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new RequestError(400, 'tools must be an array');
  return raw.map((entry: unknown, index) => {
    const fn = asObject(asObject(entry, `tools[${index}]`).function, `tools[${index}].function`);
    const name = optionalType<string>(fn, 'name', 'string', `tools[${index}].function.`);
    if (name === undefined || name === '')
      throw new RequestError(400, `tools[${index}].function.name is required`);
    return { name, parameters: asObject(fn.parameters ?? {}, `tools[${index}].function.parameters`) };
  });
}

function common(
  body: Body,
): Pick<GenerationRequest, 'model' | 'stream' | 'numPredict' | 'seed' | 'keepAliveMs' | 'format' | 'think'> {
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
    think: parseThink(body.think),
  };
}

/** Validates a POST /api/generate body. */
export function parseGenerate(raw: unknown): GenerationRequest {
  const body = asObject(raw, 'the request body');
  const base = common(body);
  const prompt = optionalType<string>(body, 'prompt', 'string') ?? '';
  const system = optionalType<string>(body, 'system', 'string') ?? '';
  const text = system === '' ? prompt : `${system}\n${prompt}`;
  const promptTokens = countWords(text);
  return { ...base, kind: 'generate', prompt: text, promptTokens, tools: [], loadOnly: text === '' };
}

/** Validates a POST /api/chat body. */
export function parseChat(raw: unknown): GenerationRequest {
  const body = asObject(raw, 'the request body');
  const base = common(body);
  const messages = body.messages ?? [];
  if (!Array.isArray(messages)) throw new RequestError(400, 'messages must be an array');
  const offered = parseTools(body.tools);
  const lastRole = (messages.at(-1) as Body | undefined)?.role;
  const lines = messages.map((entry: unknown, index) => {
    const message = asObject(entry, `messages[${index}]`);
    const role = optionalType<string>(message, 'role', 'string', `messages[${index}].`);
    if (role === undefined) throw new RequestError(400, `messages[${index}].role is required`);
    return `${role}: ${optionalType<string>(message, 'content', 'string', `messages[${index}].`) ?? ''}`;
  });
  const text = lines.join('\n');
  const promptTokens = countWords(text) - lines.length;
  // After a tool result a model answers in words; otherwise, offered tools are called.
  const tools = lastRole === 'tool' ? [] : offered;
  return { ...base, kind: 'chat', prompt: text, promptTokens, tools, loadOnly: lines.length === 0 };
}
