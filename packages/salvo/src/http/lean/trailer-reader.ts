import { MAX_HEADER_COUNT } from './head-parser.ts';

/**
 * The trailer section after the last chunk, `*( field-line CRLF ) CRLF`, read byte by byte
 * across reads. Trailer fields are checked (token name, colon, no control characters,
 * bounded count and size) and dropped.
 */

const MAX_TRAILER_BYTES = 64 * 1024;
const CR = 13;
const LF = 10;
const LINE_START = 0;
const NAME = 1;
const VALUE = 2;
const LINE_LF = 3;
const END_LF = 4;
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

  reset(): void {
    this.done = false;
    this.error = '';
    this.state = LINE_START;
    this.bytes = 0;
    this.fields = 0;
  }

  /** Consumes `buf[pos, end)` up to the end of the section; returns where it stopped. */
  read(buf: Buffer, pos: number, end: number): number {
    while (pos < end) {
      const c = buf[pos++] as number;
      if (++this.bytes > MAX_TRAILER_BYTES) return this.fail('trailer section too large', end);
      switch (this.state) {
        case LINE_START:
          if (c === CR) this.state = END_LF;
          else if (isTokenByte(c)) this.state = NAME;
          else return this.fail('invalid trailer field', end);
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
          return pos;
      }
    }
    return pos;
  }

  private fail(reason: string, end: number): number {
    this.error = reason;
    return end;
  }
}
