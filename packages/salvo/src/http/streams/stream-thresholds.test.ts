import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { type TestFiles, testFiles } from '../../run/testing/test-files.ts';
import { SSE_EXPECTED, SSE_FIXTURE } from './testing/sse-fixture.ts';
import { type StreamServer, startStreamServer } from './testing/stream-server.ts';

let server: StreamServer;
let files: TestFiles;
before(async () => {
  server = await startStreamServer();
  files = testFiles();
});
after(async () => {
  files.remove();
  await server.close();
});

test('thresholds gate on stream metrics: counts by outcome, first event, gaps, duration, events and bytes', async () => {
  const fixtureBytes = 4 * Buffer.byteLength(SSE_FIXTURE);
  const started = await startTestFile(
    files,
    `export default defineTest({
      http: { baseUrl: '${server.url}' },
      scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 2, maxDuration: '30s', exec: async (vu) => {
        for await (const _ of vu.http.sse('/timed?n=3&first=50&gap=20')) {}
        for await (const _ of vu.http.sse('/fixture')) {}
        for await (const _ of vu.http.sse('/error')) {}
        for await (const _ of vu.http.sse('/stall', { timeout: { body: 100 } })) {}
      } } },
      thresholds: {
        'stream_events{name:/fixture}': ['count==${4 * SSE_EXPECTED.length}'],
        'streams{outcome:closed}': ['count==8'],
        'streams{outcome:error}': ['count<1'],
        'stream_time_to_first_event{name:/timed}': ['p(95)<5000', 'min>=45'],
        'stream_event_gap{name:/timed}': ['count==8'],
        'stream_duration{name:/timed}': ['min>=85'],
        'stream_bytes{name:/fixture}': ['count==${fixtureBytes}'],
        stream_events: ['rate>0'],
        stream_bytes: ['rate>0'],
        'streams{outcome:timeout}': ['count==4'],
      },
    });`,
  );
  await started.running.done;
  const doc = started.results();
  const ok = (key: string, expression: string) => doc.metrics[key]?.thresholds?.[expression]?.ok;
  assert.equal(ok(`stream_events{name:/fixture}`, `count==${4 * SSE_EXPECTED.length}`), true);
  assert.equal(ok('streams{outcome:closed}', 'count==8'), true);
  assert.equal(ok('streams{outcome:error}', 'count<1'), false, 'four /error streams');
  assert.equal(ok('stream_time_to_first_event{name:/timed}', 'p(95)<5000'), true);
  assert.equal(ok('stream_time_to_first_event{name:/timed}', 'min>=45'), true);
  assert.equal(ok('stream_event_gap{name:/timed}', 'count==8'), true);
  assert.equal(ok('stream_duration{name:/timed}', 'min>=85'), true, 'first after 50 ms, two gaps of 20');
  assert.equal(ok('stream_bytes{name:/fixture}', `count==${fixtureBytes}`), true);
  assert.equal(ok('stream_events', 'rate>0'), true);
  assert.equal(ok('stream_bytes', 'rate>0'), true);
  assert.equal(ok('streams{outcome:timeout}', 'count==4'), true);
  assert.equal(doc.meta.outcome, 'thresholds_crossed');
  assert.equal(doc.meta.exitCode, 99);
});
