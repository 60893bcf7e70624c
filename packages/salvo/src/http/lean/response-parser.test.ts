import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HeadTemplates } from './head-parser.ts';
import { feed } from './parser-harness.ts';
import { ParserState, ResponseParser } from './response-parser.ts';

const OK = 'HTTP/1.1 200 OK\r\n';

interface ValidCase {
  name: string;
  raw: string;
  method?: string;
  eof?: boolean;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  setCookies?: string[];
  keepAlive?: boolean;
  trailers?: Record<string, string>;
  rest?: number;
}

const valid: ValidCase[] = [
  { name: 'content-length body', raw: `${OK}Content-Length: 5\r\n\r\nhello`, body: 'hello', keepAlive: true },
  { name: 'zero content-length', raw: `${OK}Content-Length: 0\r\n\r\n`, body: '' },
  { name: 'status without reason phrase', raw: 'HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n', status: 404 },
  { name: 'status with empty reason phrase', raw: 'HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n', status: 500 },
  {
    name: 'header names lower-cased, values trimmed',
    raw: `${OK}X-Thing:  a b \t\r\nContent-Length: 0\r\n\r\n`,
    headers: { 'x-thing': 'a b', 'content-length': '0' },
  },
  {
    name: 'repeated headers joined, set-cookie kept apart',
    raw: `${OK}Vary: a\r\nSet-Cookie: s=1; Path=/\r\nvary: b\r\nSet-Cookie: t=2\r\nContent-Length: 0\r\n\r\n`,
    headers: { vary: 'a, b', 'content-length': '0' },
    setCookies: ['s=1; Path=/', 't=2'],
  },
  {
    name: 'empty header value',
    raw: `${OK}X-Empty:\r\nContent-Length: 0\r\n\r\n`,
    headers: { 'x-empty': '', 'content-length': '0' },
  },
  {
    name: 'obs-text in a value',
    raw: `${OK}X-L: caf\xe9\r\nContent-Length: 0\r\n\r\n`,
    headers: { 'x-l': 'caf\xe9', 'content-length': '0' },
  },
  {
    name: 'same content-length twice',
    raw: `${OK}Content-Length: 2\r\nContent-Length: 2\r\n\r\nok`,
    body: 'ok',
  },
  { name: 'content-length list of equal values', raw: `${OK}Content-Length: 2, 2\r\n\r\nok`, body: 'ok' },
  {
    name: 'chunked',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n`,
    body: 'hello world',
  },
  {
    name: 'chunked, upper-case hex and leading zeros',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n00A\r\n0123456789\r\n0\r\n\r\n`,
    body: '0123456789',
  },
  {
    name: 'chunk extensions',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n3;name=value;x="q;s\\""\r\nabc\r\n2;e;;=\r\nde\r\n0;last\r\n\r\n`,
    body: 'abcde',
  },
  {
    name: 'chunked with trailers',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n`,
    body: 'ok',
    trailers: { 'x-checksum': 'abc', 'x-other': '1' },
  },
  {
    name: 'trailers: whitespace around values trimmed, repeated names joined, empty values kept',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n0\r\nX-A:  1 \t\r\nx-a:2\r\nX-Empty:\r\n\r\n`,
    body: '',
    trailers: { 'x-a': '1, 2', 'x-empty': '' },
  },
  {
    name: 'transfer-encoding gzip, chunked',
    raw: `${OK}Transfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n`,
    body: 'z',
  },
  {
    name: 'close-delimited body',
    raw: `${OK}X: y\r\n\r\nuntil the end`,
    eof: true,
    body: 'until the end',
    keepAlive: false,
  },
  { name: 'close-delimited, empty', raw: `${OK}X: y\r\n\r\n`, eof: true, body: '', keepAlive: false },
  {
    name: 'chunked not the final coding reads to close',
    raw: `${OK}Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n`,
    eof: true,
    body: '0\r\n\r\n',
    keepAlive: false,
  },
  {
    name: 'empty transfer coding list elements',
    raw: `${OK}Transfer-Encoding: ,chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n`,
    body: 'z',
  },
  {
    name: 'chunk size with leading zeros past 14 digits',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n000000000000001\r\nx\r\n0\r\n\r\n`,
    body: 'x',
  },
  {
    name: 'empty lines before the status line and after a 1xx',
    raw: `\r\n\nHTTP/1.1 100 Continue\r\n\r\n\r\n${OK}Content-Length: 2\r\n\r\nok`,
    body: 'ok',
  },
  {
    name: 'non-chunked transfer coding reads to close',
    raw: `${OK}Transfer-Encoding: gzip\r\n\r\nzz`,
    eof: true,
    body: 'zz',
  },
  {
    name: '100 Continue skipped',
    raw: `HTTP/1.1 100 Continue\r\n\r\n${OK}Content-Length: 2\r\n\r\nok`,
    body: 'ok',
    status: 200,
  },
  {
    name: '103 Early Hints skipped',
    raw: `HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx`,
    status: 201,
    headers: { 'content-length': '1' },
    body: 'x',
  },
  { name: 'HEAD has no body', raw: `${OK}Content-Length: 1234\r\n\r\n`, method: 'HEAD', body: '' },
  {
    name: 'HEAD with chunked has no body',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n`,
    method: 'HEAD',
    body: '',
  },
  {
    name: '204 has no body',
    raw: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n',
    status: 204,
    body: '',
  },
  {
    name: '304 has no body',
    raw: 'HTTP/1.1 304 Not Modified\r\nX: 1\r\n\r\n',
    status: 304,
    body: '',
    keepAlive: true,
  },
  { name: 'Connection: close', raw: `${OK}Connection: close\r\nContent-Length: 0\r\n\r\n`, keepAlive: false },
  {
    name: 'Connection: Keep-Alive, Upgrade list',
    raw: `${OK}Connection: Upgrade, Close\r\nContent-Length: 0\r\n\r\n`,
    keepAlive: false,
  },
  {
    name: 'HTTP/1.0 closes by default',
    raw: 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n',
    keepAlive: false,
  },
  {
    name: 'HTTP/1.0 keep-alive',
    raw: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n',
    keepAlive: true,
  },
  {
    name: 'next pipelined response left over',
    raw: `${OK}Content-Length: 1\r\n\r\nx${OK}`,
    body: 'x',
    rest: OK.length,
  },
  {
    name: '__proto__ header is plain data',
    raw: `${OK}__proto__: x\r\nContent-Length: 0\r\n\r\n`,
    headers: { ['__proto__']: 'x', 'content-length': '0' },
  },
];

const malformed: Array<{ name: string; raw: string; method?: string; eof?: boolean }> = [
  { name: 'garbage', raw: 'garbage garbage\r\n\r\n' },
  { name: 'HTTP/2 status line', raw: 'HTTP/2 200 OK\r\n\r\n' },
  { name: 'HTTP/1.2', raw: 'HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n' },
  { name: 'two-digit status', raw: 'HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n' },
  { name: 'status 099', raw: 'HTTP/1.1 099 X\r\nContent-Length: 0\r\n\r\n' },
  { name: 'letters in status', raw: 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n' },
  { name: 'no space after status', raw: 'HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n' },
  { name: 'bare LF line ends', raw: 'HTTP/1.1 200 OK\nContent-Length: 0\n\r\n\r\n' },
  { name: 'bare CR in a value', raw: `${OK}X: a\rb\r\nContent-Length: 0\r\n\r\n` },
  { name: 'NUL in a value', raw: `${OK}X: a\0b\r\nContent-Length: 0\r\n\r\n` },
  { name: 'control char in reason', raw: 'HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n' },
  { name: 'header without colon', raw: `${OK}NoColon\r\nContent-Length: 0\r\n\r\n` },
  { name: 'empty header name', raw: `${OK}: v\r\nContent-Length: 0\r\n\r\n` },
  { name: 'space before colon', raw: `${OK}X-A : v\r\nContent-Length: 0\r\n\r\n` },
  { name: 'obs-fold', raw: `${OK}X-A: v\r\n  continued\r\nContent-Length: 0\r\n\r\n` },
  { name: 'too many headers', raw: `${OK}${'X: 1\r\n'.repeat(101)}Content-Length: 0\r\n\r\n` },
  { name: 'head larger than 64 KiB', raw: `${OK}X: ${'a'.repeat(70_000)}\r\nContent-Length: 0\r\n\r\n` },
  { name: 'endless head', raw: `${OK}X: ${'a'.repeat(70_000)}` },
  {
    name: 'content-length and transfer-encoding',
    raw: `${OK}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  },
  { name: 'differing content-lengths', raw: `${OK}Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc` },
  { name: 'differing content-length list', raw: `${OK}Content-Length: 2, 3\r\n\r\nabc` },
  { name: 'negative content-length', raw: `${OK}Content-Length: -1\r\n\r\n` },
  { name: 'content-length with sign', raw: `${OK}Content-Length: +2\r\n\r\nok` },
  { name: 'empty content-length', raw: `${OK}Content-Length:\r\n\r\n` },
  { name: 'huge content-length', raw: `${OK}Content-Length: 99999999999999999999\r\n\r\n` },
  { name: 'empty transfer-encoding', raw: `${OK}Transfer-Encoding: \r\n\r\n0\r\n\r\n` },
  { name: 'bare LF head, no CRLFCRLF to wait for', raw: 'HTTP/1.1 200 OK\nContent-Length: 0\n\n' },
  { name: 'bare LF blank line', raw: `${OK}Content-Length: 0\r\n\n` },
  { name: 'bare CR ending a line', raw: `${OK}Content-Length: 0\rX: 1` },
  { name: 'endless empty lines', raw: '\r\n'.repeat(40_000) },
  { name: 'chunk size not hex', raw: `${OK}Transfer-Encoding: chunked\r\n\r\nzz\r\n` },
  { name: 'empty chunk size', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n\r\nabc\r\n` },
  {
    name: 'whitespace after chunk size',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2 \r\nok\r\n0\r\n\r\n`,
  },
  { name: 'whitespace before ;', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2 ;a\r\nok\r\n0\r\n\r\n` },
  { name: '; without extension', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2;\r\nok\r\n0\r\n\r\n` },
  { name: 'unterminated quoted extension', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2;a="b\r\nok\r\n` },
  { name: 'chunk size above 2^53', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n20000000000000\r\n` },
  { name: 'chunk size with sign', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n-1\r\n` },
  { name: 'space inside chunk size', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n1 0\r\n` },
  { name: 'chunk line bare LF', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n` },
  { name: 'chunk longer than its size', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2\r\nokk\r\n0\r\n\r\n` },
  { name: 'chunk data without CRLF', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2\r\nok\rX0\r\n\r\n` },
  {
    name: 'control char in extension',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2;a\x01\r\nok\r\n0\r\n\r\n`,
  },
  { name: 'endless chunk extension', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(5000)}` },
  { name: 'bad trailer', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n` },
  { name: 'trailer bare LF', raw: `${OK}Transfer-Encoding: chunked\r\n\r\n0\r\nX: 1\n\r\n` },
  { name: '101 Switching Protocols', raw: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n' },
  {
    name: 'close in the middle of a content-length body',
    raw: `${OK}Content-Length: 10\r\n\r\nabc`,
    eof: true,
  },
  {
    name: 'close in the middle of a chunk',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n5\r\nab`,
    eof: true,
  },
  {
    name: 'close before the last chunk',
    raw: `${OK}Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n`,
    eof: true,
  },
  { name: 'close in the middle of the head', raw: `${OK}Content-Len`, eof: true },
  { name: 'close after only a 100 Continue', raw: 'HTTP/1.1 100 Continue\r\n\r\n', eof: true },
];

describe('response parser: valid responses', () => {
  for (const c of valid) {
    test(c.name, () => {
      for (const volatileInput of [false, true]) {
        const out = feed(c.raw, { method: c.method, eof: c.eof, volatileInput });
        assert.equal(out.error, '', `unexpected error: ${out.error}`);
        assert.equal(out.status, c.status ?? 200);
        if (c.body !== undefined) assert.equal(out.body, c.body);
        if (c.headers !== undefined) assert.deepEqual(out.headers, c.headers);
        assert.deepEqual(out.setCookies, c.setCookies ?? []);
        if (c.keepAlive !== undefined) assert.equal(out.keepAlive, c.keepAlive);
        assert.deepEqual(out.trailers, c.trailers);
        assert.equal(out.rest, c.rest ?? 0);
        // Byte by byte gives the same result.
        const splits = Array.from({ length: c.raw.length }, (_, i) => i + 1);
        const split = feed(c.raw, { method: c.method, eof: c.eof, volatileInput, splits });
        assert.deepEqual({ ...split, rest: 0 }, { ...out, rest: 0 });
      }
    });
  }
});

describe('response parser: malformed responses are protocol errors', () => {
  for (const c of malformed) {
    test(c.name, () => {
      for (const splits of [[], [1, 7, 20, 40]]) {
        const out = feed(c.raw, { method: c.method, eof: c.eof, splits });
        assert.notEqual(out.error, '');
        assert.notEqual(out.error, 'incomplete', 'the parser must decide, not wait for more');
      }
    });
  }

  test('a body longer than Content-Length is left over for the connection to reject', () => {
    const out = feed(`${OK}Content-Length: 2\r\n\r\nokEXTRA`);
    assert.equal(out.body, 'ok');
    assert.equal(out.rest, 5);
  });
});

describe('response parser: bodies', () => {
  test('one piece is returned without a copy; many pieces joined once', () => {
    const head = Buffer.from(`${OK}Content-Length: 6\r\n\r\n`);
    const whole = Buffer.concat([head, Buffer.from('abcdef')]);
    assert.equal(feed(whole).body, 'abcdef');
    assert.equal(feed(whole, { splits: [head.length, head.length + 2, head.length + 4] }).body, 'abcdef');
  });

  test('a reused parser (its line cache) follows changed, repeated, reordered and fewer lines', () => {
    const parser = new ResponseParser();
    const v10 = 'HTTP/1.0 200 OK\r\n';
    const responses: Array<[string, Record<string, string>, string[], boolean]> = [
      [
        `${OK}Date: one\r\nX: 1\r\nSet-Cookie: a\r\nContent-Length: 0\r\n\r\n`,
        { date: 'one', x: '1', 'content-length': '0' },
        ['a'],
        true,
      ],
      [
        `${OK}Date: one\r\nX: 1\r\nSet-Cookie: a\r\nContent-Length: 0\r\n\r\n`,
        { date: 'one', x: '1', 'content-length': '0' },
        ['a'],
        true,
      ],
      [
        `${OK}Date: two\r\nX: 1\r\nSet-Cookie: a\r\nContent-Length: 0\r\n\r\n`,
        { date: 'two', x: '1', 'content-length': '0' },
        ['a'],
        true,
      ],
      [
        `${OK}X: 1\r\nDate: two\r\nContent-Length: 0\r\n\r\n`,
        { x: '1', date: 'two', 'content-length': '0' },
        [],
        true,
      ],
      [
        `${OK}X: 1\r\nDate: two\r\nContent-Length: 0\r\nY: 2\r\n\r\n`,
        { x: '1', date: 'two', 'content-length': '0', y: '2' },
        [],
        true,
      ],
      [`${OK}X: 1\r\n\r\n`, { x: '1' }, [], false],
      [`${OK}X: 12\r\nContent-Length: 0\r\n\r\n`, { x: '12', 'content-length': '0' }, [], true],
      [`${OK}X: 12\r\nContent-Length: 0\r\n\r\n`, { x: '12', 'content-length': '0' }, [], true],
      [`${v10}X: 12\r\nContent-Length: 0\r\n\r\n`, { x: '12', 'content-length': '0' }, [], false],
      [`${v10}X: 12\r\nContent-Length: 0\r\n\r\n`, { x: '12', 'content-length': '0' }, [], false],
      [`${OK}X: 12\r\nContent-Length: 0\r\n\r\n`, { x: '12', 'content-length': '0' }, [], true],
      [`${OK}X: 12\r\nContent-Length: 2\r\n\r\nok`, { x: '12', 'content-length': '2' }, [], true],
      [`${OK}X: 12\r\nContent-Length: 2\r\n\r\nok`, { x: '12', 'content-length': '2' }, [], true],
    ];
    for (const [raw, headers, cookies, keepAlive] of responses) {
      parser.reset(false, false);
      const bytes = Buffer.from(raw);
      parser.execute(bytes, 0, bytes.length);
      if (parser.state === ParserState.bodyUntilClose) parser.finishAtEof();
      assert.equal(parser.state, ParserState.done, `${raw}: ${parser.error}`);
      assert.deepEqual(parser.head.headers, headers, raw);
      assert.deepEqual(parser.head.setCookies, cookies, raw);
      assert.equal(parser.keepAlive, keepAlive, raw);
      // shared by the responses that repeat these lines: nobody can change it for the others
      assert.ok(Object.isFrozen(parser.head.headers), raw);
    }
    parser.reset(false, false);
    const bad = Buffer.from(`${OK}X: 1\r\nDate: t\x01o\r\n\r\n`);
    parser.execute(bad, 0, bad.length);
    assert.equal(parser.state, ParserState.error);
  });

  test('a head repeating the last one takes the fast path and is still checked to its blank line', () => {
    const parser = new ResponseParser();
    const first = `${OK}Date: one\r\nX: 1\r\nContent-Length: 2\r\n\r\nok`;
    assert.equal(feed(first, { parser }).error, '');
    const cases: Array<[string, string, Partial<ReturnType<typeof feed>>]> = [
      ['repeated, the next response behind it', `${first}${first}`, { body: 'ok', rest: first.length }],
      [
        'repeated, cut inside the head',
        first,
        { body: 'ok', headers: { date: 'one', x: '1', 'content-length': '2' } },
      ],
      [
        'a line longer than the one cached',
        `${OK}Date: one\r\nX: 12\r\nContent-Length: 2\r\n\r\nok`,
        { headers: { date: 'one', x: '12', 'content-length': '2' } },
      ],
      [
        'a line more',
        `${OK}Date: one\r\nX: 1\r\nContent-Length: 2\r\nY: 2\r\n\r\nok`,
        { headers: { date: 'one', x: '1', 'content-length': '2', y: '2' } },
      ],
      [
        'another status',
        `HTTP/1.1 404 Not Found\r\nDate: one\r\nX: 1\r\nContent-Length: 2\r\n\r\nno`,
        { status: 404, body: 'no' },
      ],
      [
        'HTTP/1.0, same lines',
        `HTTP/1.0 200 OK\r\nDate: one\r\nX: 1\r\nContent-Length: 2\r\n\r\nok`,
        { keepAlive: false },
      ],
    ];
    for (const [name, raw, expected] of cases) {
      const splits = name.includes('cut') ? [OK.length + 5] : [];
      const out = feed(raw, { parser, splits });
      assert.equal(out.error, '', name);
      for (const [key, value] of Object.entries(expected))
        assert.deepEqual(out[key as keyof typeof out], value, name);
      assert.equal(feed(first, { parser }).error, '', name); // the template again
    }
    const bad = `${OK}Date: one\r\nX: 1\r\nContent-Length: 2\r\n\nok`;
    assert.notEqual(feed(bad, { parser, eof: true }).error, '');
  });

  test('parsers sharing templates (one origin, many connections) each read their own framing', () => {
    const templates = new HeadTemplates();
    const a = new ResponseParser(templates);
    const b = new ResponseParser(templates);
    const sized = `${OK}Server: s\r\nContent-Length: 5\r\n\r\nhello`;
    const chunked = `${OK}Server: s\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n`;
    const closing = `HTTP/1.0 200 OK\r\nServer: s\r\n\r\nbye`;
    const order: Array<[ResponseParser, string, string, boolean]> = [
      [a, sized, 'hello', true],
      [b, sized, 'hello', true],
      [b, chunked, 'hi', true],
      [a, chunked, 'hi', true],
      [a, sized, 'hello', true],
      [b, closing, 'bye', false],
      [a, closing, 'bye', false],
      [b, sized, 'hello', true],
    ];
    for (const [parser, raw, body, keepAlive] of order) {
      const outcome = feed(raw, { parser, eof: !keepAlive });
      assert.equal(outcome.error, '', raw);
      assert.equal(outcome.body, body, raw);
      assert.equal(outcome.keepAlive, keepAlive, raw);
      assert.equal(outcome.headers.server, 's');
    }
  });

  test('onChunk gets each body piece, copied out of a reused input buffer, and nothing is kept', () => {
    for (const raw of [
      `${OK}Content-Length: 6\r\n\r\nabcdef`,
      `${OK}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n`,
    ]) {
      const parser = new ResponseParser();
      parser.setVolatileInput(true);
      const pieces: Buffer[] = [];
      parser.reset(false, false, (chunk) => pieces.push(chunk));
      const bytes = Buffer.from(raw, 'latin1');
      const input = Buffer.alloc(bytes.length);
      for (let at = 0; at < bytes.length; at += 4) {
        const end = Math.min(at + 4, bytes.length);
        bytes.copy(input, 0, at, end);
        parser.execute(input, 0, end - at);
        input.fill(0x42); // the reused buffer is overwritten after each read
      }
      assert.equal(parser.state, ParserState.done, raw);
      assert.ok(pieces.length >= 2, raw);
      assert.equal(Buffer.concat(pieces).toString('latin1'), 'abcdef', raw);
      assert.equal(parser.takeBody(), undefined, raw);
      assert.equal(parser.bodyBytes, 6, raw);
    }
  });

  test('discardBody counts the body without keeping it', () => {
    const parser = new ResponseParser();
    parser.reset(false, true);
    const bytes = Buffer.from(`${OK}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`);
    assert.equal(parser.execute(bytes, 0, bytes.length), bytes.length);
    assert.equal(parser.state, ParserState.done);
    assert.equal(parser.bodyBytes, 3);
    assert.equal(parser.bytesReceived, bytes.length);
    assert.equal(parser.takeBody(), undefined);
  });
});
