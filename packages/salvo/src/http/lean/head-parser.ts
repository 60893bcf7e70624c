/**
 * Parses one response head (status line and header fields, the bytes up to and including
 * the last field's CRLF, without the blank line) into a reusable `ParsedHead`. Strict, as a
 * client can afford to be: CRLF line ends only, no obs-fold, token header names, no control
 * characters, bounded field count, and the framing headers checked for conflicts (the rules,
 * beside llhttp's: docs/http.md, "How the lean transport reads responses").
 */

export const MAX_HEADER_COUNT = 100;

/** Framing of the body, decided from the head alone (the request method is the caller's). */
export const BodyFraming = { length: 0, chunked: 1, close: 2 } as const;
export type BodyFraming = (typeof BodyFraming)[keyof typeof BodyFraming];

/** One parsed response head: what the parser and the exchange read. */
export class ParsedHead {
  status = 0;
  headers: Readonly<Record<string, string>> = {};
  setCookies: string[] = [];
  /** -1 when absent. */
  contentLength = -1;
  framing: BodyFraming = BodyFraming.close;
  keepAlive = true;
  /** The field lines seen before, shared by the connections to one origin (sharedTemplates). */
  readonly templates: HeadTemplates;

  constructor(templates: HeadTemplates = new HeadTemplates()) {
    this.templates = templates;
  }
}

/**
 * The previous heads' field lines (bytes), their lower-case names and trimmed values, by
 * position: a server sends mostly the same lines each time, so a line seen before is one
 * byte comparison (no validation, no strings made), and the same name strings keep
 * property stores monomorphic. Heads are parsed synchronously, one at a time, so the
 * connections to one origin can share one (a thousand VUs would otherwise keep a thousand
 * copies of the same lines).
 */
export class HeadTemplates {
  readonly lines: Buffer[] = [];
  readonly names: string[] = [];
  readonly values: string[] = [];
  /**
   * What the last fully parsed field section produced; when the next head repeats all its
   * lines, its headers are a clone of these and its framing is this one.
   */
  headers: Readonly<Record<string, string>> | undefined;
  /** Those field lines as sent, each with its CRLF, and the blank line: one comparison. */
  section: Buffer | undefined;
  cookies: string[] = [];
  contentLength = -1;
  framing: BodyFraming = BodyFraming.close;
  /** The status line's keep-alive default the template was built on, and the outcome. */
  baseKeepAlive = true;
  keepAlive = true;
}

/** Past this many origins a thread's connections stop sharing templates (memory stays bounded). */
const MAX_SHARED_ORIGINS = 256;
const templatesByOrigin = new Map<string, HeadTemplates>();

/** The templates every connection to `origin` in this thread shares. */
export function sharedTemplates(origin: string): HeadTemplates {
  let templates = templatesByOrigin.get(origin);
  if (templates === undefined) {
    templates = new HeadTemplates();
    if (templatesByOrigin.size < MAX_SHARED_ORIGINS) templatesByOrigin.set(origin, templates);
  }
  return templates;
}

const TOKEN_CHARS = tokenTable();
const CR = 13;
const LF = 10;
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

let fieldError = '';

/** Parses `data[from, headEnd)`; returns undefined on success, else a one-line reason. */
export function parseHead(data: Buffer, from: number, headEnd: number, out: ParsedHead): string | undefined {
  const pos = parseStatusLine(data, from, headEnd, out);
  if (pos < 0) return fieldError;
  const templates = out.templates;
  if (repeatsSection(data, pos, headEnd + 2, out.keepAlive, templates)) {
    useTemplate(out, templates);
    return undefined;
  }
  const baseKeepAlive = out.keepAlive;
  templates.headers = undefined;
  templates.section = undefined;
  const count = parseFields(data, pos, headEnd, out);
  if (count < 0) return fieldError;
  // Frozen and shared by the responses that repeat these lines (each user gets a copy when read).
  templates.headers = Object.freeze(out.headers);
  templates.cookies = out.setCookies.slice();
  templates.section = Buffer.from(data.subarray(pos, headEnd + 2));
  templates.contentLength = out.contentLength;
  templates.framing = out.framing;
  templates.baseKeepAlive = baseKeepAlive;
  templates.keepAlive = out.keepAlive;
  return undefined;
}

/**
 * The fast path for a head that repeats the last one: parses `data[from, end)` as far as a
 * status line, the template's field lines and the blank line, and returns the offset after
 * that blank line; -1 when the head differs or is not all there (parseHead then decides).
 * It needs no search for the head's end, and the field section is one native comparison.
 */
export function parseRepeatedHead(data: Buffer, from: number, end: number, out: ParsedHead): number {
  const templates = out.templates;
  const section = templates.section;
  if (section === undefined) return -1;
  const pos = parseStatusLine(data, from, end, out);
  if (pos < 0) return -1;
  const after = pos + section.length;
  if (after > end || !repeatsSection(data, pos, after, out.keepAlive, templates)) return -1;
  useTemplate(out, templates);
  return after;
}

function useTemplate(out: ParsedHead, templates: HeadTemplates): void {
  out.headers = templates.headers as Readonly<Record<string, string>>;
  out.setCookies = templates.cookies.length === 0 ? NO_COOKIES : templates.cookies.slice();
  out.contentLength = templates.contentLength;
  out.framing = templates.framing;
  out.keepAlive = templates.keepAlive;
}

/** Whether `data[pos, sectionEnd)` is the last field section, blank line included, on the same HTTP version. */
function repeatsSection(
  data: Buffer,
  pos: number,
  sectionEnd: number,
  keepAlive: boolean,
  templates: HeadTemplates,
): boolean {
  const section = templates.section;
  if (section === undefined || keepAlive !== templates.baseKeepAlive) return false;
  return (
    sectionEnd - pos === section.length && data.compare(section, 0, section.length, pos, sectionEnd) === 0
  );
}

/** Parses the field lines and decides the framing; returns their count, or -2 (see fieldError). */
function parseFields(data: Buffer, pos: number, headEnd: number, out: ParsedHead): number {
  const templates = out.templates;
  const headers: Record<string, string> = {};
  out.headers = headers;
  out.setCookies = NO_COOKIES;
  out.contentLength = -1;
  let transferEncoding: string | undefined;
  let i = 0;
  for (; pos < headEnd; i++) {
    if (i >= MAX_HEADER_COUNT) return fail(`more than ${MAX_HEADER_COUNT} header fields`);
    const cached = templates.lines[i];
    let next = cached === undefined ? -1 : matchLine(data, pos, headEnd, cached);
    if (next === -1) next = readFieldLine(data, pos, headEnd, i, templates);
    if (next < 0) return next;
    pos = next;
    const name = templates.names[i] as string;
    const value = templates.values[i] as string;
    if (name === 'set-cookie') {
      if (out.setCookies === NO_COOKIES) out.setCookies = [];
      out.setCookies.push(value);
      continue;
    }
    if (name === 'content-length') {
      const reason = addContentLength(value, out);
      if (reason !== undefined) return fail(reason);
    } else if (name === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    } else if (name === 'connection') {
      applyConnection(value, out);
    }
    addHeader(headers, name, value);
  }
  const reason = decideFraming(transferEncoding, out);
  return reason === undefined ? i : fail(reason);
}

function fail(reason: string): number {
  fieldError = reason;
  return -2;
}

const HTTP_1 = Buffer.from('HTTP/1.', 'latin1');

/** Returns the offset after the status line's CRLF, or a negative number (see fieldError). */
function parseStatusLine(data: Buffer, from: number, headEnd: number, out: ParsedHead): number {
  for (let i = 0; i < 7; i++)
    if (data[from + i] !== HTTP_1[i]) return fail('response does not start with HTTP/1.x');
  const minor = data[from + 7];
  if ((minor !== 48 && minor !== 49) || data[from + 8] !== 32) return fail('bad HTTP version in status line');
  const d0 = data[from + 9] as number;
  const d1 = data[from + 10] as number;
  const d2 = data[from + 11] as number;
  if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2) || d0 === 48)
    return fail('bad status code in status line');
  let end = from + 12;
  if (data[end] !== CR) {
    if (data[end] !== 32) return fail('bad status line');
    end = fieldTextEnd(data, end + 1, headEnd);
    if (end < 0) return fail('invalid character in status line');
  }
  if (data[end + 1] !== LF) return fail('status line not ended by CRLF');
  out.status = (d0 - 48) * 100 + (d1 - 48) * 10 + (d2 - 48);
  out.keepAlive = minor === 49;
  return end + 2;
}

/** The offset after the line if it equals `cached` and ends in CRLF, else -1. */
function matchLine(data: Buffer, pos: number, headEnd: number, cached: Buffer): number {
  const length = cached.length;
  if (pos + length + 2 > headEnd) return -1;
  for (let j = 0; j < length; j++) if (data[pos + j] !== cached[j]) return -1;
  if (data[pos + length] !== CR || data[pos + length + 1] !== LF) return -1;
  return pos + length + 2;
}

/** Validates a field line not seen before, caches it at index `i`; returns the offset after it. */
function readFieldLine(data: Buffer, pos: number, headEnd: number, i: number, out: HeadTemplates): number {
  const first = data[pos];
  if (first === 32 || first === 9) return fail('obsolete line folding in header');
  let colon = pos;
  for (; colon < headEnd; colon++) {
    const c = data[colon] as number;
    if (c === 58) break;
    if (c > 127 || TOKEN_CHARS[c] === 0)
      return fail(c === CR ? 'header field without a colon' : 'invalid header field name');
  }
  if (colon === pos) return fail('empty header field name');
  const end = fieldTextEnd(data, colon + 1, headEnd);
  if (end < 0) return fail('invalid character in header value');
  if (data[end + 1] !== LF) return fail('header line not ended by CRLF');
  let vStart = colon + 1;
  let vEnd = end;
  while (vStart < vEnd && isOws(data[vStart] as number)) vStart++;
  while (vEnd > vStart && isOws(data[vEnd - 1] as number)) vEnd--;
  out.lines[i] = Buffer.from(data.subarray(pos, end));
  out.names[i] = data.toString('latin1', pos, colon).toLowerCase();
  out.values[i] = data.toString('latin1', vStart, vEnd);
  return end + 2;
}

/** The offset of the CR ending field text starting at `from` (HTAB, visible ASCII, obs-text), or -1. */
function fieldTextEnd(data: Buffer, from: number, headEnd: number): number {
  for (let i = from; i < headEnd; i++) {
    const c = data[i] as number;
    if (c === CR) return i;
    if ((c < 32 && c !== 9) || c === 127) return -1;
  }
  return -1;
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
    if (transferEncoding.trim() === '') return 'invalid Transfer-Encoding';
    // Chunked only when it is the final coding, as llhttp decides; otherwise (`chunked, gzip`,
    // `chunked,`) the body runs until the close (RFC 9112 §6.3), so no coding list read one
    // way here and another elsewhere can make this connection misread the next response.
    const last = transferEncoding.slice(transferEncoding.lastIndexOf(',') + 1).trim();
    if (last.length === 7 && last.toLowerCase() === 'chunked') {
      out.framing = BodyFraming.chunked;
      return undefined;
    }
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
