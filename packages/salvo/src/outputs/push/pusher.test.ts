import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { freePort } from '../../../../../test/helpers/redis.ts';
import type { ResultsDocument, RunMeta } from '../../results/index.ts';
import { prometheusRemoteWriteOutput } from '../remote-write/index.ts';
import { recordedRun } from '../testing/recorded-run.ts';

/**
 * The push loop's promises, on a real endpoint that fails on purpose: retries with backoff
 * for what may pass later and none for what cannot, failures counted and told once, never
 * fatal, and a last push when the run ends.
 */

const META: RunMeta = {
  testId: 'push-1',
  test: 't.ts',
  startedAt: '2026-11-23T15:00:00.000Z',
  plannedDurationMs: 1000,
  scenarios: ['default'],
};
const RESULTS = {} as ResultsDocument; // end() reads the run from its handle, not the document

/** An endpoint answering each POST with the next status of `statuses` (the last one repeated). */
async function endpoint(statuses: number[]): Promise<{ url: string; posts: () => number; close(): void }> {
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = statuses[Math.min(posts, statuses.length - 1)]!;
      posts++;
      res.end(res.statusCode >= 400 ? 'out of order sample' : '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`,
    posts: () => posts,
    close: () => server.close(),
  };
}

function captured(): { write(text: string): void; lines: string[] } {
  const lines: string[] = [];
  return { write: (text) => void lines.push(text), lines };
}

const view = recordedRun([{ name: '/a', durationUs: 1200 }]);

test('a 503 is retried with backoff; a push that passes on its second try counts no failure', async () => {
  const server = await endpoint([503, 204]);
  const stderr = captured();
  const output = prometheusRemoteWriteOutput(server.url, { intervalMs: 60_000, backoffMs: 10, stderr });
  try {
    await output.start(META);
    output.interval(view);
    await output.end(RESULTS);
    assert.equal(server.posts(), 2, 'the final push and its retry');
    assert.deepEqual({ ...output.stats }, { pushes: 1, failed: 0, retries: 1, lastError: undefined });
    assert.deepEqual(stderr.lines, []);
  } finally {
    server.close();
  }
});

test('a 400 is not retried (the same data would fail again): counted, told once at once and once at the end', async () => {
  const server = await endpoint([400]);
  const stderr = captured();
  const output = prometheusRemoteWriteOutput(server.url, { intervalMs: 50, backoffMs: 10, stderr });
  try {
    await output.start(META);
    output.interval(view);
    const deadline = Date.now() + 10_000;
    while (server.posts() < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await output.end(RESULTS);
    assert.ok(output.stats.pushes >= 4, `${output.stats.pushes} pushes`);
    assert.equal(output.stats.failed, output.stats.pushes);
    assert.equal(output.stats.retries, 0);
    assert.equal(server.posts(), output.stats.pushes);
    assert.deepEqual(stderr.lines, [
      `prometheus-rw: a push to ${server.url} failed: HTTP 400: out of order sample; the test goes on, pushes go on every 0.05 s\n`,
      `prometheus-rw: ${output.stats.pushes} of ${output.stats.pushes} pushes to ${server.url} failed (last: HTTP 400: out of order sample)\n`,
    ]);
  } finally {
    server.close();
  }
});

test('nobody listening: each try fails to connect, the output ends normally after its retries', async () => {
  const url = `http://127.0.0.1:${await freePort()}/api/v1/write`;
  const stderr = captured();
  const output = prometheusRemoteWriteOutput(url, { intervalMs: 60_000, attempts: 3, backoffMs: 10, stderr });
  await output.start(META);
  output.interval(view);
  await output.end(RESULTS);
  assert.deepEqual({ ...output.stats }, { pushes: 1, failed: 1, retries: 2, lastError: 'ECONNREFUSED' });
  assert.equal(stderr.lines.length, 2);
  assert.match(stderr.lines[0]!, /^prometheus-rw: a push to .* failed: ECONNREFUSED\n$/);
});

test("a receiver that never answers holds the end for one attempt's limit, not for every try", async () => {
  let posts = 0;
  const server = createServer(() => void posts++); // takes the request, never answers
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
  const stderr = captured();
  const output = prometheusRemoteWriteOutput(url, {
    intervalMs: 60_000,
    timeoutMs: 300,
    backoffMs: 10,
    stderr,
  });
  try {
    await output.start(META);
    output.interval(view);
    await output.end(RESULTS);
    // before: three tries of 300 ms each (a 3 s run with the default 10 s exited after 36 s)
    assert.equal(posts, 1, 'the last push tries once: its limit is the time the end waits');
    assert.equal(output.stats.failed, 1);
    assert.equal(output.stats.retries, 0);
    assert.match(stderr.lines[0]!, /^prometheus-rw: a push to .* failed: .*(timeout|aborted)/i);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a port fetch refuses to open: its reason told, not only "fetch failed"', async () => {
  const stderr = captured();
  const output = prometheusRemoteWriteOutput('http://127.0.0.1:1/api/v1/write', {
    intervalMs: 60_000,
    attempts: 1,
    stderr,
  });
  await output.start(META);
  output.interval(view);
  await output.end(RESULTS);
  assert.equal(output.stats.lastError, 'fetch failed: bad port');
  // the run's last push is its first: nothing about a test going on
  assert.match(stderr.lines[0]!, /^prometheus-rw: a push to .* failed: fetch failed: bad port\n$/);
});

test('a URL that is not http(s) is a usage error before the run', () => {
  assert.throws(() => prometheusRemoteWriteOutput('localhost:9090'), {
    code: 'SALVO_ERR_USAGE',
    message: /--out prometheus-rw=localhost:9090: the URL must be http:\/\/ or https:\/\//,
  });
  assert.throws(() => prometheusRemoteWriteOutput('not a url'), {
    code: 'SALVO_ERR_USAGE',
    message: /not a URL/,
  });
});
