import { SalvoError } from '../errors.ts';
import type { StreamHost } from '../http/streams/index.ts';
import { parseDuration } from '../plan/duration.ts';
import type { WsClient, WsHandlers } from './api.ts';
import { wsSeries } from './ws-metrics.ts';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * `vu.ws` over a VU's HTTP client (for its metrics, tags and signal).
 *
 * @example
 * const ws = createWsClient(vu.http);
 * await ws.connect('ws://127.0.0.1:8080/', { open: (s) => s.close() });
 */
export function createWsClient(host: Pick<StreamHost, 'recorder' | 'requestSeriesFor' | 'signal'>): WsClient {
  return {
    async connect(url: string, handlers: WsHandlers = {}) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new SalvoError('SALVO_ERR_SCRIPT', `ws.connect(): invalid URL "${url}"`);
      }
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
        throw new SalvoError('SALVO_ERR_SCRIPT', `ws.connect(): a ws: or wss: URL, got "${url}"`);
      }
      // named and tagged as a request to the same path would be
      const asHttp = `${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}${parsed.pathname}`;
      const request = host.requestSeriesFor('GET', asHttp, { name: handlers.name, tags: handlers.tags });
      const durations = (value: string | number | undefined, what: string, fallback: number) =>
        value === undefined ? fallback : parseDuration(value, `ws.connect() ${what}`);
      // the `ws` package (and its native helpers) loads with a test's first WebSocket
      const { runSession } = await import('./session.ts');
      return runSession({
        url: parsed.href,
        handlers,
        timeoutMs: durations(handlers.timeout, 'timeout', DEFAULT_TIMEOUT_MS),
        connectTimeoutMs: durations(handlers.connectTimeout, 'connectTimeout', DEFAULT_CONNECT_TIMEOUT_MS),
        signal: host.signal,
        recorder: host.recorder,
        series: wsSeries(host.recorder, request),
      });
    },
  };
}
