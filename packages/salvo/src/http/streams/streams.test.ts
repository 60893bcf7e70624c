import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeHistogram } from '../../metrics/hdr-encoding.ts';
import type { SeriesSnapshot } from '../../metrics/types.ts';
import {
  CONTRACT_TRANSPORTS,
  type ContractTransport,
  countOf,
  rateOf,
  seriesOf,
  withClient,
} from '../testing/index.ts';
import type { SseEvent } from './sse-parser.ts';
import { SSE_EXPECTED, SSE_FIXTURE } from './testing/sse-fixture.ts';
import { type StreamProtocol, type StreamServer, startStreamServer } from './testing/stream-server.ts';

/** The stream server speaking what the transport speaks. */
function protocolOf(transport: ContractTransport): StreamProtocol {
  if (transport.name !== 'h2') return 'http1';
  return transport.defaults.http2 === 'h2c' ? 'h2c' : 'h2';
}

/** Values in the (one) series of a trend. */
function trendCount(series: readonly SeriesSnapshot[]): number {
  return series.reduce((sum, s) => sum + decodeHistogram(s.histogram!).totalCount, 0);
}

for (const transport of CONTRACT_TRANSPORTS) {
  describe(`streams on the ${transport.label} transport`, () => {
    let server: StreamServer;
    before(async () => {
      server = await startStreamServer(protocolOf(transport));
    });
    after(() => server.close());

    test('SSE written a byte at a time parses exactly; metrics count every event and byte', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const stream = http.sse(`${server.url}/fixture`);
        const events: SseEvent[] = [];
        for await (const event of stream) events.push(event);
        assert.deepEqual(events, SSE_EXPECTED);
        assert.equal(stream.outcome, 'closed');
        assert.equal((await stream.response).status, 200);
        const s = snapshot();
        assert.equal(countOf(s, 'stream_events', { name: '/fixture' }), SSE_EXPECTED.length);
        assert.equal(countOf(s, 'stream_bytes'), Buffer.byteLength(SSE_FIXTURE));
        assert.equal(countOf(s, 'streams', { outcome: 'closed' }), 1);
        assert.equal(trendCount(seriesOf(s, 'stream_time_to_first_event')), 1);
        assert.equal(trendCount(seriesOf(s, 'stream_duration')), 1);
        assert.equal(countOf(s, 'http_reqs'), 1);
      });
    });

    test('reconnects with Last-Event-ID after the server closes, after its retry delay', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        server.resumeIds.length = 0;
        const stream = http.sse(`${server.url}/resume`, { reconnect: 1 });
        const seen: string[] = [];
        for await (const event of stream) seen.push(`${event.id}:${event.data}`);
        assert.deepEqual(seen, ['1:a', '2:b', '3:c']);
        assert.deepEqual(server.resumeIds, ['', '2']);
        assert.equal(stream.outcome, 'closed');
        const s = snapshot();
        assert.equal(countOf(s, 'stream_reconnects'), 1);
        assert.equal(countOf(s, 'http_reqs'), 2);
        assert.equal(countOf(s, 'streams'), 1, 'one stream across its reconnection');
      });
    });

    test('lastEventId resumes a stream seen before: Last-Event-ID on the first request', async () => {
      await withClient(transport, {}, async ({ http }) => {
        server.resumeIds.length = 0;
        const stream = http.sse(`${server.url}/resume`, { lastEventId: '2' });
        const seen: string[] = [];
        for await (const event of stream) seen.push(`${event.id}:${event.data}`);
        assert.deepEqual(seen, ['3:c']);
        assert.deepEqual(server.resumeIds, ['2']);
      });
    });

    test('a done predicate and a break both end the stream as done', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const byPredicate = http.sse(`${server.url}/fixture`, { done: (e) => e.event === 'end' });
        const events: SseEvent[] = [];
        for await (const event of byPredicate) events.push(event);
        assert.deepEqual(events, SSE_EXPECTED, 'the last event is delivered');
        assert.equal(byPredicate.outcome, 'done');
        await byPredicate.response;
        const broken = http.sse(`${server.url}/fixture`);
        for await (const event of broken) if (event.event === 'update') break;
        assert.equal(broken.outcome, 'done');
        assert.equal(broken.events >= 2, true);
        await broken.response;
        assert.equal(countOf(snapshot(), 'streams', { outcome: 'done' }), 2);
      });
    });

    test('leaving an endless stream cuts its connection; the request is not failed; the client goes on', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const closedBefore = server.foreverClosed.count;
        const stream = http.sse(`${server.url}/forever`);
        const seen: string[] = [];
        for await (const event of stream) {
          seen.push(event.data);
          if (seen.length === 3) break;
        }
        assert.deepEqual(seen, ['0', '1', '2']);
        assert.equal(stream.outcome, 'done');
        const response = await stream.response;
        assert.equal(response.ok, true);
        assert.equal(response.status, 200);
        for (let i = 0; i < 100 && server.foreverClosed.count === closedBefore; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(server.foreverClosed.count, closedBefore + 1, 'the server saw the client go');
        const next = http.sse(`${server.url}/fixture`);
        let events = 0;
        for await (const _ of next) events++;
        assert.equal(events, SSE_EXPECTED.length, 'the next stream on this VU runs as usual');
        const s = snapshot();
        assert.deepEqual(rateOf(s, 'http_req_failed'), { passes: 0, fails: 2 });
        assert.equal(countOf(s, 'streams', { outcome: 'done' }), 1);
      });
    });

    test('an error status ends as error, with the body kept for the message', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const stream = http.sse(`${server.url}/error`, { reconnect: 3 });
        for await (const _ of stream) assert.fail('no events in a JSON error body');
        assert.equal(stream.outcome, 'error');
        assert.match(stream.bodyHead, /overloaded/);
        assert.equal((await stream.response).status, 500);
        const s = snapshot();
        assert.equal(countOf(s, 'http_reqs'), 1, 'no reconnection after an HTTP error');
        assert.equal(countOf(s, 'streams', { outcome: 'error' }), 1);
      });
    });

    test('a response that is not an event stream ends as error, not reconnected, and says so', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const stream = http.sse(`${server.url}/page`, { reconnect: 3, reconnectDelay: 0 });
        for await (const _ of stream);
        assert.equal(stream.outcome, 'error');
        assert.equal(stream.error, 'not an event stream: HTTP 200, content-type "text/html"');
        const s = snapshot();
        assert.equal(countOf(s, 'http_reqs'), 1, 'no reconnection');
        assert.equal(countOf(s, 'streams', { outcome: 'error' }), 1);
      });
    });

    test('a silent stream ends as timeout', async () => {
      await withClient(transport, {}, async ({ http, snapshot }) => {
        const stream = http.sse(`${server.url}/stall`, { timeout: { body: 300 } });
        const data: string[] = [];
        for await (const event of stream) data.push(event.data);
        assert.deepEqual(data, ['only']);
        assert.equal(stream.outcome, 'timeout');
        assert.equal(countOf(snapshot(), 'streams', { outcome: 'timeout' }), 1);
      });
    });

    test('NDJSON values split across pieces, ended by a done predicate', async () => {
      await withClient(transport, {}, async ({ http }) => {
        const stream = http.ndjson<{ n: number; done?: boolean }>(`${server.url}/ndjson`, {
          done: (v) => v.done === true,
        });
        const values: number[] = [];
        for await (const value of stream) values.push(value.n);
        assert.deepEqual(values, [1, 2, 3]);
        assert.equal(stream.outcome, 'done');
        await stream.response;
      });
    });
  });
}

test('time to first event and gaps follow the server timing (generous bounds)', async () => {
  const server = await startStreamServer();
  await withClient(CONTRACT_TRANSPORTS[1]!, {}, async ({ http, snapshot }) => {
    const stream = http.sse(`${server.url}/timed?n=4&first=200&gap=100`);
    let count = 0;
    for await (const _ of stream) count++;
    assert.equal(count, 4);
    const s = snapshot();
    const first = seriesOf(s, 'stream_time_to_first_event')[0]!;
    const gaps = seriesOf(s, 'stream_event_gap')[0]!;
    const firstHist = decodeHistogram(first.histogram!);
    const gapHist = decodeHistogram(gaps.histogram!);
    assert.equal(gapHist.totalCount, 3);
    assert.ok(firstHist.min >= 190_000, `first event after ${firstHist.min} µs`);
    assert.ok(firstHist.valueAt(100) < 3_000_000);
    assert.ok(gapHist.min >= 90_000, `smallest gap ${gapHist.min} µs`);
  }).finally(() => server.close());
});
