import { type GenerationRequest, parseChat, parseGenerate, RequestError } from './requests.ts';

/** A validated OpenAI-compatible request, as the Ollama generation it is simulated by. */
export interface OpenAiRequest {
  readonly api: 'chat' | 'completion';
  readonly generation: GenerationRequest;
  /** stream_options.include_usage: a last chunk with `usage` before [DONE]. */
  readonly includeUsage: boolean;
}

type Body = Record<string, unknown>;

function asBody(raw: unknown): Body {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RequestError(400, 'the request body must be a JSON object');
  }
  return raw as Body;
}

/** OpenAI's fields with an Ollama equivalent, as Ollama's own OpenAI layer maps them. */
function ollamaFields(body: Body, maxTokens: unknown) {
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw new RequestError(400, 'n other than 1 is not supported');
  }
  const stream = body.stream ?? false;
  if (typeof stream !== 'boolean') throw new RequestError(400, 'stream must be a boolean');
  if (
    maxTokens !== undefined &&
    maxTokens !== null &&
    !(Number.isSafeInteger(maxTokens) && (maxTokens as number) >= 1)
  ) {
    throw new RequestError(400, 'max_tokens must be an integer >= 1');
  }
  const options: Body = {};
  if (maxTokens !== undefined && maxTokens !== null) options.num_predict = maxTokens;
  if (body.seed !== undefined && body.seed !== null) options.seed = body.seed;
  if (body.temperature !== undefined && body.temperature !== null) options.temperature = body.temperature;
  return { model: body.model, stream, options };
}

function includeUsage(body: Body): boolean {
  const options = body.stream_options;
  if (options === undefined || options === null) return false;
  const include = asBody(options).include_usage;
  if (include !== undefined && typeof include !== 'boolean') {
    throw new RequestError(400, 'stream_options.include_usage must be a boolean');
  }
  return include === true;
}

/** A message's content: a string, or an array of parts of which the text ones count. */
function contentText(content: unknown, index: number): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        const { type, text } = asBody(part);
        return type === 'text' && typeof text === 'string' ? text : '';
      })
      .join('');
  }
  throw new RequestError(400, `messages[${index}].content must be a string or an array of parts`);
}

/** POST /v1/chat/completions */
export function parseOpenAiChat(raw: unknown): OpenAiRequest {
  const body = asBody(raw);
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new RequestError(400, 'messages must be a non-empty array');
  }
  const converted = messages.map((entry: unknown, index) => {
    const message = asBody(entry);
    return { role: message.role, content: contentText(message.content, index) };
  });
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const generation = parseChat({ ...ollamaFields(body, maxTokens), messages: converted });
  return { api: 'chat', generation, includeUsage: includeUsage(body) };
}

/** POST /v1/completions */
export function parseOpenAiCompletion(raw: unknown): OpenAiRequest {
  const body = asBody(raw);
  let prompt = body.prompt;
  if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
  if (typeof prompt !== 'string' || prompt === '') {
    throw new RequestError(400, 'prompt must be a non-empty string (or an array of one)');
  }
  const generation = parseGenerate({ ...ollamaFields(body, body.max_tokens), prompt });
  return { api: 'completion', generation, includeUsage: includeUsage(body) };
}
