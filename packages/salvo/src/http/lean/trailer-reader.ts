import { MAX_HEADER_COUNT } from './head-parser.ts';

/**
 * The trailer section after the last chunk, `*( field-line CRLF ) CRLF`, read byte by byte
 * across reads. Trailer fields are checked (token name, colon, no control characters,
 * bounded count and size); a section with fields has its bytes kept (copied: the input may
 * be a reused buffer) and turned into a record when the response is taken. The usual
 * empty section (`0\r\n\r\n`) keeps nothing.
 */

const MAX_TRAILER_BYTES = 64 * 1024;
const CR = 13;
const LF = 10;
const LINE_START = 0;
const NAME = 1;
const VALUE = 2;
const LINE_LF = 3;
const END_LF = 4;
/** Optional whitespace around a field value (RFC 9110 §5.6.3): spaces and tabs only. */
const OWS_EDGES = /^[ \t]+|[ \t]+$/g;
const TOKEN_BYTES = new Set(Buffer.from("!#$%&'*+-.^_`|~", 'latin1'));

function isTokenByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || TOKEN_BYTES.has(c);
}

export class TrailerReader {
  done = false;
  /** Empty unless the section is malformed. */
  error = '';
  private state = LINE_START;
  private bytes = 0;
  private fields = 0;
  /** The section has fields: its bytes are kept. */
  private nonEmpty = false;
  private kept: Buffer[] | undefined;

  reset(): void {
    this.done = false;
    this.error = '';
    this.state = LINE_START;
    this.bytes = 0;
    this.fields = 0;
    this.nonEmpty = false;
    this.kept = undefined;
  }

  /** Consumes `buf[pos, end)` up to the end of the section; returns where it stopped. */
  read(buf: Buffer, pos: number, end: number): number {
    const from = pos;
    while (pos < end) {
      const c = buf[pos++] as number;
      if (++this.bytes > MAX_TRAILER_BYTES) return this.fail('trailer section too large', end);
      switch (this.state) {
        case LINE_START:
          if (c === CR) this.state = END_LF;
          else if (isTokenByte(c)) {
            this.state = NAME;
            this.nonEmpty = true;
          } else return this.fail('invalid trailer field', end);
          break;
        case NAME:
          if (c === 58 /* : */) this.state = VALUE;
          else if (!isTokenByte(c)) return this.fail('invalid trailer field name', end);
          break;
        case VALUE:
          if (c === CR) this.state = LINE_LF;
          else if (c === 127 || (c < 32 && c !== 9)) return this.fail('invalid trailer field value', end);
          break;
        case LINE_LF:
          if (c !== LF) return this.fail('trailer field not ended by CRLF', end);
          if (++this.fields > MAX_HEADER_COUNT) return this.fail('too many trailer fields', end);
          this.state = LINE_START;
          break;
        default:
          if (c !== LF) return this.fail('trailer section not ended by CRLF', end);
          this.done = true;
          if (this.nonEmpty) this.keep(buf, from, pos);
          return pos;
      }
    }
    if (this.nonEmpty) this.keep(buf, from, pos);
    return pos;
  }

  /**
   * The fields of the section just read, lower-case names, repeated ones joined with ", ";
   * undefined when it had none. Once: the kept bytes are let go.
   */
  take(): Record<string, string> | undefined {
    const kept = this.kept;
    if (kept === undefined || !this.done) return undefined;
    this.kept = undefined;
    const text = (kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept)).toString('latin1');
    const fields: Record<string, string> = {};
    // the bytes were checked as they came: each line is `name:value`, the last two empty
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).replace(OWS_EDGES, '');
      const prior = fields[name];
      fields[name] = prior === undefined ? value : `${prior}, ${value}`;
    }
    return fields;
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (to === from) return;
    const piece = Buffer.from(buf.subarray(from, to));
    if (this.kept === undefined) this.kept = [piece];
    else this.kept.push(piece);
  }

  private fail(reason: string, end: number): number {
    this.error = reason;
    return end;
  }
}
