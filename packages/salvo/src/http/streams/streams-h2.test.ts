import assert from 'node:assert/strict';
import { createSecureServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { CONTRACT_TRANSPORTS, countOf, selfSignedCert, withClient } from '../testing/index.ts';
import type { SseEvent } from './sse-parser.ts';
import { SSE_EXPECTED, SSE_FIXTURE } from './testing/sse-fixture.ts';

let server: Http2Server;
let url: string;
const versions: string[] = [];

before(async () => {
  server = createSecureServer({ ...selfSignedCert(), allowHTTP1: false }, (req, res) => {
    versions.push(req.httpVersion);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const bytes = Buffer.from(SSE_FIXTURE);
    let i = 0;
    const next = (): void => {
      if (i >= bytes.length) {
        res.end();
        return;
      }
      res.write(bytes.subarray(i, i + 3));
      i += 3;
      setImmediate(next);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/fixture`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('SSE over HTTP/2 (undici, ALPN h2): the same events, a stream per request', async () => {
  const undici = CONTRACT_TRANSPORTS.find((t) => t.name === 'undici')!;
  await withClient(undici, { http2: true, tls: { insecureSkipVerify: true } }, async ({ http, snapshot }) => {
    for (let round = 0; round < 2; round++) {
      const events: SseEvent[] = [];
      const stream = http.sse(url);
      for await (const event of stream) events.push(event);
      assert.deepEqual(events, SSE_EXPECTED);
      assert.equal(stream.outcome, 'closed');
    }
    assert.equal(countOf(snapshot(), 'streams', { outcome: 'closed' }), 2);
  });
  assert.deepEqual(versions, ['2.0', '2.0']);
});
