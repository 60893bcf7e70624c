import type { ServerResponse } from 'node:http';

/**
 * The browsers watching over server-sent events. A message is serialized once and written
 * to every client; a write never waits for a client, so a slow one cannot slow the run.
 * What a client has not read yet stays in its response's buffer: past a bound it is
 * dropped (its EventSource reconnects and gets a fresh snapshot).
 */

export interface SseHubOptions {
  /** A comment line this often keeps proxies and idle timeouts from closing the stream. */
  readonly heartbeatMs: number;
  /** Bytes a client may have unread beyond its first message before it is dropped. */
  readonly maxBacklogBytes: number;
}

interface Client {
  readonly res: ServerResponse;
  /** Unread bytes allowed: the bound plus the largest message it was sent (a long run's snapshot and end are large). */
  allowance: number;
  /** Whether it had its first message (a snapshot); until then it gets one instead of ticks. */
  primed: boolean;
}

/** One server-sent event: `event: TYPE` and its JSON on one `data:` line (JSON has no raw newlines). */
export function sseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class SseHub {
  readonly #clients = new Set<Client>();
  readonly #options: SseHubOptions;
  readonly #heartbeat: NodeJS.Timeout;
  #dropped = 0;

  constructor(options: SseHubOptions) {
    this.#options = options;
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) this.#write(client, ': heartbeat\n\n');
    }, options.heartbeatMs).unref();
  }

  /** Clients connected now. */
  get size(): number {
    return this.#clients.size;
  }

  /** Clients dropped so far for reading too slowly. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Starts the event stream on `res`, with `first` when there is something to send yet. */
  add(res: ServerResponse, first: string | undefined): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // a reverse proxy (nginx) must pass each event on at once
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const client: Client = { res, allowance: this.#options.maxBacklogBytes, primed: false };
    this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
    if (first !== undefined) this.#prime(client, first);
  }

  /**
   * `message` to every client that had its first message; the others get `catchUp()` in
   * its place (made once, and only when one needs it).
   */
  broadcast(message: string, catchUp: () => string | undefined = () => undefined): void {
    let first: string | undefined;
    for (const client of this.#clients) {
      if (client.primed) this.#write(client, message);
      else {
        first ??= catchUp();
        if (first !== undefined) this.#prime(client, first);
      }
    }
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
  }

  #prime(client: Client, first: string): void {
    client.primed = true;
    this.#write(client, first);
  }

  #write(client: Client, data: string): void {
    const { res } = client;
    if (res.destroyed || res.writableEnded) {
      this.#clients.delete(client);
      return;
    }
    // (string length for bytes: near enough for a bound, without a pass over a large message)
    const allowance = Math.max(client.allowance, this.#options.maxBacklogBytes + data.length);
    if (res.writableLength + data.length > allowance) {
      this.#dropped++;
      this.#clients.delete(client);
      res.destroy();
      return;
    }
    client.allowance = allowance;
    res.write(data);
  }
}
