import type { SseEvent } from '../sse-parser.ts';

/**
 * An event stream with every case the parser must get right: a BOM, comments, CRLF, CR and
 * LF line ends, multi-line data, a space after the colon only dropped once, empty data,
 * event types (one in a block without data: not dispatched, and forgotten at its blank
 * line), ids (one with a NUL, ignored), retry (a bad one ignored), an unknown field, a field
 * without a colon, multi-byte UTF-8, and a last event with no blank line after it
 * (discarded).
 */
export const SSE_FIXTURE =
  '\uFEFF: a comment first\n' +
  'data: one\n\n' +
  'event: update\r\ndata: two\r\ndata:  three\r\nid: 7\r\n\r\n' +
  ': keep-alive\rdata:four\rretry: 250\r\r' +
  'event: lost\n\n' +
  'data\n\n' +
  'id: 8\0bad\ndata: naïve ☃ 🎉\nretry: 1s\nfoo: bar\n\n' +
  'id\ndata: cleared id\n\n' +
  'event: end\ndata: {"done":true}\n\n' +
  'data: never dispatched';

export const SSE_EXPECTED: readonly SseEvent[] = [
  { event: 'message', data: 'one', id: '', retry: undefined },
  { event: 'update', data: 'two\n three', id: '7', retry: undefined },
  { event: 'message', data: 'four', id: '7', retry: 250 },
  { event: 'message', data: '', id: '7', retry: undefined },
  { event: 'message', data: 'naïve ☃ 🎉', id: '7', retry: undefined },
  { event: 'message', data: 'cleared id', id: '', retry: undefined },
  { event: 'end', data: '{"done":true}', id: '', retry: undefined },
];
