import { EXT_END, EXT_ERROR, EXT_START, nextExtensionState } from './chunk-extension.ts';
import { BodyFraming, type HeadTemplates, ParsedHead, parseHead, parseRepeatedHead } from './head-parser.ts';
import { TrailerReader } from './trailer-reader.ts';

/**
 * An incremental HTTP/1.1 response parser, one per connection, reset for each response.
 * `execute` consumes bytes from a chunk and returns where it stopped: at the end of the
 * chunk, or just after a complete response (the rest belongs to the next one). 1xx interim
 * responses are skipped; HEAD, 204 and 304 have no body; Content-Length, chunked (with
 * extensions and trailers) and close-delimited bodies are framed strictly. Its rules, and
 * where and why they differ from Node's llhttp: docs/http.md ("How the lean transport
 * reads responses"), checked against llhttp byte for byte in response-parser.llhttp.test.ts.
 */

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE_BYTES = 4096;
/** Trust a Content-Length this far when allocating the body up front. */
const MAX_PREALLOCATED_BODY_BYTES = 16 * 1024 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const HTTP_PREFIX = Buffer.from('HTTP/1.', 'latin1');
const CR = 13;
const LF = 10;

export const ParserState = {
  head: 0,
  bodyLength: 1,
  chunkSize: 2,
  chunkExtension: 3,
  chunkSizeLf: 4,
  chunkData: 5,
  chunkDataCr: 6,
  chunkDataLf: 7,
  trailers: 8,
  bodyUntilClose: 9,
  done: 10,
  error: 11,
} as const;
export type ParserState = (typeof ParserState)[keyof typeof ParserState];

export class ResponseParser {
  state: ParserState = ParserState.head;
  readonly head: ParsedHead;
  /** Any byte of this response (interim ones included) consumed. */
  started = false;
  /** The final response head is parsed. */
  headDone = false;
  keepAlive = true;
  bytesReceived = 0;
  bodyBytes = 0;
  error = '';
  private noBody = false;
  private discardBody = false;
  private onChunk: ((chunk: Buffer) => void) | undefined;
  /** Body bytes must be copied out: the input buffer is reused (net's `onread`). */
  private copyBody = false;
  private end = 0;
  private pending: Buffer | undefined;
  private pendingLength = 0;
  private remaining = 0;
  private digits = 0;
  private extensionState = EXT_START;
  /** CR and LF bytes skipped before a status line (empty lines), bounded like a head. */
  private emptyLineBytes = 0;
  private lineBytes = 0;
  private readonly trailers = new TrailerReader();
  private firstPiece: Buffer | undefined;
  private pieces: Buffer[] | undefined;
  /** A Content-Length body read from a reused buffer is copied once, straight into this. */
  private sized: Buffer | undefined;

  /** `templates`: the field lines of earlier heads, to be shared by one origin's connections. */
  constructor(templates?: HeadTemplates) {
    this.head = new ParsedHead(templates);
  }

  /** Set once per connection when the buffers passed to `execute` are reused afterwards. */
  setVolatileInput(volatile: boolean): void {
    this.copyBody = volatile;
  }

  /**
   * Prepares for the next response: `noBody` for a HEAD request; the body is then dropped
   * (`discardBody`), handed out piece by piece (`onChunk`) or kept.
   */
  reset(noBody: boolean, discardBody: boolean, onChunk?: (chunk: Buffer) => void): void {
    this.state = ParserState.head;
    this.started = false;
    this.headDone = false;
    this.keepAlive = true;
    this.bytesReceived = 0;
    this.bodyBytes = 0;
    this.error = '';
    this.noBody = noBody;
    this.discardBody = discardBody;
    this.onChunk = onChunk;
    this.pending = undefined;
    this.pendingLength = 0;
    this.emptyLineBytes = 0;
    this.firstPiece = undefined;
    this.pieces = undefined;
    this.sized = undefined;
  }

  /** The collected body (one Buffer, no copy when it arrived in one piece), or undefined. */
  takeBody(): Buffer | undefined {
    const { firstPiece, pieces, sized } = this;
    this.firstPiece = undefined;
    this.pieces = undefined;
    this.sized = undefined;
    if (sized !== undefined) return sized;
    if (pieces !== undefined) return Buffer.concat(pieces, this.bodyBytes);
    return firstPiece;
  }

  /** The chunked body's trailer fields, once, or undefined (none, or not a chunked body). */
  takeTrailers(): Record<string, string> | undefined {
    return this.trailers.take();
  }

  /** Consumes `buf[start, end)`; returns where it stopped. Check `state` for done or error. */
  execute(buf: Buffer, start: number, end: number): number {
    if (start < end) this.started = true;
    this.end = end;
    let pos = start;
    let state = this.state;
    while (pos < end && state !== ParserState.done && state !== ParserState.error) {
      if (state === ParserState.head) pos = this.readHead(buf, pos);
      else if (state === ParserState.bodyLength || state === ParserState.chunkData) {
        pos = this.readCounted(buf, pos);
      } else if (state === ParserState.bodyUntilClose) {
        this.appendBody(buf, pos, end);
        pos = end;
      } else if (state === ParserState.trailers) pos = this.readTrailers(buf, pos);
      else pos = this.readChunkLine(buf, pos);
      state = this.state;
    }
    if (state === ParserState.error) pos = end;
    this.bytesReceived += pos - start;
    return pos;
  }

  /** The peer closed the connection: ends a close-delimited body, anything else is cut short. */
  finishAtEof(): void {
    if (this.state === ParserState.bodyUntilClose) this.state = ParserState.done;
    else if (this.state !== ParserState.done) this.fail('connection closed before the response was complete');
  }

  private fail(reason: string): number {
    this.state = ParserState.error;
    this.error = reason;
    this.pending = undefined;
    this.pendingLength = 0;
    this.firstPiece = undefined;
    this.pieces = undefined;
    this.sized = undefined;
    return 0;
  }

  private readHead(buf: Buffer, pos: number): number {
    const end = this.end;
    const pending = this.pending;
    if (pending === undefined) {
      const first = buf[pos];
      if (first === CR || first === LF) {
        pos = this.skipEmptyLines(buf, pos);
        if (pos === end) return pos;
      }
      const after = parseRepeatedHead(buf, pos, end, this.head);
      if (after >= 0) {
        this.afterHead();
        return after;
      }
    }
    const pendingLength = this.pendingLength;
    let data = buf;
    let from = pos;
    let dataEnd = end;
    if (pending !== undefined) {
      data = this.appendPending(buf, pos, end);
      from = 0;
      dataEnd = this.pendingLength;
    }
    if (!startsLikeHttp(data, from, dataEnd)) {
      this.fail('response does not start with HTTP/1.x');
      return end;
    }
    let found = data.indexOf(CRLFCRLF, Math.max(from, pendingLength - 3));
    // The buffer may hold stale bytes past `dataEnd` (a reused or oversized buffer).
    if (found + 4 > dataEnd) found = -1;
    if (found === -1 || found + 4 - from > MAX_HEAD_BYTES) {
      if (dataEnd - from > MAX_HEAD_BYTES) this.fail(`response head larger than ${MAX_HEAD_BYTES} bytes`);
      else if (hasBareLineEnd(data, from, Math.max(from, pendingLength - 1), dataEnd)) {
        // A head with a bare LF or CR line end has no CRLFCRLF to wait for: refuse it now.
        this.fail('response head line not ended by CRLF');
      } else if (pending === undefined) this.appendPending(buf, pos, end);
      return end;
    }
    this.pending = undefined;
    this.pendingLength = 0;
    const reason = parseHead(data, from, found + 2, this.head);
    if (reason !== undefined) this.fail(reason);
    else this.afterHead();
    return pending === undefined ? found + 4 : pos + found + 4 - pendingLength;
  }

  /**
   * RFC 9112 §2.2: empty lines before a status line (a server's stray CRLF after a body or
   * after a 1xx) are skipped, as llhttp does; returns where they end.
   */
  private skipEmptyLines(buf: Buffer, pos: number): number {
    const end = this.end;
    const start = pos;
    while (pos < end && (buf[pos] === CR || buf[pos] === LF)) pos++;
    this.emptyLineBytes += pos - start;
    if (this.emptyLineBytes > MAX_HEAD_BYTES) {
      this.fail(`more than ${MAX_HEAD_BYTES} bytes of empty lines before the status line`);
      return end;
    }
    return pos;
  }

  /** Keeps a head that spans reads, in a buffer grown by doubling (no copy per read of it all). */
  private appendPending(buf: Buffer, pos: number, end: number): Buffer {
    const length = this.pendingLength;
    const need = length + end - pos;
    let store = this.pending;
    if (store === undefined || need > store.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * (store?.length ?? 512)));
      store?.copy(grown, 0, 0, length);
      store = grown;
      this.pending = grown;
    }
    buf.copy(store, length, pos, end);
    this.pendingLength = need;
    return store;
  }

  private afterHead(): void {
    const head = this.head;
    const status = head.status;
    if (status < 200) {
      if (status === 101) this.fail('unexpected 101 Switching Protocols');
      return; // interim response: the final head follows
    }
    this.headDone = true;
    this.keepAlive = head.keepAlive;
    if (this.noBody || status === 204 || status === 304) {
      this.state = ParserState.done;
    } else if (head.framing === BodyFraming.chunked) {
      this.startChunkLine();
    } else if (head.framing === BodyFraming.length) {
      const length = head.contentLength;
      this.remaining = length;
      this.state = length === 0 ? ParserState.done : ParserState.bodyLength;
      const keeps = !this.discardBody && this.onChunk === undefined;
      if (this.copyBody && keeps && length > 0 && length <= MAX_PREALLOCATED_BODY_BYTES) {
        this.sized = Buffer.allocUnsafe(length);
      }
    } else {
      this.keepAlive = false;
      this.state = ParserState.bodyUntilClose;
    }
  }

  private readCounted(buf: Buffer, pos: number): number {
    const take = Math.min(this.remaining, this.end - pos);
    this.appendBody(buf, pos, pos + take);
    this.remaining -= take;
    if (this.remaining === 0) {
      this.state = this.state === ParserState.bodyLength ? ParserState.done : ParserState.chunkDataCr;
    }
    return pos + take;
  }

  private appendBody(buf: Buffer, from: number, to: number): void {
    if (to === from) return;
    this.bodyBytes += to - from;
    if (this.discardBody) return;
    const onChunk = this.onChunk;
    if (onChunk !== undefined) {
      onChunk(this.copyBody ? Buffer.from(buf.subarray(from, to)) : buf.subarray(from, to));
      return;
    }
    const sized = this.sized;
    if (sized !== undefined) {
      buf.copy(sized, this.bodyBytes - (to - from), from, to);
      return;
    }
    const piece = this.copyBody ? Buffer.from(buf.subarray(from, to)) : buf.subarray(from, to);
    if (this.firstPiece === undefined) this.firstPiece = piece;
    else if (this.pieces === undefined) this.pieces = [this.firstPiece, piece];
    else this.pieces.push(piece);
  }

  private startChunkLine(): void {
    this.state = ParserState.chunkSize;
    this.remaining = 0;
    this.digits = 0;
    this.lineBytes = 0;
  }

  /** chunk-size [ BWS ; chunk-ext ] CRLF, and the CRLF after chunk data. */
  private readChunkLine(buf: Buffer, pos: number): number {
    const end = this.end;
    while (pos < end) {
      const c = buf[pos++] as number;
      if (++this.lineBytes > MAX_CHUNK_LINE_BYTES) return this.fail('chunk size line too long');
      switch (this.state) {
        case ParserState.chunkSize: {
          const digit = hexValue(c);
          if (digit >= 0) {
            this.digits++;
            this.remaining = this.remaining * 16 + digit;
            if (this.remaining > Number.MAX_SAFE_INTEGER) return this.fail('chunk size too large');
          } else if (this.digits === 0) {
            return this.fail('invalid chunk size');
          } else if (c === CR) {
            this.state = ParserState.chunkSizeLf;
          } else if (c === 59 /* ; */) {
            this.state = ParserState.chunkExtension;
            this.extensionState = EXT_START;
          } else {
            // llhttp refuses whitespace here too (RFC 9112's BWS before `;`): see chunk-extension.ts.
            return this.fail(c === 32 || c === 9 ? 'whitespace after chunk size' : 'invalid chunk size');
          }
          break;
        }
        case ParserState.chunkExtension: {
          const next = nextExtensionState(this.extensionState, c);
          if (next === EXT_ERROR) return this.fail('invalid chunk extension');
          if (next === EXT_END) this.state = ParserState.chunkSizeLf;
          else this.extensionState = next;
          break;
        }
        case ParserState.chunkSizeLf:
          if (c !== LF) return this.fail('chunk size line not ended by CRLF');
          return this.afterChunkSize(pos);
        case ParserState.chunkDataCr:
          if (c !== CR) return this.fail('chunk data longer than its size');
          this.state = ParserState.chunkDataLf;
          break;
        default:
          if (c !== LF) return this.fail('chunk data not followed by CRLF');
          this.startChunkLine();
          return pos;
      }
    }
    return pos;
  }

  private afterChunkSize(pos: number): number {
    if (this.remaining === 0) {
      this.state = ParserState.trailers;
      this.trailers.reset();
    } else {
      this.state = ParserState.chunkData;
    }
    return pos;
  }

  private readTrailers(buf: Buffer, pos: number): number {
    const next = this.trailers.read(buf, pos, this.end);
    if (this.trailers.error !== '') this.fail(this.trailers.error);
    else if (this.trailers.done) this.state = ParserState.done;
    return next;
  }
}

/**
 * Whether `data[scanFrom, end)` holds a LF without a CR before it, or a CR followed by
 * something else than LF: a head that will never have its blank line. `from` is the head's start.
 */
function hasBareLineEnd(data: Buffer, from: number, scanFrom: number, end: number): boolean {
  for (let i = scanFrom; i < end; i++) {
    const c = data[i];
    if (c === LF && (i === from || data[i - 1] !== CR)) return true;
    if (c === CR && i + 1 < end && data[i + 1] !== LF) return true;
  }
  return false;
}

function startsLikeHttp(data: Buffer, from: number, end: number): boolean {
  const n = Math.min(HTTP_PREFIX.length, end - from);
  for (let i = 0; i < n; i++) if (data[from + i] !== HTTP_PREFIX[i]) return false;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
