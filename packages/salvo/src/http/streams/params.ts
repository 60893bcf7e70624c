import { parseDuration } from '../../plan/duration.ts';
import type { RequestParams } from '../api.ts';
import type { StreamParams } from './api.ts';
import type { StreamRequest } from './event-stream.ts';

/** The first request of a stream, with the headers the stream's format asks for. */
export function streamRequest(
  url: string,
  params: StreamParams | undefined,
  headers: Record<string, string>,
): StreamRequest {
  // the stream's own options stay out of the request's params
  const {
    method,
    body,
    done: _done,
    reconnect: _r,
    reconnectDelay: _d,
    lastEventId: _l,
    ...rest
  } = (params ?? {}) as StreamParams & {
    done?: unknown;
    reconnect?: unknown;
    reconnectDelay?: unknown;
    lastEventId?: unknown;
  };
  const request: RequestParams = { ...rest, headers: { ...headers, ...rest.headers } };
  return { method: (method ?? 'GET').toUpperCase(), url, body, params: request };
}

export function reconnectDelayMs(input: string | number | undefined): number {
  if (input === undefined) return 3000;
  return parseDuration(input, 'reconnectDelay');
}
