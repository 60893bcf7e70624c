/**
 * Parses one response head (status line and header fields, as a latin1 string ending in the
 * last field's CRLF, without the blank line) into a reusable `ParsedHead`. Strict, as a
 * client can afford to be: CRLF line ends only, no obs-fold, token header names, no control
 * characters, bounded field count, and the framing headers checked for conflicts.
 */

export const MAX_HEADER_COUNT = 100;

/** Framing of the body, decided from the head alone (the request method is the caller's). */
export const BodyFraming = { length: 0, chunked: 1, close: 2 } as const;
export type BodyFraming = (typeof BodyFraming)[keyof typeof BodyFraming];

export class ParsedHead {
  status = 0;
  headers: Record<string, string> = {};
  setCookies: string[] = [];
  /** -1 when absent. */
  contentLength = -1;
  framing: BodyFraming = BodyFraming.close;
  keepAlive = true;
  /**
   * The previous head's field lines, their lower-case names and trimmed values: a server
   * sends mostly the same lines each time, so a line seen before skips validation, slicing
   * and lower-casing, and the same name strings keep property stores monomorphic.
   */
  readonly lines: string[] = [];
  readonly names: string[] = [];
  readonly values: string[] = [];
}

const TOKEN_CHARS = tokenTable();
const NO_COOKIES = Object.freeze([]) as unknown as string[];

function tokenTable(): Uint8Array {
  const table = new Uint8Array(128);
  const extra = "!#$%&'*+-.^_`|~";
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    table[c] = alnum || extra.includes(ch) ? 1 : 0;
  }
  return table;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Returns undefined on success, else a one-line reason. Fills `out`. */
export function parseHead(head: string, out: ParsedHead): string | undefined {
  const lineEnd = head.indexOf('\r\n');
  const error = parseStatusLine(head, lineEnd, out);
  if (error !== undefined) return error;
  out.headers = {};
  out.setCookies = NO_COOKIES;
  out.contentLength = -1;
  let transferEncoding: string | undefined;
  let pos = lineEnd + 2;
  for (let i = 0; pos < head.length; i++) {
    if (i >= MAX_HEADER_COUNT) return `more than ${MAX_HEADER_COUNT} header fields`;
    const end = head.indexOf('\r\n', pos);
    const cached = out.lines[i];
    if (cached === undefined || cached.length !== end - pos || !head.startsWith(cached, pos)) {
      const reason = readFieldLine(head, pos, end, i, out);
      if (reason !== undefined) return reason;
    }
    pos = end + 2;
    const name = out.names[i] as string;
    const value = out.values[i] as string;
    if (name === 'set-cookie') {
      if (out.setCookies === NO_COOKIES) out.setCookies = [];
      out.setCookies.push(value);
      continue;
    }
    if (name === 'content-length') {
      const reason = addContentLength(value, out);
      if (reason !== undefined) return reason;
    } else if (name === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    } else if (name === 'connection') {
      applyConnection(value, out);
    }
    addHeader(out.headers, name, value);
  }
  return decideFraming(transferEncoding, out);
}

function parseStatusLine(head: string, lineEnd: number, out: ParsedHead): string | undefined {
  if (!head.startsWith('HTTP/1.')) return 'response does not start with HTTP/1.x';
  const minor = head.charCodeAt(7);
  if ((minor !== 48 && minor !== 49) || head.charCodeAt(8) !== 32) return 'bad HTTP version in status line';
  const d0 = head.charCodeAt(9);
  const d1 = head.charCodeAt(10);
  const d2 = head.charCodeAt(11);
  if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2) || d0 === 48) return 'bad status code in status line';
  if (lineEnd !== 12 && head.charCodeAt(12) !== 32) return 'bad status line';
  if (!isFieldText(head, 13, lineEnd)) return 'invalid character in status line';
  out.status = (d0 - 48) * 100 + (d1 - 48) * 10 + (d2 - 48);
  out.keepAlive = minor === 49;
  return undefined;
}

/** Validates a field line not seen before and caches its name and value at index `i`. */
function readFieldLine(
  head: string,
  pos: number,
  end: number,
  i: number,
  out: ParsedHead,
): string | undefined {
  const first = head.charCodeAt(pos);
  if (first === 32 || first === 9) return 'obsolete line folding in header';
  const colon = head.indexOf(':', pos);
  if (colon === -1 || colon > end) return 'header field without a colon';
  if (colon === pos) return 'empty header field name';
  for (let c = pos; c < colon; c++) {
    const code = head.charCodeAt(c);
    if (code > 127 || TOKEN_CHARS[code] === 0) return 'invalid header field name';
  }
  if (!isFieldText(head, colon + 1, end)) return 'invalid character in header value';
  let vStart = colon + 1;
  let vEnd = end;
  while (vStart < vEnd && isOws(head.charCodeAt(vStart))) vStart++;
  while (vEnd > vStart && isOws(head.charCodeAt(vEnd - 1))) vEnd--;
  out.lines[i] = head.slice(pos, end);
  out.names[i] = head.slice(pos, colon).toLowerCase();
  out.values[i] = head.slice(vStart, vEnd);
  return undefined;
}

/** HTAB, visible ASCII and obs-text only: no other control characters, no stray CR or LF. */
function isFieldText(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return false;
  }
  return true;
}

function isOws(c: number): boolean {
  return c === 32 || c === 9;
}

function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const previous = headers[name];
  if (previous === undefined) {
    headers[name] = value;
  } else if (Object.hasOwn(headers, name)) {
    headers[name] = `${previous}, ${value}`;
  } else {
    // A name like constructor or __proto__: an own data property, whatever the prototype has.
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** Accepts a repeated or listed Content-Length only when every value is the same. */
function addContentLength(value: string, out: ParsedHead): string | undefined {
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(',', start);
    if (end === -1) end = value.length;
    let a = start;
    let b = end;
    while (a < b && isOws(value.charCodeAt(a))) a++;
    while (b > a && isOws(value.charCodeAt(b - 1))) b--;
    if (a === b || b - a > 15) return 'invalid Content-Length';
    let n = 0;
    for (let i = a; i < b; i++) {
      const c = value.charCodeAt(i);
      if (!isDigit(c)) return 'invalid Content-Length';
      n = n * 10 + (c - 48);
    }
    if (out.contentLength !== -1 && out.contentLength !== n) return 'conflicting Content-Length values';
    out.contentLength = n;
    start = end + 1;
  }
  return undefined;
}

function applyConnection(value: string, out: ParsedHead): void {
  if (value === 'keep-alive') {
    out.keepAlive = true;
    return;
  }
  for (const raw of value.toLowerCase().split(',')) {
    const token = raw.trim();
    if (token === 'close') {
      out.keepAlive = false;
      return;
    }
    if (token === 'keep-alive') out.keepAlive = true;
  }
}

function decideFraming(transferEncoding: string | undefined, out: ParsedHead): string | undefined {
  if (transferEncoding !== undefined) {
    if (out.contentLength !== -1) return 'both Content-Length and Transfer-Encoding';
    const codings = transferEncoding.toLowerCase().split(',');
    const last = codings.length - 1;
    for (let i = 0; i < codings.length; i++) {
      const coding = (codings[i] as string).trim();
      if (coding === '') return 'invalid Transfer-Encoding';
      if (coding === 'chunked' && i !== last) return 'chunked is not the final transfer coding';
    }
    if ((codings[last] as string).trim() === 'chunked') {
      out.framing = BodyFraming.chunked;
      return undefined;
    }
    // RFC 9112 6.3: a response whose final coding is not chunked runs until the close.
    out.framing = BodyFraming.close;
    out.keepAlive = false;
    return undefined;
  }
  if (out.contentLength !== -1) {
    out.framing = BodyFraming.length;
    return undefined;
  }
  out.framing = BodyFraming.close;
  return undefined;
}
