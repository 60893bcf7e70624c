/**
 * Streamed responses as async iterators, on any transport (they build on `onChunk`):
 * server-sent events and newline-delimited JSON, with per-stream metrics.
 *
 * @example
 * for await (const event of vu.http.sse('/events')) console.log(event.data);
 */
export type { NdjsonParams, SseParams, Stream, StreamParams } from './api.ts';
export type { StreamHost } from './event-stream.ts';
export { openNdjson } from './ndjson.ts';
export { openSse } from './sse.ts';
export type { SseEvent } from './sse-parser.ts';
export { type StreamOutcome, StreamSeriesCache, tagsWithoutMethod } from './stream-metrics.ts';
