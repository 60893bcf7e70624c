import { type CallKind, count, type Piece, record, str, type Wire } from './wire.ts';

function piece(value: unknown): Piece {
  const body = record(value);
  const message = record(body.message);
  const text = str(body.response) || str(message.content);
  const thinking = str(body.thinking) || str(message.thinking);
  const tools = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
  const done = body.done === true;
  return {
    text,
    output: text !== '' || thinking !== '' || tools,
    outputTokens: done ? count(body.eval_count) : undefined,
    inputTokens: done ? count(body.prompt_eval_count) : undefined,
    finishReason: typeof body.done_reason === 'string' ? body.done_reason : undefined,
  };
}

/** Ollama's own API: /api/chat and /api/generate, streamed as NDJSON. */
export const OLLAMA_WIRE: Wire = {
  streamFormat: 'ndjson',
  defaultUrl: (kind: CallKind) => (kind === 'chat' ? '/api/chat' : '/api/generate'),
  body(kind, input, options, stream) {
    const body: Record<string, unknown> = { model: options.model, stream };
    if (kind === 'chat') body.messages = input.messages;
    else body.prompt = input.prompt;
    if (options.maxTokens !== undefined) body.options = { num_predict: options.maxTokens };
    const extra = options.body ?? {};
    // options merge, so a test's temperature does not drop num_predict
    const mergedOptions = { ...record(body.options), ...record(extra.options) };
    return {
      ...body,
      ...extra,
      ...(Object.keys(mergedOptions).length > 0 ? { options: mergedOptions } : {}),
    };
  },
  chunk: piece,
  isLast: (value) => record(value).done === true,
  whole: piece,
};
