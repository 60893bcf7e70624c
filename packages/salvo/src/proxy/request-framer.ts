/**
 * Finds where each HTTP/1.1 request starts and ends in the bytes a client sends, so the
 * proxy can decide a fault per request and still forward the bytes as they came. It reads
 * only what framing needs (request line, Content-Length, Transfer-Encoding) and never
 * rewrites a byte. Written here because no library frames messages on a raw socket:
 * going through node:http's server and client re-serialises every request and halved the
 * proxy's throughput; the lean transport's parser reads responses, not requests.
 *
 * Anything it cannot frame (not HTTP/1.x, a head over 64 KiB, CONNECT or an Upgrade) turns
 * the rest of the connection into a plain TCP pipe (`raw`).
 */

export interface RequestSink {
  /** A request's head (whole); its body follows through `body`, then `end`. */
  head(method: string, target: string, head: Buffer): void;
  body(chunk: Buffer): void;
  end(): void;
  /** Bytes after framing gave up: forward as they are. */
  raw(chunk: Buffer): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

const State = { head: 0, body: 1, chunkSize: 2, chunkData: 3, chunkDataEnd: 4, trailers: 5, raw: 6 } as const;
type State = (typeof State)[keyof typeof State];

export class RequestFramer {
  readonly #sink: RequestSink;
  #state: State = State.head;
  /** Head bytes of a head split across reads. */
  #pending: Buffer | undefined;
  /** Body bytes left (body, chunkData), or CR LF bytes left (chunkDataEnd). */
  #remaining = 0;
  /** Chunk size digits and trailer lines: the current line's bytes so far. */
  #line = '';

  constructor(sink: RequestSink) {
    this.#sink = sink;
  }

  push(input: Buffer): void {
    let buf = input;
    if (this.#pending !== undefined) {
      buf = Buffer.concat([this.#pending, input]);
      this.#pending = undefined;
    }
    let pos = 0;
    const end = buf.length;
    while (pos < end) {
      switch (this.#state) {
        case State.raw:
          this.#sink.raw(pos === 0 ? buf : buf.subarray(pos));
          return;
        case State.head: {
          const stop = buf.indexOf(CRLFCRLF, pos);
          if (stop === -1) {
            if (end - pos > MAX_HEAD_BYTES) this.#state = State.raw;
            else this.#pending = buf.subarray(pos);
            if (this.#state === State.raw) continue;
            return;
          }
          pos = this.#head(buf, pos, stop + 4);
          break;
        }
        case State.body: {
          const take = Math.min(this.#remaining, end - pos);
          this.#sink.body(buf.subarray(pos, pos + take));
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#finish();
          break;
        }
        default:
          pos = this.#chunked(buf, pos, end);
      }
    }
  }

  /** Parses the head in `buf[start, stop)` and hands it on; returns where its body starts. */
  #head(buf: Buffer, start: number, stop: number): number {
    const text = buf.toString('latin1', start, stop);
    const lineEnd = text.indexOf('\r\n');
    const line = REQUEST_LINE.exec(lineEnd === -1 ? text : text.slice(0, lineEnd));
    if (line === null) {
      this.#state = State.raw;
      return start;
    }
    const method = line[1] as string;
    const framing = framingOf(text.toLowerCase());
    this.#sink.head(
      method,
      line[2] as string,
      start === 0 && stop === buf.length ? buf : buf.subarray(start, stop),
    );
    if (method === 'CONNECT' || framing.upgrade) {
      this.#state = State.raw;
    } else if (framing.chunked) {
      this.#state = State.chunkSize;
      this.#line = '';
    } else if (framing.length > 0) {
      this.#state = State.body;
      this.#remaining = framing.length;
    } else {
      this.#finish();
    }
    return stop;
  }

  /** Chunked body bytes from `pos`: sizes, data, the CRLF after each, trailers. */
  #chunked(buf: Buffer, start: number, end: number): number {
    let pos = start;
    while (pos < end && this.#state !== State.head && this.#state !== State.raw) {
      if (this.#state === State.chunkData) {
        const take = Math.min(this.#remaining, end - pos);
        pos += take;
        this.#remaining -= take;
        if (this.#remaining === 0) {
          this.#state = State.chunkDataEnd;
          this.#remaining = 2;
        }
        continue;
      }
      if (this.#state === State.chunkDataEnd) {
        const take = Math.min(this.#remaining, end - pos);
        pos += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = State.chunkSize;
        continue;
      }
      // chunkSize and trailers are read by line
      const lf = buf.indexOf(10, pos);
      const lineStop = lf === -1 || lf >= end ? end : lf + 1;
      this.#line += buf.toString('latin1', pos, lineStop);
      pos = lineStop;
      if (lf === -1 || lf >= end) break;
      const line = this.#line.trim();
      this.#line = '';
      if (this.#state === State.chunkSize) {
        const size = Number.parseInt(line.split(';')[0] as string, 16);
        if (!Number.isFinite(size)) this.#state = State.raw;
        else if (size === 0) this.#state = State.trailers;
        else {
          this.#state = State.chunkData;
          this.#remaining = size;
        }
      } else if (line === '') {
        this.#sink.body(buf.subarray(start, pos));
        this.#finish();
        return pos;
      }
    }
    if (pos > start) this.#sink.body(buf.subarray(start, pos));
    return pos;
  }

  #finish(): void {
    this.#state = State.head;
    this.#sink.end();
  }
}

/** Content-Length, chunked and Upgrade from a lower-cased head. */
function framingOf(head: string): { length: number; chunked: boolean; upgrade: boolean } {
  const te = headerValue(head, '\r\ntransfer-encoding:');
  const cl = headerValue(head, '\r\ncontent-length:');
  return {
    chunked: te?.includes('chunked') === true,
    length: cl === undefined ? 0 : Number(cl) || 0,
    upgrade: head.includes('\r\nupgrade:'),
  };
}

function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf(name);
  if (at === -1) return undefined;
  const start = at + name.length;
  return head.slice(start, head.indexOf('\r\n', start)).trim();
}
