import { monotonicMs } from '../clock.ts';
import { SalvoError } from '../errors.ts';
import type { HttpClient, RequestParams, Response } from '../http/api.ts';
import type { Stream, StreamHost } from '../http/streams/index.ts';
import type { Recorder } from '../metrics/types.ts';
import { parseDuration } from '../plan/duration.ts';
import type { ChatOptions, GenerateOptions, LlmCallOptions, LlmClient, LlmResult, SloInput } from './api.ts';
import { type CallFigures, callFigures, meetsSlo, type Slo } from './figures.ts';
import { LlmMetrics, type TokensFrom } from './llm-metrics.ts';
import { OLLAMA_WIRE } from './ollama-wire.ts';
import { OPENAI_WIRE } from './openai-wire.ts';
import type { CallInput, CallKind, Wire } from './wire.ts';

/** What `vu.llm` needs of the VU's HTTP client. */
export type LlmHost = Pick<HttpClient, 'post' | 'sse' | 'ndjson'> & StreamHost;

/** One LlmMetrics per recorder: every VU of a runner shares its series. */
const metricsByRecorder = new WeakMap<Recorder, LlmMetrics>();

/**
 * `vu.llm` over a VU's HTTP client.
 *
 * @example
 * const llm = createLlmClient(vu.http);
 * const answer = await llm.chat({ model: 'llama3.2', prompt: 'Hi', slo: { ttft: '500ms' } });
 */
export function createLlmClient(http: LlmHost): LlmClient {
  let metrics = metricsByRecorder.get(http.recorder);
  if (metrics === undefined) {
    metrics = new LlmMetrics(http.recorder);
    metricsByRecorder.set(http.recorder, metrics);
  }
  const recorded = metrics;
  return {
    chat(options: ChatOptions) {
      const messages =
        options.messages ??
        (options.prompt === undefined ? undefined : [{ role: 'user', content: options.prompt }]);
      if (!Array.isArray(messages) || messages.length === 0) {
        return Promise.reject(scriptError('llm.chat(): give messages (a non-empty array) or a prompt'));
      }
      return call(http, recorded, 'chat', options, { messages });
    },
    generate(options: GenerateOptions) {
      if (typeof options.prompt !== 'string') {
        return Promise.reject(scriptError('llm.generate(): prompt must be a string'));
      }
      return call(http, recorded, 'generate', options, { prompt: options.prompt });
    },
  };
}

function scriptError(message: string): SalvoError {
  return new SalvoError('SALVO_ERR_SCRIPT', message);
}

function wireOf(options: LlmCallOptions): Wire {
  if (typeof options.model !== 'string' || options.model === '') throw scriptError('llm: model is required');
  const api = options.api ?? 'openai';
  if (api === 'openai') return OPENAI_WIRE;
  if (api === 'ollama') return OLLAMA_WIRE;
  throw scriptError(`llm: api must be 'openai' or 'ollama', got ${JSON.stringify(api)}`);
}

function sloOf(input: SloInput | undefined): Slo | undefined {
  if (input === undefined) return undefined;
  const ms = (value: string | number | undefined, what: string) =>
    value === undefined ? undefined : parseDuration(value, `llm slo.${what}`);
  return {
    ttftMs: ms(input.ttft, 'ttft'),
    tpotMs: ms(input.tpot, 'tpot'),
    latencyMs: ms(input.e2el, 'e2el'),
  };
}

/** What a call gathered, streamed or not. */
interface Gathered {
  response: Response;
  text: string;
  tokenChunksMs: number[];
  /** When the answer was complete: a streamed call's last chunk arrived (as vLLM's latency ends), a whole one's body. */
  endMs: number;
  usageOutput: number | undefined;
  usageInput: number | undefined;
  finishReason: string | undefined;
  stream: Stream<unknown> | undefined;
  failure: string | undefined;
}

async function call(
  http: LlmHost,
  metrics: LlmMetrics,
  kind: CallKind,
  options: LlmCallOptions,
  input: CallInput,
): Promise<LlmResult> {
  const wire = wireOf(options);
  const slo = sloOf(options.slo);
  const streamed = options.stream ?? true;
  const url = options.url ?? wire.defaultUrl(kind);
  const params: RequestParams = {
    headers: options.headers,
    name: options.name,
    tags: options.tags,
    timeout: options.timeout,
    json: wire.body(kind, input, options, streamed),
  };
  const series = http.requestSeriesFor('POST', url, params);
  const startMs = monotonicMs();
  const got = streamed ? await readStream(http, wire, url, params) : await readWhole(http, wire, url, params);
  const endMs = got.endMs;
  const ok = got.failure === undefined;
  const fromUsage = got.usageOutput !== undefined;
  const outputTokens = got.usageOutput ?? got.tokenChunksMs.length;
  const from: TokensFrom = !ok ? 'none' : fromUsage ? 'usage' : 'chunks';
  const figures: CallFigures | undefined = ok
    ? callFigures({ startMs, tokenChunksMs: got.tokenChunksMs, endMs, outputTokens, streamed })
    : undefined;
  const good = slo === undefined ? undefined : figures !== undefined && meetsSlo(figures, slo);
  metrics.record(series, { figures, outputTokens, inputTokens: got.usageInput, from, good });
  return {
    ok,
    error: got.failure,
    status: got.response.status,
    text: got.text,
    outputTokens: ok ? outputTokens : 0,
    inputTokens: got.usageInput,
    tokensFrom: fromUsage ? 'usage' : 'chunks',
    ttftMs: figures?.ttftMs,
    itlMs: figures?.itlMs ?? [],
    tpotMs: figures?.tpotMs,
    latencyMs: endMs - startMs,
    tokensPerSecond: figures?.tokensPerSecond ?? 0,
    good,
    outcome: got.stream?.outcome,
    finishReason: got.finishReason,
    response: got.response,
  };
}

async function readStream(http: LlmHost, wire: Wire, url: string, params: RequestParams): Promise<Gathered> {
  const streamParams = { ...params, method: 'POST', done: (value: unknown) => wire.isLast(value) };
  const stream: Stream<unknown> =
    wire.streamFormat === 'sse' ? http.sse(url, streamParams) : http.ndjson(url, streamParams);
  const got: Omit<Gathered, 'response' | 'failure' | 'endMs'> = {
    text: '',
    tokenChunksMs: [],
    usageOutput: undefined,
    usageInput: undefined,
    finishReason: undefined,
    stream,
  };
  let lastChunkMs: number | undefined;
  for await (const value of stream) {
    const piece = wire.chunk(value);
    if (piece === undefined) continue;
    lastChunkMs = stream.receivedAtMs;
    if (piece.output) {
      got.tokenChunksMs.push(stream.receivedAtMs);
      got.text += piece.text;
    }
    got.usageOutput = piece.outputTokens ?? got.usageOutput;
    got.usageInput = piece.inputTokens ?? got.usageInput;
    got.finishReason = piece.finishReason ?? got.finishReason;
  }
  const endMs = lastChunkMs ?? monotonicMs();
  const response = await stream.response;
  let failure: string | undefined;
  if (!response.ok) failure = httpFailure(response, stream.bodyHead);
  else if (stream.outcome === 'error' || stream.outcome === 'timeout')
    failure = stream.error ?? stream.outcome;
  else if (got.tokenChunksMs.length === 0) failure = 'no output token received';
  return { ...got, endMs, response, failure };
}

async function readWhole(http: LlmHost, wire: Wire, url: string, params: RequestParams): Promise<Gathered> {
  const response = await http.post(url, undefined, params);
  const got: Gathered = {
    response,
    text: '',
    tokenChunksMs: [],
    endMs: monotonicMs(),
    usageOutput: undefined,
    usageInput: undefined,
    finishReason: undefined,
    stream: undefined,
    failure: undefined,
  };
  if (!response.ok) return { ...got, failure: httpFailure(response, response.text()) };
  let piece: ReturnType<Wire['whole']>;
  try {
    piece = wire.whole(JSON.parse(response.text()));
  } catch {
    return { ...got, failure: 'the answer is not JSON' };
  }
  // without usage a whole answer is one chunk: its token count is unknown
  if (!piece.output) return { ...got, failure: 'no output in the answer' };
  got.tokenChunksMs.push(got.endMs);
  return {
    ...got,
    text: piece.text,
    usageOutput: piece.outputTokens,
    usageInput: piece.inputTokens,
    finishReason: piece.finishReason,
  };
}

function httpFailure(response: Response, body: string): string {
  const why = response.error?.message ?? `HTTP ${response.status}`;
  const detail = body.trim().slice(0, 200);
  return detail === '' ? why : `${why}: ${detail}`;
}
