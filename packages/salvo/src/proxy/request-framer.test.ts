import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestFramer, type RequestSink } from './request-framer.ts';

/** Feeds `input` cut into pieces at every `step` bytes; returns what the sink saw, joined per request. */
function frame(input: string, step: number): { requests: string[]; raw: string } {
  const requests: string[] = [];
  let current = '';
  let raw = '';
  const sink: RequestSink = {
    head: (method, target, head) => {
      current = `${method} ${target}|${head.toString('latin1')}`;
    },
    body: (chunk) => {
      current += chunk.toString('latin1');
    },
    end: () => {
      requests.push(current);
      current = '';
    },
    raw: (chunk) => {
      raw += chunk.toString('latin1');
    },
  };
  const framer = new RequestFramer(sink);
  const bytes = Buffer.from(input, 'latin1');
  for (let at = 0; at < bytes.length; at += step) framer.push(bytes.subarray(at, at + step));
  return { requests, raw };
}

const GET = 'GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n';
const POST = 'POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello';
const CHUNKED =
  'PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n';

test('pipelined requests of every framing are found whole, however the bytes are cut', () => {
  const input = GET + POST + CHUNKED + GET;
  for (const step of [1, 2, 3, 7, 16, 64, input.length]) {
    const { requests, raw } = frame(input, step);
    assert.deepEqual(
      requests,
      [`GET /a?x=1|${GET}`, `POST /b|${POST}`, `PUT /c|${CHUNKED}`, `GET /a?x=1|${GET}`],
      `cut every ${step} bytes`,
    );
    assert.equal(raw, '');
  }
});

test('what is not HTTP/1.x, and what follows an Upgrade, passes through as raw bytes', () => {
  assert.deepEqual(frame('\x16\x03\x01 TLS hello\r\n\r\nmore', 4), {
    requests: [],
    raw: '\x16\x03\x01 TLS hello\r\n\r\nmore',
  });
  const upgrade = 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';
  const { requests, raw } = frame(`${upgrade}\x81\x05frame`, 5);
  assert.deepEqual(requests, []);
  assert.equal(raw, '\x81\x05frame');
});
