import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Transport } from '../types.ts';
import { createLeanTransport } from './index.ts';
import { feed } from './parser-harness.ts';
import { OPTIONS, request, TIMEOUTS } from './test-servers.ts';

/**
 * The parser's rules, row by row, each checked three ways on the same bytes: Salvo's parser
 * (whole and byte by byte), Salvo's lean transport and Node's own client (llhttp), both
 * against a raw server on 127.0.0.1 that writes the row. Salvo's verdict (a response or a
 * protocol error) must equal llhttp's, except where a row says why it differs on purpose.
 * The server keeps the connection open unless the row is close-delimited, so a parser that
 * waits instead of deciding shows up as a timeout. The rules are summed up in docs/http.md.
 */

const OK = 'HTTP/1.1 200 OK\r\n';
const CL_OK = `${OK}Content-Length: 2\r\n\r\nok`;
const TE = `${OK}Transfer-Encoding: chunked\r\n\r\n`;
const ERROR = 'error';

interface Row {
  name: string;
  raw: string;
  /** Salvo's verdict: the body of a 200 (or `{ status, body }`), or ERROR. */
  expect: string | { status: number; body: string };
  /** The server closes after the bytes (close-delimited bodies). */
  close?: boolean;
  /** Why llhttp decides otherwise, when it does. */
  differs?: string;
}

const chunked = (line: string): string => `${TE}${line}ok\r\n0\r\n\r\n`;

const rows: Row[] = [
  // Empty lines before a status line (RFC 9112 §2.2), also after a 1xx.
  { name: 'CRLF before the status line', raw: `\r\n${CL_OK}`, expect: 'ok' },
  { name: 'CRLF, CR and LF before the status line', raw: `\r\n\r\n\r\n${CL_OK}`, expect: 'ok' },
  { name: 'CRLF after a 100 Continue', raw: `HTTP/1.1 100 Continue\r\n\r\n\r\n${CL_OK}`, expect: 'ok' },
  {
    name: 'CRLF after a 103 and a 100',
    raw: `HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n\r\n\r\n${CL_OK}`,
    expect: 'ok',
  },
  { name: 'CRLF after a complete body', raw: `${CL_OK}\r\n`, expect: 'ok' },
  { name: 'a space before the status line', raw: ` ${CL_OK}`, expect: ERROR },
  { name: 'a blank-looking line of spaces before it', raw: ` \r\n${CL_OK}`, expect: ERROR },
  // Bare LF and bare CR: refused at once, never waited on.
  {
    name: 'bare LF ending the status line',
    raw: `HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok`,
    expect: ERROR,
  },
  { name: 'bare LF ending every line', raw: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', expect: ERROR },
  { name: 'bare LF ending a header line', raw: `${OK}Content-Length: 2\n\r\nok`, expect: ERROR },
  { name: 'bare LF as the blank line', raw: `${OK}Content-Length: 2\r\n\nok`, expect: ERROR },
  {
    name: 'bare LF between header lines',
    raw: `${OK}X: 1\nY: 2\r\nContent-Length: 2\r\n\r\nok`,
    expect: ERROR,
  },
  { name: 'CR CR LF', raw: `HTTP/1.1 200 OK\r\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  { name: 'bare LF after a chunk size', raw: `${TE}2\nok\r\n0\r\n\r\n`, expect: ERROR },
  { name: 'bare LF after chunk data', raw: `${TE}2\r\nok\n0\r\n\r\n`, expect: ERROR },
  { name: 'bare LF after the last chunk', raw: `${TE}2\r\nok\r\n0\n\r\n`, expect: ERROR },
  { name: 'bare LF ending the trailers', raw: `${TE}2\r\nok\r\n0\r\n\n`, expect: ERROR },
  // Field lines.
  { name: 'obs-fold', raw: `${OK}X-A: v\r\n  more\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  {
    name: 'first field line starting with a space',
    raw: `${OK} X: a\r\nContent-Length: 2\r\n\r\nok`,
    expect: ERROR,
  },
  { name: 'whitespace before the colon', raw: `${OK}X-A : v\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  {
    name: 'whitespace before the colon of Content-Length',
    raw: `${OK}Content-Length : 2\r\n\r\nok`,
    expect: ERROR,
  },
  { name: 'a line without a colon', raw: `${OK}NoColon\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  { name: 'an empty field name', raw: `${OK}: v\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  { name: 'NUL in a value', raw: `${OK}X: a\0b\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  { name: 'bare CR in a value', raw: `${OK}X: a\rb\r\nContent-Length: 2\r\n\r\nok`, expect: ERROR },
  { name: 'a tab before a value', raw: `${OK}X:\tv\r\nContent-Length: 2\r\n\r\nok`, expect: 'ok' },
  // Chunk sizes.
  { name: 'upper-case hex chunk size', raw: `${TE}A\r\n0123456789\r\n0\r\n\r\n`, expect: '0123456789' },
  { name: 'lower-case hex chunk size', raw: `${TE}a\r\n0123456789\r\n0\r\n\r\n`, expect: '0123456789' },
  { name: 'leading zeros', raw: `${TE}0002\r\nok\r\n0000\r\n\r\n`, expect: 'ok' },
  { name: '17 digits, leading zeros', raw: `${TE}00000000000000002\r\nok\r\n0\r\n\r\n`, expect: 'ok' },
  { name: 'space after a chunk size', raw: chunked('2 \r\n'), expect: ERROR },
  { name: 'tab after a chunk size', raw: chunked('2\t\r\n'), expect: ERROR },
  { name: 'space before a chunk size', raw: chunked(' 2\r\n'), expect: ERROR },
  { name: '0x before a chunk size', raw: chunked('0x2\r\n'), expect: ERROR },
  { name: '+ before a chunk size', raw: chunked('+2\r\n'), expect: ERROR },
  { name: 'chunk data longer than its size', raw: `${TE}2\r\nokk\r\n0\r\n\r\n`, expect: ERROR },
  // Chunk extensions.
  { name: '; without an extension', raw: chunked('2;\r\n'), expect: ERROR },
  { name: '; ending the extensions', raw: chunked('2;a=b;\r\n'), expect: ERROR },
  { name: 'space before ;', raw: chunked('2 ;a=b\r\n'), expect: ERROR },
  { name: 'space after ;', raw: chunked('2; a\r\n'), expect: ERROR },
  { name: 'space before =', raw: chunked('2;a =b\r\n'), expect: ERROR },
  { name: 'space inside a token value', raw: chunked('2;a=b c\r\n'), expect: ERROR },
  { name: 'space after a value', raw: chunked('2;a=b \r\n'), expect: ERROR },
  { name: 'an extension name', raw: chunked('2;a\r\n'), expect: 'ok' },
  { name: 'name=value', raw: chunked('2;a=b\r\n'), expect: 'ok' },
  { name: 'two extensions', raw: chunked('2;a=b;c\r\n'), expect: 'ok' },
  { name: ';; (an empty extension)', raw: chunked('2;;a\r\n'), expect: 'ok' },
  { name: 'empty name', raw: chunked('2;=b\r\n'), expect: 'ok' },
  { name: 'empty value', raw: chunked('2;a=\r\n'), expect: 'ok' },
  { name: 'a quoted value with ; and =', raw: chunked('2;a="b;c=d"\r\n'), expect: 'ok' },
  { name: 'a quoted value with an escaped quote', raw: chunked('2;a="b\\"c"\r\n'), expect: 'ok' },
  { name: 'a quoted value with spaces and obs-text', raw: chunked('2;a="b c\xe9"\r\n'), expect: 'ok' },
  { name: 'a control character in a quoted value', raw: chunked('2;a="b\x01"\r\n'), expect: ERROR },
  { name: 'a quoted value running to the line end', raw: chunked('2;a="b\\"\r\n'), expect: ERROR },
  { name: 'text after a quoted value', raw: chunked('2;a="b"c\r\n'), expect: ERROR },
  { name: '== in an extension', raw: chunked('2;a==b\r\n'), expect: ERROR },
  { name: 'obs-text in a name', raw: chunked('2;\xe9\r\n'), expect: ERROR },
  {
    name: 'a quote inside a token value',
    raw: chunked('2;a=b"c"\r\n'),
    expect: ERROR,
    differs:
      'neither a token nor a quoted-string (RFC 9112 §7.1.1): a chunk line read two ways is a smuggling risk',
  },
  { name: 'an extension on the last chunk', raw: `${TE}2\r\nok\r\n0;a=b\r\n\r\n`, expect: 'ok' },
  { name: 'trailers', raw: `${TE}2\r\nok\r\n0\r\nX-T: 1\r\n\r\n`, expect: 'ok' },
  { name: 'obs-fold in the trailers', raw: `${TE}2\r\nok\r\n0\r\nX-T: 1\r\n 2\r\n\r\n`, expect: ERROR },
  { name: 'whitespace before a trailer colon', raw: `${TE}2\r\nok\r\n0\r\nX-T : 1\r\n\r\n`, expect: ERROR },
  // Content-Length.
  { name: 'Content-Length with spaces around', raw: `${OK}Content-Length:   2  \r\n\r\nok`, expect: 'ok' },
  { name: 'Content-Length with a tab', raw: `${OK}Content-Length:\t2\r\n\r\nok`, expect: 'ok' },
  { name: 'Content-Length with leading zeros', raw: `${OK}Content-Length: 002\r\n\r\nok`, expect: 'ok' },
  { name: 'Content-Length with a space inside', raw: `${OK}Content-Length: 1 2\r\n\r\nok`, expect: ERROR },
  { name: 'Content-Length with a sign', raw: `${OK}Content-Length: +2\r\n\r\nok`, expect: ERROR },
  { name: 'Content-Length negative', raw: `${OK}Content-Length: -1\r\n\r\nok`, expect: ERROR },
  { name: 'Content-Length empty', raw: `${OK}Content-Length:\r\n\r\nok`, expect: ERROR, close: true },
  { name: 'Content-Length ending in a comma', raw: `${OK}Content-Length: 2,\r\n\r\nok`, expect: ERROR },
  {
    name: 'Content-Length list of equal values',
    raw: `${OK}Content-Length: 2, 2\r\n\r\nok`,
    expect: 'ok',
    differs:
      'RFC 9110 §8.6 lets a recipient take the one value; the length is not ambiguous (browsers accept it)',
  },
  {
    name: 'Content-Length list of unequal values',
    raw: `${OK}Content-Length: 2, 3\r\n\r\nok`,
    expect: ERROR,
  },
  {
    name: 'Content-Length twice, equal',
    raw: `${OK}Content-Length: 2\r\nContent-Length: 2\r\n\r\nok`,
    expect: 'ok',
    differs:
      'RFC 9110 §8.6 lets a recipient take the one value; the length is not ambiguous (browsers accept it)',
  },
  {
    name: 'Content-Length twice, unequal',
    raw: `${OK}Content-Length: 2\r\nContent-Length: 3\r\n\r\nok`,
    expect: ERROR,
  },
  {
    name: 'Content-Length and Transfer-Encoding',
    raw: `${OK}Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: ERROR,
  },
  // Transfer-Encoding.
  {
    name: 'gzip, chunked',
    raw: `${OK}Transfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: 'ok',
  },
  {
    name: 'Chunked in capitals',
    raw: `${OK}Transfer-Encoding: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: 'ok',
  },
  {
    name: 'gzip and chunked on two lines',
    raw: `${OK}Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: 'ok',
  },
  {
    name: 'chunked, chunked',
    raw: `${OK}Transfer-Encoding: chunked, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: 'ok',
  },
  {
    name: 'an empty list element',
    raw: `${OK}Transfer-Encoding: ,chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
    expect: 'ok',
  },
  {
    name: 'chunked, gzip reads to the close',
    raw: `${OK}Transfer-Encoding: chunked, gzip\r\n\r\nraw`,
    expect: 'raw',
    close: true,
  },
  {
    name: 'chunked, reads to the close',
    raw: `${OK}Transfer-Encoding: chunked,\r\n\r\nraw`,
    expect: 'raw',
    close: true,
  },
  {
    name: 'gzip alone reads to the close',
    raw: `${OK}Transfer-Encoding: gzip\r\n\r\nraw`,
    expect: 'raw',
    close: true,
  },
  {
    name: 'an empty Transfer-Encoding',
    raw: `${OK}Transfer-Encoding:\r\n\r\nraw`,
    expect: ERROR,
    close: true,
  },
  // Status lines.
  { name: 'no reason phrase', raw: 'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok', expect: 'ok' },
  { name: 'an empty reason phrase', raw: 'HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok', expect: 'ok' },
  { name: 'a tab in the reason', raw: 'HTTP/1.1 200 O\tK\r\nContent-Length: 2\r\n\r\nok', expect: 'ok' },
  {
    name: 'obs-text in the reason',
    raw: 'HTTP/1.1 200 caf\xe9\r\nContent-Length: 2\r\n\r\nok',
    expect: 'ok',
  },
  {
    name: 'a tab for the space after the code',
    raw: 'HTTP/1.1 200\tOK\r\nContent-Length: 2\r\n\r\nok',
    expect: ERROR,
  },
  { name: 'HTTP/1.0', raw: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', expect: 'ok' },
  { name: 'HTTP/1.0 to the close', raw: 'HTTP/1.0 200 OK\r\n\r\nok', expect: 'ok', close: true },
  { name: 'HTTP/1.1 to the close', raw: `${OK}\r\nok`, expect: 'ok', close: true },
  {
    name: 'status 404 without reason',
    raw: 'HTTP/1.0 404\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 404, body: 'ok' },
  },
  {
    name: 'status 600',
    raw: 'HTTP/1.1 600 X\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 600, body: 'ok' },
  },
  {
    name: 'status 999',
    raw: 'HTTP/1.1 999 X\r\nContent-Length: 2\r\n\r\nok',
    expect: { status: 999, body: 'ok' },
  },
  { name: 'a 2-digit status', raw: 'HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\nok', expect: ERROR },
  { name: 'a 4-digit status', raw: 'HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok', expect: ERROR },
  {
    name: 'two spaces before the status',
    raw: 'HTTP/1.1  200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: ERROR,
  },
  {
    name: 'status 099',
    raw: 'HTTP/1.1 099 X\r\nContent-Length: 2\r\n\r\nok',
    expect: ERROR,
    differs: 'a status below 100 has no class (RFC 9110 §15); read as interim it would wait for another head',
  },
  { name: 'HTTP/1.2', raw: 'HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok', expect: ERROR },
  {
    name: 'HTTP/2.0',
    raw: 'HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: ERROR,
    differs: 'not HTTP/1.x: whatever answered does not speak HTTP/1.1 framing',
  },
  {
    name: 'HTTP/0.9',
    raw: 'HTTP/0.9 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expect: ERROR,
    differs: 'not HTTP/1.x (HTTP/0.9 has no status line at all)',
  },
  { name: 'http/1.1 in lower case', raw: 'http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', expect: ERROR },
  {
    name: '204 with a Content-Length',
    raw: 'HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\n',
    expect: { status: 204, body: '' },
  },
];

type Verdict = { ok: true; status: number; body: string } | { ok: false; why: string };

function describeVerdict(v: Verdict): string {
  return v.ok ? `${v.status} ${JSON.stringify(v.body)}` : `error (${v.why})`;
}

/** One raw server for every row: `GET /<row index>` gets that row's bytes. */
async function startRowServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (d: Buffer) => {
      buffered += d.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end !== -1; end = buffered.indexOf('\r\n\r\n')) {
        const row = rows[Number(/^GET \/(\d+) /.exec(buffered)?.[1])];
        buffered = buffered.slice(end + 4);
        if (row === undefined) {
          socket.destroy();
          return;
        }
        socket.write(Buffer.from(row.raw, 'latin1'));
        if (row.close === true) socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Node's own client (llhttp) on a fresh connection; a response that never ends is "waits". */
function viaNode(url: string): Promise<Verdict> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (v: Verdict): void => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      req.destroy();
      resolve(v);
    };
    const guard = setTimeout(() => settle({ ok: false, why: 'waits' }), TIMEOUTS.requestMs);
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (piece: string) => (body += piece));
      res.on('end', () => settle({ ok: true, status: res.statusCode ?? 0, body }));
      res.on('error', (e: NodeJS.ErrnoException) => settle({ ok: false, why: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => settle({ ok: false, why: e.code ?? e.message }));
  });
}

async function viaSalvo(transport: Transport, url: string): Promise<Verdict> {
  const r = await transport.request(request(url));
  if (r.error !== undefined) return { ok: false, why: `${r.error.kind}: ${r.error.message}` };
  return { ok: true, status: r.status, body: r.body?.toString('latin1') ?? '' };
}

function expected(row: Row): Verdict {
  if (row.expect === ERROR) return { ok: false, why: '' };
  return typeof row.expect === 'string'
    ? { ok: true, status: 200, body: row.expect }
    : { ok: true, ...row.expect };
}

describe('response parser beside llhttp (Node http), row by row', () => {
  let server: Awaited<ReturnType<typeof startRowServer>>;
  let transport: Transport;
  before(async () => {
    server = await startRowServer();
    transport = createLeanTransport(OPTIONS);
  });
  after(async () => {
    await transport.close();
    await server.close();
  });

  rows.forEach((row, index) => {
    test(row.name, async () => {
      const want = expected(row);
      // The parser alone, whole and byte by byte: decided, never waiting for more.
      const splits = Array.from({ length: row.raw.length }, (_, i) => i + 1);
      for (const options of [{}, { splits }]) {
        const out = feed(row.raw, { eof: row.close, ...options });
        assert.notEqual(out.error, 'incomplete', 'the parser must decide, not wait for more');
        const got: Verdict =
          out.error === '' ? { ok: true, status: out.status, body: out.body } : { ok: false, why: '' };
        if (want.ok) assert.deepEqual(got, want, `parser: ${out.error}`);
        else assert.equal(got.ok, false, `parser accepted ${describeVerdict(got)}`);
      }

      const url = `${server.url}/${index}`;
      const [salvo, node] = await Promise.all([viaSalvo(transport, url), viaNode(url)]);
      if (want.ok) assert.deepEqual(salvo, want, 'lean transport');
      else
        assert.ok(!salvo.ok && salvo.why.startsWith('protocol'), `lean transport: ${describeVerdict(salvo)}`);

      if (row.differs === undefined) {
        assert.equal(
          salvo.ok,
          node.ok,
          `llhttp says ${describeVerdict(node)}, Salvo ${describeVerdict(salvo)}`,
        );
        if (salvo.ok && node.ok) assert.deepEqual(node, salvo, 'llhttp read another status or body');
      } else {
        assert.notEqual(
          salvo.ok,
          node.ok,
          `marked as a difference, but llhttp agrees: ${describeVerdict(node)}`,
        );
      }
    });
  });
});
