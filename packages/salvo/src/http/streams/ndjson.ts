import type { NdjsonParams } from './api.ts';
import { EventStream, type StreamHost } from './event-stream.ts';
import { NdjsonParser } from './ndjson-parser.ts';
import { streamRequest } from './params.ts';

/**
 * `vu.http.ndjson(url, params)`: the JSON values of a newline-delimited JSON response, as
 * an async iterator. A line that is not JSON is skipped, and the stream ends as `error`.
 *
 * @example
 * const stream = vu.http.ndjson('/api/generate', {
 *   method: 'POST', json: { model: 'llama3.2', prompt: 'Hi' }, done: (v) => v.done === true,
 * });
 * for await (const chunk of stream) text += chunk.response;
 */
export function openNdjson<T = unknown>(
  host: StreamHost,
  url: string,
  params?: NdjsonParams<T>,
): EventStream<T> {
  const first = streamRequest(url, params, { accept: 'application/x-ndjson, application/json' });
  return new EventStream<T>(host, first, (emit, fail) => new NdjsonParser<T>(emit, fail), {
    isLast: params?.done,
  });
}
