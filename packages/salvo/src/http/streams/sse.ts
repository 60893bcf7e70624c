import { SalvoError } from '../../errors.ts';
import type { Response } from '../api.ts';
import type { SseParams } from './api.ts';
import { EventStream, type Reconnector, type StreamHost, type StreamRequest } from './event-stream.ts';
import { reconnectDelayMs, streamRequest } from './params.ts';

import { type SseEvent, SseParser } from './sse-parser.ts';

/**
 * `vu.http.sse(url, params)`: the server-sent events of a response, as an async iterator.
 *
 * @example
 * const stream = vu.http.sse('/events', { reconnect: 3 });
 * for await (const event of stream) if (event.event === 'end') break;
 * vu.check(stream, { 'ended well': (s) => s.outcome !== 'error' });
 */
export function openSse(host: StreamHost, url: string, params?: SseParams): EventStream<SseEvent> {
  const reconnects = params?.reconnect ?? 0;
  if (!Number.isInteger(reconnects) || reconnects < 0) {
    throw new SalvoError('SALVO_ERR_SCRIPT', `sse(): reconnect must be an integer >= 0, got ${reconnects}`);
  }
  const defaultDelayMs = reconnectDelayMs(params?.reconnectDelay);
  const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
  if (params?.lastEventId !== undefined) headers['last-event-id'] = params.lastEventId;
  const first = streamRequest(url, params, headers);
  let parser: SseParser | undefined;
  const reconnector: Reconnector | undefined =
    reconnects === 0
      ? undefined
      : {
          next(last: Response, attempt: number) {
            if (attempt > reconnects || !reconnectable(last)) return undefined;
            const id = parser?.lastEventId ?? '';
            return {
              request: withLastEventId(first, id),
              delayMs: parser?.retryMs ?? defaultDelayMs,
            };
          },
        };
  return new EventStream<SseEvent>(
    host,
    first,
    (emit) => {
      parser = new SseParser(emit);
      return parser;
    },
    { reconnector, isLast: params?.done, refuse: notEventStream },
  );
}

/** As an EventSource fails on it: a response that is not `text/event-stream` (a 204 only ends the stream). */
function notEventStream(response: Response): string | undefined {
  if (response.status === 204 || isEventStream(response)) return undefined;
  const type = response.headers['content-type'] ?? '';
  return `not an event stream: HTTP ${response.status}, content-type ${type === '' ? 'missing' : JSON.stringify(type)}`;
}

function isEventStream(response: Response): boolean {
  const type = response.headers['content-type'] ?? '';
  return type.trimStart().toLowerCase().startsWith('text/event-stream');
}

/**
 * An EventSource reconnects after the connection closes or fails, but never after an HTTP
 * error status, a 204 (the server's "stop"), or a response that is not an event stream.
 */
function reconnectable(last: Response): boolean {
  const kind = last.error?.kind;
  if (kind === 'http_4xx' || kind === 'http_5xx' || kind === 'interrupted') return false;
  if (last.status === 204) return false;
  if (last.status === 0) return true;
  return isEventStream(last);
}

function withLastEventId(first: StreamRequest, id: string): StreamRequest {
  const headers = { ...first.params.headers };
  if (id === '') delete headers['last-event-id'];
  else headers['last-event-id'] = id;
  return { ...first, params: { ...first.params, headers } };
}
