/**
 * HTTP/2's own behaviour over h2c, against bare node:http2 servers: GOAWAY mid-run (the
 * requests above the last stream id go again, every attempt counted), RST_STREAM with its
 * code, the server's stream limit, flow-control windows smaller than the body, 32 MiB bodies
 * both ways in bounded memory, push refused, and shared sessions. The HTTP/1.1 fallback is
 * in fallback.test.ts.
 */
import assert from 'node:assert/strict';
import type { ServerHttp2Stream } from 'node:http2';
import { describe, test } from 'node:test';
import {
  CONTRACT_TRANSPORTS,
  type ContractTransport,
  countOf,
  rateOf,
  startH2StreamServer,
  withClient,
} from '../testing/index.ts';

/** Both HTTP/2 clients: the lean one (default) and node:http2. */
const H2C: readonly ContractTransport[] = CONTRACT_TRANSPORTS.filter((t) => t.label.startsWith('h2c'));

function answer(stream: ServerHttp2Stream, body = 'ok'): void {
  if (stream.closed) return;
  stream.respond({ ':status': 200 });
  stream.end(body);
}

for (const h2c of H2C) {
  describe(`HTTP/2 faults and limits (${h2c.label})`, () => {
    test('GOAWAY mid-run: streams above the last id go again on a fresh session, each attempt counted', async () => {
      const held: ServerHttp2Stream[] = [];
      let processed = 0;
      let first = true;
      let served = 0;
      const server = await startH2StreamServer({}, (stream, _headers, session) => {
        if (!first || held.length === 0) served++;
        if (!first || served < 50) {
          processed++;
          answer(stream);
          return;
        }
        // The 50th stream of the first session waits until the 3 other VUs' streams are in,
        // then the server says it processed up to the 50th only.
        held.push(stream);
        if (held.length < 4) return;
        first = false;
        const [last, ...above] = held as [ServerHttp2Stream, ...ServerHttp2Stream[]];
        session.goaway(0, last.id as number);
        for (const stream of above) stream.close(7);
        processed++;
        answer(last); // the client closes the session once it is done (a second GOAWAY may not raise the id)
      });
      try {
        await withClient(h2c, {}, async ({ http, snapshot }) => {
          const loop = async () => {
            for (let i = 0; i < 50; i++) {
              const res = await http.get(`${server.url}/`);
              assert.equal(res.status, 200, res.error?.message);
            }
          };
          await Promise.all([loop(), loop(), loop(), loop()]);
          const snap = snapshot();
          const reqs = countOf(snap, 'http_reqs');
          const retries = countOf(snap, 'http_req_retries');
          const { passes, fails } = rateOf(snap, 'http_req_failed');
          assert.equal(passes + fails, 200, 'every request made counted once');
          assert.equal(passes, 0);
          assert.equal(retries, 3, 'the three streams above the last id');
          assert.equal(reqs, passes + fails + retries);
          assert.equal(server.streams(), reqs, 'the server saw every attempt');
          assert.equal(processed, reqs - retries, 'and processed each request once');
          assert.equal(countOf(snap, 'errors', { kind: 'reset' }), 3);
          assert.equal(server.sessions(), 2);
        });
      } finally {
        await server.close();
      }
    });

    test('RST_STREAM: its code in the error; REFUSED_STREAM sent again; a reset mid-body keeps the status', async () => {
      let refusedOnce = false;
      const server = await startH2StreamServer({}, (stream, headers) => {
        const path = headers[':path'] ?? '/';
        const code = Number(new URL(path, 'http://x').searchParams.get('code'));
        if (path.startsWith('/rst-mid-body')) {
          stream.respond({ ':status': 200 });
          stream.write('partial', () => stream.destroy(new Error('mid-body failure'))); // RST INTERNAL_ERROR
        } else if (path.startsWith('/refuse-once') && !refusedOnce) {
          refusedOnce = true;
          stream.close(7);
        } else if (path.startsWith('/rst')) stream.close(code);
        else answer(stream);
      });
      try {
        await withClient(h2c, { baseUrl: server.url }, async ({ http, snapshot }) => {
          const internal = await http.get('/rst?code=2');
          assert.equal(internal.error?.kind, 'reset');
          assert.match(internal.error?.message ?? '', /RST_STREAM INTERNAL_ERROR \(2\)/);
          const protocol = await http.get('/rst?code=1');
          assert.equal(protocol.error?.kind, 'protocol');
          assert.match(protocol.error?.message ?? '', /PROTOCOL_ERROR \(1\)/);
          const refused = await http.post('/refuse-once', 'not processed the first time');
          assert.equal(refused.status, 200, 'a refused stream was not processed: sent again, POST too');
          assert.equal(refused.retries, 1);
          const mid = await http.get('/rst-mid-body');
          assert.equal(mid.status, 200);
          assert.equal(mid.error?.kind, 'reset');
          assert.equal((await http.get('/')).status, 200, 'the session outlives its streams');
          const snap = snapshot();
          assert.equal(countOf(snap, 'http_reqs'), 6);
          assert.equal(countOf(snap, 'http_req_retries'), 1);
          assert.equal(server.sessions(), 1);
        });
      } finally {
        await server.close();
      }
    });

    test('a stream limit of 1: parallel requests wait their turn as blocked time, none refused', async () => {
      let open = 0;
      let peak = 0;
      const server = await startH2StreamServer({ maxConcurrentStreams: 1 }, (stream) => {
        open++;
        peak = Math.max(peak, open);
        stream.on('close', () => open--);
        setTimeout(() => answer(stream), 60);
      });
      try {
        await withClient(h2c, { baseUrl: server.url }, async ({ http, snapshot }) => {
          await http.get('/'); // the session is up and the server's SETTINGS known
          const parallel = await Promise.all([1, 2, 3, 4].map(() => http.get('/')));
          for (const res of parallel) assert.equal(res.status, 200, res.error?.message);
          const blocked = parallel.map((res) => res.timings.blocked).sort((a, b) => a - b);
          assert.ok(
            (blocked[3] as number) >= 100,
            `the last waited for three others: ${blocked.join(', ')} ms`,
          );
          assert.equal(peak, 1);
          assert.equal(server.sessions(), 1);
          assert.equal(countOf(snapshot(), 'http_req_retries'), 0);
        });
      } finally {
        await server.close();
      }
    });

    test('flow-control windows smaller than the body, 32 MiB both ways in bounded memory; push refused', async () => {
      const SIZE = 32 << 20;
      let received = 0;
      let pushAllowed: boolean | undefined;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // The server's window for what the client sends is 16 KiB: the upload moves as it opens.
      const server = await startH2StreamServer({ initialWindowSize: 16 * 1024 }, (stream, headers) => {
        pushAllowed = stream.pushAllowed;
        if (headers[':method'] === 'POST') {
          let bytes = 0;
          stream.on('data', (data: Buffer) => {
            bytes += data.length;
          });
          stream.on('end', () => {
            received = bytes;
            answer(stream, String(bytes));
          });
          return;
        }
        stream.respond({ ':status': 200, 'content-length': String(SIZE) });
        let sent = 0;
        const pump = (): void => {
          while (sent < SIZE) {
            sent += chunk.length;
            if (sent >= SIZE) stream.end(chunk);
            else if (!stream.write(chunk)) {
              stream.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      try {
        await withClient(h2c, { baseUrl: server.url }, async ({ http }) => {
          // Downloaded and dropped as it arrives: resident memory grows by far less than the body.
          const baseline = process.memoryUsage().rss;
          let peak = baseline;
          const sampler = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage().rss);
          }, 5);
          try {
            const down = await http.get('/big', { discardBody: true });
            assert.equal(down.status, 200, down.error?.message);
            assert.ok(down.timings.receiving > 0);
            assert.ok(down.timings.duration > 0);
          } finally {
            clearInterval(sampler);
          }
          const grownMiB = (peak - baseline) / (1 << 20);
          assert.ok(grownMiB < 24, `32 MiB downloaded with ${grownMiB.toFixed(1)} MiB more resident memory`);
          // Uploaded from the caller's buffer (no copy), 16 KiB at a time as the server's window opens.
          const up = await http.post('/upload', Buffer.alloc(SIZE, 'u'));
          assert.equal(up.status, 200, up.error?.message);
          assert.equal(up.text(), String(SIZE));
          assert.equal(received, SIZE);
          assert.ok(up.timings.sending > 0);
          assert.equal(pushAllowed, false, 'the client refuses server push (SETTINGS_ENABLE_PUSH 0)');
        });
      } finally {
        await server.close();
      }
    });

    test('shared sessions: the VUs of a runner share them, streamsPerSession each', async () => {
      const server = await startH2StreamServer({}, (stream) => setTimeout(() => answer(stream), 30));
      try {
        // the VUs of a run share one plan: one TLS options object, which keys the shared sessions
        const shared = {
          baseUrl: server.url,
          tls: { insecureSkipVerify: false },
          http2Sessions: { shared: true, streamsPerSession: 2 },
        };
        const vus = [1, 2, 3, 4, 5, 6].map(
          () =>
            new Promise<void>((resolve, reject) => {
              withClient(h2c, shared, async ({ http }) => {
                for (let i = 0; i < 5; i++) assert.equal((await http.get('/')).status, 200);
              }).then(resolve, reject);
            }),
        );
        await Promise.all(vus);
        assert.equal(server.sessions(), 3, 'six VUs, two streams a session');
        assert.equal(server.streams(), 30);
      } finally {
        await server.close();
      }
    });

    test('shared sessions: an interrupted VU ends its own streams, the others carry on', async () => {
      const server = await startH2StreamServer({}, (stream) => setTimeout(() => answer(stream), 300));
      try {
        const shared = {
          baseUrl: server.url,
          tls: { insecureSkipVerify: false },
          http2Sessions: { shared: true, streamsPerSession: 10 },
        };
        const stop = new AbortController();
        const stopped = withClient(
          h2c,
          shared,
          async ({ http }) => {
            setTimeout(() => stop.abort(), 100);
            const res = await http.get('/');
            assert.equal(res.error?.kind, 'interrupted');
          },
          { signal: stop.signal },
        );
        const going = withClient(h2c, shared, async ({ http }) => {
          for (let i = 0; i < 2; i++) assert.equal((await http.get('/')).status, 200);
        });
        await Promise.all([stopped, going]);
        assert.equal(server.sessions(), 1);
      } finally {
        await server.close();
      }
    });
  });
}
