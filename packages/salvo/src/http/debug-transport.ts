import type * as WorkerThreads from 'node:worker_threads';
import type { HttpTransports, TransportsFactory } from './client.ts';
import { sendAsPromise } from './transport-promise.ts';
import type { ResultSink, Transport, TransportRequest, TransportResult } from './types.ts';

/**
 * `--http-debug`: every request's head and its response's head, as curl -v prints them
 * (`> ` out, `< ` in), written as they happen; with 'full' the bodies too. A wrapper around
 * a VU's transports, chosen once when the VU's client is made: with the flag off nothing of
 * this is on the request path, not even a check.
 *
 * Secrets: 'headers' shows Authorization, Proxy-Authorization, Cookie and Set-Cookie as
 * `[redacted]` (heads get pasted into issues and CI logs); 'full' shows everything, as asked.
 */
export type HttpDebugMode = 'headers' | 'full';

const REDACTED = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** A body is shown up to this many bytes, then how many more there were. */
const MAX_BODY_BYTES = 64 * 1024;

/** The transports `factory` makes, each printing what it sends and receives through `write`. */
export function debugTransports(
  factory: TransportsFactory,
  mode: HttpDebugMode,
  write: (text: string) => void,
): TransportsFactory {
  return (options): HttpTransports => {
    const { undici, lean, leanCanHandle, h2, h2CanHandle } = factory(options);
    return {
      undici: new DebugTransport(undici, mode, write),
      ...(lean === undefined ? {} : { lean: new DebugTransport(lean, mode, write) }),
      ...(leanCanHandle === undefined ? {} : { leanCanHandle }),
      ...(h2 === undefined ? {} : { h2: new DebugTransport(h2, mode, write) }),
      ...(h2CanHandle === undefined ? {} : { h2CanHandle }),
    };
  };
}

/** Requests of this thread so far: `#3` (main thread) or `#2.3` (worker thread 2), to pair `>` with `<`. */
let sequence = 0;

class DebugTransport implements Transport {
  readonly #inner: Transport;
  readonly #mode: HttpDebugMode;
  readonly #write: (text: string) => void;

  constructor(inner: Transport, mode: HttpDebugMode, write: (text: string) => void) {
    this.#inner = inner;
    this.#mode = mode;
    this.#write = write;
  }

  get name() {
    return this.#inner.name;
  }

  send(req: TransportRequest, sink: ResultSink): void {
    // node:worker_threads only with --http-debug (it costs every run about 0.5 MiB)
    const { threadId } = process.getBuiltinModule('node:worker_threads') as typeof WorkerThreads;
    const label = threadId === 0 ? `#${++sequence}` : `#${threadId}.${++sequence}`;
    const full = this.#mode === 'full';
    this.#write(requestText(label, req, this.#inner.name, full));
    // a quick run discards bodies: to show one, keep it
    const sent = full && req.discardBody ? { ...req, discardBody: false } : req;
    this.#inner.send(sent, new DebugSink(sink, label, full, req.onChunk !== undefined, this.#write));
  }

  request(req: TransportRequest): Promise<TransportResult> {
    return sendAsPromise(this, req);
  }

  interrupt(): Promise<void> {
    return this.#inner.interrupt();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** Prints the response, then hands it on. */
class DebugSink implements ResultSink {
  readonly #inner: ResultSink;
  readonly #label: string;
  readonly #full: boolean;
  readonly #streamed: boolean;
  readonly #write: (text: string) => void;

  constructor(
    inner: ResultSink,
    label: string,
    full: boolean,
    streamed: boolean,
    write: (text: string) => void,
  ) {
    this.#inner = inner;
    this.#label = label;
    this.#full = full;
    this.#streamed = streamed;
    this.#write = write;
  }

  settle(result: TransportResult): void {
    this.#write(responseText(this.#label, result, this.#full, this.#streamed, ''));
    this.#inner.settle(result);
  }

  fail(error: unknown): void {
    this.#inner.fail(error);
  }

  resent(failed: TransportResult): void {
    this.#write(responseText(this.#label, failed, false, false, ' (sent again)'));
    this.#inner.resent?.(failed);
  }
}

function requestText(label: string, req: TransportRequest, transport: string, full: boolean): string {
  let text = `> ${label} ${req.method} ${req.url.href} (${transport})\n> Host: ${req.url.host}\n`;
  for (let i = 0; i < req.headers.length; i += 2) {
    text += `> ${req.headers[i]}: ${shown(req.headers[i]!, req.headers[i + 1]!, full)}\n`;
  }
  if (req.body !== undefined) text += `> Content-Length: ${req.body.length}\n`;
  text += '>\n';
  if (full && req.body !== undefined) text += bodyText(req.body);
  return text;
}

function responseText(
  label: string,
  result: TransportResult,
  full: boolean,
  streamed: boolean,
  note: string,
): string {
  const protocol = result.protocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1';
  const took = `${result.timings.durationMs.toFixed(1)} ms`;
  let text =
    result.status === 0
      ? `< ${label} no response: ${result.error?.kind} (${result.error?.message}) after ${took}${note}\n`
      : `< ${label} ${protocol} ${result.status} (${took})${note}\n`;
  if (result.status === 0) return text;
  for (const [name, value] of Object.entries(result.headers))
    text += `< ${name}: ${shown(name, value, full)}\n`;
  for (const cookie of result.setCookies) text += `< set-cookie: ${shown('set-cookie', cookie, full)}\n`;
  if (result.error !== undefined) text += `< error ${result.error.kind}: ${result.error.message}\n`;
  text += '<\n';
  if (!full) return text;
  if (streamed) return `${text}(the body went to onChunk)\n`;
  if (result.body !== undefined) text += bodyText(result.body);
  return text;
}

function shown(name: string, value: string, full: boolean): string {
  return !full && REDACTED.has(name.toLowerCase()) ? '[redacted]' : value;
}

function bodyText(body: Uint8Array): string {
  if (body.length === 0) return '';
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, MAX_BODY_BYTES));
  const text = head.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\u0000')) return `(${body.length} bytes of binary)\n`;
  const more = body.length - head.length;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${more > 0 ? `(${more} more bytes)\n` : ''}`;
}
