import { type CallKind, count, type Piece, record, str, type Wire } from './wire.ts';

/** A choice's output: chat delta or message (content, reasoning, tool calls) or completion text. */
function choiceOutput(choice: Record<string, unknown>): { text: string; output: boolean } {
  if ('text' in choice) {
    const text = str(choice.text);
    return { text, output: text !== '' };
  }
  const message = record(choice.delta ?? choice.message);
  const text = str(message.content);
  const reasoning = str(message.reasoning_content) || str(message.reasoning);
  const tools = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
  return { text, output: text !== '' || reasoning !== '' || tools };
}

function piece(value: unknown): Piece {
  const body = record(value);
  const choices = Array.isArray(body.choices) ? body.choices : [];
  const choice = record(choices[0]);
  const { text, output } = choices.length > 0 ? choiceOutput(choice) : { text: '', output: false };
  const usage = record(body.usage);
  const finish = choice.finish_reason;
  return {
    text,
    output,
    outputTokens: count(usage.completion_tokens),
    inputTokens: count(usage.prompt_tokens),
    finishReason: typeof finish === 'string' ? finish : undefined,
  };
}

/** OpenAI's chat and text completions (vLLM, llama.cpp's server, TGI, Ollama's /v1). */
export const OPENAI_WIRE: Wire = {
  streamFormat: 'sse',
  defaultUrl: (kind: CallKind) => (kind === 'chat' ? '/v1/chat/completions' : '/v1/completions'),
  body(kind, input, options, stream) {
    const body: Record<string, unknown> = { model: options.model, stream };
    if (kind === 'chat') body.messages = input.messages;
    else body.prompt = input.prompt;
    if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
    if (stream && options.includeUsage !== false) body.stream_options = { include_usage: true };
    return { ...body, ...options.body };
  },
  chunk(value) {
    const data = (value as { data: string }).data;
    if (data === '[DONE]') return undefined;
    try {
      return piece(JSON.parse(data));
    } catch {
      return undefined;
    }
  },
  isLast: (value) => (value as { data: string }).data === '[DONE]',
  whole: piece,
};
