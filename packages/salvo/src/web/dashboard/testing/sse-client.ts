import { type IncomingHttpHeaders, request } from 'node:http';

/**
 * What a browser does with the dashboard, without a browser: read its event stream and
 * send it requests with whatever headers a test needs (Host and Origin included, which
 * fetch would not let a test set).
 */

export interface SseEvent {
  readonly type: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read loosely by assertions
  readonly data: any;
}

export interface SseClient {
  /** Every event so far, in order. */
  readonly events: readonly SseEvent[];
  /** Comment lines (heartbeats) seen so far. */
  readonly comments: number;
  /** The next event (of `type`, when given) not yet returned by `next`; rejects after `timeoutMs`. */
  next(type?: string, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${url}: ${res.statusCode}`));
        return;
      }
      const events: SseEvent[] = [];
      let comments = 0;
      let cursor = 0;
      let buffer = '';
      let wake: () => void = () => {};
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            else if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data !== '') events.push({ type, data: JSON.parse(data) });
        }
        wake();
      });
      const ended = new Promise<void>((done) =>
        res.on('close', () => {
          done();
          wake();
        }),
      );
      resolve({
        events,
        get comments() {
          return comments;
        },
        ended,
        async next(type, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            while (cursor < events.length) {
              const event = events[cursor++]!;
              if (type === undefined || event.type === type) return event;
            }
            if (res.closed) throw new Error(`the stream ended before a ${type ?? 'message'} event`);
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no ${type ?? 'message'} event within ${timeoutMs} ms`);
            await new Promise<void>((done) => {
              const timer = setTimeout(done, left);
              wake = () => {
                clearTimeout(timer);
                done();
              };
            });
          }
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request with exactly these headers (Host defaults to the URL's). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
