import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feed } from './parser-harness.ts';
import { ResponseParser } from './response-parser.ts';

/**
 * Generated responses: thousands of random valid ones fed split at random byte boundaries
 * must parse to exactly what was sent; thousands of malformed ones must each end as a
 * parser error, never an exception. Reproduce a failure with SALVO_FUZZ_SEED=<seed>.
 */

const VALID_COUNT = 3000;
const MALFORMED_COUNT = 3000;
const SEED = Number(process.env.SALVO_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** mulberry32: small, seeded, good enough to drive a fuzzer. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

function token(r: Rand, min: number, max: number): string {
  let s = '';
  for (let i = int(r, min, max); i > 0; i--) s += TOKEN[int(r, 0, TOKEN.length - 1)];
  return s;
}

/** Field content: visible ASCII, inner spaces/tabs and obs-text, no leading/trailing OWS. */
function fieldValue(r: Rand): string {
  let s = '';
  for (let i = int(r, 0, 30); i > 0; i--) {
    const roll = r();
    s +=
      roll < 0.1
        ? pick(r, [' ', '\t'])
        : String.fromCharCode(roll < 0.15 ? int(r, 0x80, 0xff) : int(r, 0x21, 0x7e));
  }
  return s.trim();
}

interface Generated {
  raw: Buffer;
  method: string;
  eof: boolean;
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: string;
  framing: 'length' | 'chunked' | 'close' | 'none';
}

const RESERVED = new Set(['content-length', 'transfer-encoding', 'connection', 'set-cookie', '__proto__']);

function generateValid(r: Rand): Generated {
  const method = r() < 0.1 ? 'HEAD' : 'GET';
  const status = pick(r, [200, 200, 200, 201, 204, 206, 301, 304, 400, 404, 500, 503, 599, 999]);
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  const framing = pick(r, ['length', 'length', 'chunked', 'chunked', 'close'] as const);
  const body = noBody ? '' : randomBytes(r, pick(r, [0, 1, 10, 100, 5000]));
  let head = '';
  for (let i = int(r, 0, 2); i > 0; i--)
    head += `HTTP/1.1 ${pick(r, [100, 102, 103])} Interim\r\nX-I: ${fieldValue(r)}\r\n\r\n`;
  head += `HTTP/1.${int(r, 0, 1)} ${status}${r() < 0.8 ? ` ${fieldValue(r)}` : ''}\r\n`;
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  const add = (name: string, value: string): void => {
    const ows = (): string => pick(r, ['', '', ' ', '  ', '\t', ' \t']);
    head += `${name}:${ows()}${value}${ows()}\r\n`;
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') setCookies.push(value);
    else headers[lower] = Object.hasOwn(headers, lower) ? `${headers[lower]}, ${value}` : value;
  };
  const names = Array.from({ length: int(r, 0, 6) }, () => fieldName(r));
  const count = int(r, 0, 20);
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.1) add('Set-Cookie', `c${i}=${token(r, 0, 10)}`);
    else if (roll < 0.4 && names.length > 0) add(pick(r, names), fieldValue(r));
    else add(fieldName(r), fieldValue(r));
  }
  let wire = '';
  let eof = false;
  if (framing === 'length') add('Content-Length', String(noBody && r() < 0.5 ? int(r, 0, 99) : body.length));
  else if (framing === 'chunked') add('Transfer-Encoding', pick(r, ['chunked', 'Chunked', 'gzip, chunked']));
  if (framing === 'close' || (framing === 'chunked' && r() < 0.2)) headers.connection = 'close';
  if (headers.connection === 'close') head += 'Connection: close\r\n';
  if (!noBody) {
    if (framing === 'length') wire = body;
    else if (framing === 'chunked') wire = chunked(r, body);
    else {
      wire = body;
      eof = true;
    }
  }
  const raw = Buffer.from(`${head}\r\n${wire}`, 'latin1');
  return { raw, method, eof, status, headers, setCookies, body, framing: noBody ? 'none' : framing };
}

/** A random header name; sometimes one that is also an Object.prototype member. */
function fieldName(r: Rand): string {
  if (r() < 0.05) return pick(r, ['constructor', 'toString', 'hasOwnProperty', 'valueOf']);
  for (;;) {
    const name = token(r, 1, 16);
    if (!RESERVED.has(name.toLowerCase())) return name;
  }
}

function randomBytes(r: Rand, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, 0, 255));
  return s;
}

function chunked(r: Rand, body: string): string {
  let out = '';
  let pos = 0;
  while (pos < body.length) {
    const size = Math.min(body.length - pos, int(r, 1, 2000));
    const hex = size.toString(16);
    const sized = r() < 0.2 ? hex.toUpperCase().padStart(hex.length + int(r, 1, 3), '0') : hex;
    const ext = r() < 0.3 ? `;${token(r, 1, 8)}${r() < 0.5 ? `=${token(r, 1, 8)}` : ''}` : '';
    out += `${sized}${ext}\r\n${body.slice(pos, pos + size)}\r\n`;
    pos += size;
  }
  out += `0${r() < 0.3 ? ';end' : ''}\r\n`;
  for (let i = r() < 0.3 ? int(r, 1, 3) : 0; i > 0; i--) out += `${token(r, 1, 10)}: ${fieldValue(r)}\r\n`;
  return `${out}\r\n`;
}

function randomSplits(r: Rand, length: number): number[] {
  const splits = Array.from({ length: int(r, 0, 12) }, () => int(r, 1, Math.max(1, length - 1)));
  return splits.sort((a, b) => a - b);
}

test(`${VALID_COUNT} generated valid responses parse exactly (seed ${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  const r = prng(SEED);
  // Half go through one long-lived parser, some twice in a row, as a keep-alive connection would.
  const shared = new ResponseParser();
  let g = generateValid(r);
  for (let i = 0; i < VALID_COUNT; i++) {
    if (r() >= 0.3) g = generateValid(r);
    const parser = r() < 0.5 ? shared : undefined;
    const splits = randomSplits(r, g.raw.length);
    const out = feed(g.raw, { method: g.method, eof: g.eof, splits, volatileInput: r() < 0.5, parser });
    const where = `case ${i} (seed ${SEED}, ${g.framing}): ${JSON.stringify(g.raw.toString('latin1').slice(0, 300))}`;
    assert.equal(out.error, '', where);
    assert.equal(out.status, g.status, where);
    assert.deepEqual(out.headers, g.headers, where);
    assert.deepEqual(out.setCookies, g.setCookies, where);
    assert.equal(out.body, g.body, where);
    assert.equal(out.rest, 0, where);
  }
});

/** Breaks a valid response in one way that no strict parser may accept. */
const MUTATIONS: Array<(g: Generated, r: Rand) => Buffer | undefined> = [
  (_g, r) => Buffer.from(randomBytes(r, int(r, 1, 200)).replace(/^H/, 'X'), 'latin1'),
  (g) => replaceFirst(g.raw, 'HTTP/1.', 'HTTP/2.'),
  (g, r) => insertInHead(g, r, `X-Bad: a${String.fromCharCode(pick(r, [0, 1, 8, 11, 127, 13, 10]))}b\r\n`),
  (g, r) => insertInHead(g, r, ' folded\r\n'),
  (g, r) => insertInHead(g, r, `${pick(r, ['Bad Name', 'Bad"Name', '', 'Ba\u00e9d'])}: v\r\n`),
  (g, r) => insertInHead(g, r, 'X-A: 1\r\n'.repeat(101)),
  (g, r) => (g.framing === 'length' ? insertInHead(g, r, 'Transfer-Encoding: chunked\r\n') : undefined),
  (g, r) => (g.framing === 'chunked' ? insertInHead(g, r, 'Content-Length: 3\r\n') : undefined),
  (g, r) =>
    g.framing === 'length' ? insertInHead(g, r, `Content-Length: ${g.body.length + 1}\r\n`) : undefined,
  (g, r) => insertInHead(g, r, `Content-Length: ${pick(r, ['x', '-1', '1.5', '', '0x10', '1 2'])}\r\n`),
  (g) => (g.framing === 'chunked' ? replaceAfterHead(g, /^[0-9a-fA-F]+/, 'fffffffffffffff') : undefined),
  (g) => (g.framing === 'chunked' ? replaceAfterHead(g, /^[0-9a-fA-F]+/, 'g') : undefined),
  (g) =>
    g.framing === 'chunked' && g.body.length > 0
      ? replaceAfterHead(g, /\r\n\r\n$/, '\r\nX\r\n\r\n')
      : undefined,
  (g, r) => (g.framing === 'length' || g.framing === 'chunked' ? truncateBody(g, r) : undefined),
  (g) => replaceFirst(g.raw, '\r\n', '\n'),
  (g) => replaceFirst(g.raw, ' ', ''),
];

/** Where the final (non-1xx) head starts, and where its blank line starts. */
function finalHead(raw: Buffer): { start: number; end: number } {
  let start = 0;
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', start, 'latin1');
    if (!/^HTTP\/1\.1 1\d\d/.test(raw.subarray(start, start + 12).toString('latin1'))) return { start, end };
    start = end + 4;
  }
}

function headEnd(raw: Buffer): number {
  return finalHead(raw).end;
}

/** Inserts a field line at a random place among the final head's field lines. */
function insertInHead(g: Generated, r: Rand, text: string): Buffer {
  const { start, end } = finalHead(g.raw);
  const lines = g.raw.subarray(start, end).toString('latin1').split('\r\n');
  lines.splice(int(r, 1, lines.length), 0, text.replace(/\r\n$/, ''));
  const head = Buffer.from(lines.join('\r\n'), 'latin1');
  return Buffer.concat([g.raw.subarray(0, start), head, g.raw.subarray(end)]);
}

function replaceFirst(raw: Buffer, from: string, to: string): Buffer | undefined {
  const s = raw.toString('latin1');
  return s.includes(from) ? Buffer.from(s.replace(from, to), 'latin1') : undefined;
}

function replaceAfterHead(g: Generated, pattern: RegExp, to: string): Buffer | undefined {
  const end = headEnd(g.raw) + 4;
  const rest = g.raw.subarray(end).toString('latin1');
  if (!pattern.test(rest)) return undefined;
  return Buffer.concat([g.raw.subarray(0, end), Buffer.from(rest.replace(pattern, to), 'latin1')]);
}

function truncateBody(g: Generated, r: Rand): Buffer | undefined {
  const end = headEnd(g.raw) + 4;
  if (g.raw.length === end) return undefined;
  return g.raw.subarray(0, int(r, end, g.raw.length - 1));
}

test(`${MALFORMED_COUNT} generated malformed responses all end as errors (seed ${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  const r = prng(SEED ^ 0x5a5a5a5a);
  let made = 0;
  while (made < MALFORMED_COUNT) {
    const g = generateValid(r);
    if (g.method === 'HEAD') continue;
    const bad = pick(r, MUTATIONS)(g, r);
    if (bad === undefined) continue;
    made++;
    // Half after the valid original on the same parser: its head is then the template the
    // repeated-head fast path compares against, and the mutation must still be caught.
    let parser: ResponseParser | undefined;
    if (r() < 0.5) {
      parser = new ResponseParser();
      assert.equal(feed(g.raw, { method: g.method, eof: g.eof, parser }).error, '');
    }
    const out = feed(bad, {
      method: g.method,
      eof: true,
      splits: randomSplits(r, bad.length),
      volatileInput: r() < 0.5,
      parser,
    });
    const where = `case ${made} (seed ${SEED}): ${JSON.stringify(bad.toString('latin1').slice(0, 300))}`;
    assert.notEqual(out.error, '', where);
    assert.notEqual(out.error, 'incomplete', where);
  }
});
