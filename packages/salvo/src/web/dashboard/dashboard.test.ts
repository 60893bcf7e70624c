import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import { jsonOutput } from '../../outputs/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { startDashboard } from './server.ts';
import { connectSse, type SseEvent, send } from './testing/sse-client.ts';

/** The dashboard with a real run on loopback: what browsers get, and who may stop the run. */

let server: TestServer;
const files = testFiles();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

/** Three request names every iteration, a threshold on one, for `duration`. */
const THREE_NAMES = (duration: string) => `
  export default defineTest({
    vus: 2, duration: '${duration}',
    http: { baseUrl: '${server.url}' },
    thresholds: { 'http_req_duration{name:/b}': ['p(95)<5000'] },
    exec: async (vu) => {
      await vu.http.get('/a');
      await vu.http.get('/b');
      await vu.http.get('/c');
      await vu.sleep(0.01);
    },
  });`;

type Json = unknown[] | { [key: string]: Json } | unknown;

/** Appends a tick's columns to what a page has: a column first seen is padded with null. */
function appendColumns(into: Record<string, Json>, more: Record<string, Json>, length: number): void {
  for (const [key, value] of Object.entries(more)) {
    if (Array.isArray(value)) {
      const column = (into[key] ??= new Array(length).fill(null)) as unknown[];
      column.push(...value);
    } else appendColumns((into[key] ??= {}) as Record<string, Json>, value as Record<string, Json>, length);
  }
}

function count(event: SseEvent, key: string): number {
  return event.data.metrics[key].values.count;
}

test('a browser gets a snapshot, then a tick a second with growing figures, then the end: the JSON output’s document', async () => {
  const dashboard = await startDashboard({ port: 0 });
  const json = join(files.dir, 'live.json');
  const early = await connectSse(`${dashboard.url}events`);
  const started = await startTestFile(files, THREE_NAMES('4s'), {
    outputs: [dashboard.output, jsonOutput(json)],
  });
  try {
    // connected before anything merged: the snapshot comes with the first second
    const snapshot = await early.next();
    assert.equal(snapshot.type, 'snapshot');
    const doc = snapshot.data.doc;
    assert.equal(doc.meta.state, 'running');
    assert.equal(doc.meta.test, started.path);
    assert.deepEqual(Object.keys(doc.options.scenarios), ['default'], 'the plan, as the document has it');
    assert.equal(doc.series.t.length, 1);
    const ticks = [await early.next('tick'), await early.next('tick')];
    for (const tick of ticks) {
      assert.ok(tick.data.series.t.length >= 1, 'each tick carries its new second(s) only');
      assert.deepEqual(Object.keys(tick.data.series.byName).sort(), ['/a', '/b', '/c']);
    }
    assert.ok(count(ticks[0]!, 'http_reqs') > doc.metrics.http_reqs.values.count, 'the figures grow');
    assert.ok(count(ticks[1]!, 'http_reqs') > count(ticks[0]!, 'http_reqs'));
    assert.ok(count(ticks[1]!, 'http_req_duration{name:/a}') > 0, 'per-name keys, as the document has');
    const threshold = ticks[1]!.data.metrics['http_req_duration{name:/b}'].thresholds['p(95)<5000'];
    assert.equal(threshold.ok, true);
    assert.ok(threshold.actual > 0, 'the threshold as evaluated so far');

    // a browser that connects late gets the history so far in its snapshot
    const late = await connectSse(`${dashboard.url}events`);
    const lateSnapshot = await late.next();
    assert.equal(lateSnapshot.type, 'snapshot');
    const seen = [...doc.series.t, ...ticks.flatMap((tick) => tick.data.series.t)];
    assert.ok(lateSnapshot.data.doc.series.t.length >= seen.length, 'no second missing');
    assert.deepEqual(lateSnapshot.data.doc.series.t.slice(0, seen.length), seen);

    await started.running.done;
    const [end, lateEnd] = [await early.next('end'), await late.next('end')];
    assert.deepEqual(end.data.doc, JSON.parse(readFileSync(json, 'utf8')), 'the end is the results document');
    assert.deepEqual(lateEnd.data.doc, end.data.doc);
    assert.equal(dashboard.ended, true);

    // the snapshot and every tick add up to the run's whole series, column by column
    const built = structuredClone(doc.series);
    for (const event of early.events.slice(1))
      if (event.type === 'tick') appendColumns(built, event.data.series, built.t.length);
    // but for the saturated flags: a stretch found later marks its earlier seconds too (the
    // ticks' `generator.saturated` stretches say so); a tick never marks a second the end does not
    const final = end.data.doc.series;
    const saturated: boolean[] = built.generator.saturated;
    assert.ok(saturated.every((flag, second) => !flag || final.generator.saturated[second]));
    built.generator.saturated = final.generator.saturated;
    assert.deepEqual(built, final);

    // a browser that comes after the end gets the end at once
    const afterEnd = await connectSse(`${dashboard.url}events`);
    assert.equal((await afterEnd.next()).type, 'end');
    afterEnd.close();
    late.close();
  } finally {
    early.close();
    await dashboard.close();
  }
  await early.ended;
});

/** The page's stop token: the page has it in its options (web/contract.ts PageOptions). */
async function stopToken(url: string): Promise<string> {
  const page = await send(url);
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'] ?? '', /^text\/html/);
  assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  const token = /"stopToken":"([\w-]+)"/.exec(page.body)?.[1];
  assert.ok(token, 'the page carries the token');
  return token;
}

test('POST /stop is refused without the token, from another origin or site, or by another Host; with them it stops gracefully', async () => {
  const dashboard = await startDashboard({ port: 0 });
  const started = await startTestFile(files, THREE_NAMES('60s'), { outputs: [dashboard.output] });
  const events = await connectSse(`${dashboard.url}events`);
  try {
    await events.next('snapshot');
    const origin = dashboard.url.slice(0, -1);
    const host = new URL(dashboard.url).host;
    const token = await stopToken(dashboard.url);
    const stop = (headers: Record<string, string>) =>
      send(`${dashboard.url}stop`, { method: 'POST', headers: { host, ...headers } });
    const refusals: [string, Record<string, string>][] = [
      ['no token', { origin }],
      ['a wrong token', { origin, 'x-salvo-stop': `${token.slice(1)}x` }],
      ['no Origin', { 'x-salvo-stop': token }],
      ['a foreign Origin', { origin: 'http://evil.example', 'x-salvo-stop': token }],
      ['another site', { origin, 'x-salvo-stop': token, 'sec-fetch-site': 'cross-site' }],
      ['a sibling site', { origin, 'x-salvo-stop': token, 'sec-fetch-site': 'same-site' }],
      // DNS rebinding: evil.example resolved to 127.0.0.1, so its page is "same-origin"
      [
        'another Host',
        {
          host: `evil.example:${new URL(origin).port}`,
          origin: 'http://evil.example',
          'x-salvo-stop': token,
        },
      ],
    ];
    for (const [what, headers] of refusals) {
      const answer = await stop(headers);
      assert.equal(answer.status, 403, `${what}: ${answer.body}`);
    }
    // a rebound name cannot read the page (and its token) or the stream either
    for (const path of ['', 'events', 'metrics'])
      assert.equal(
        (await send(`${dashboard.url}${path}`, { headers: { host: 'evil.example' } })).status,
        403,
      );
    assert.equal((await send(`${dashboard.url}stop`)).status, 405, 'GET /stop');

    const tickAfterRefusals = await events.next('tick');
    assert.equal(tickAfterRefusals.data.meta.state, 'running', 'the run goes on');

    const accepted = await stop({ origin, 'x-salvo-stop': token, 'sec-fetch-site': 'same-origin' });
    assert.equal(accepted.status, 202, accepted.body);
    const { exitCode, results } = await started.running.done;
    assert.equal(results.meta.outcome, 'interrupted');
    assert.equal(results.meta.reason, 'stopped from the dashboard');
    assert.equal(exitCode, 2);
    assert.ok(results.meta.durationMs < 20_000, `stopped after ${results.meta.durationMs} ms`);
    assert.equal((await events.next('end')).data.doc.meta.outcome, 'interrupted');
    assert.equal((await stop({ origin, 'x-salvo-stop': token })).status, 409, 'nothing left to stop');
  } finally {
    events.close();
    await dashboard.close();
  }
});

test('a dashboard answers on its loopback names; a port in use is a SALVO_ERR_OUTPUT', async () => {
  const dashboard = await startDashboard({ port: 0 });
  try {
    const { port } = new URL(dashboard.url);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      assert.equal((await send(dashboard.url, { headers: { host } })).status, 200, host);
    assert.equal(
      (await send(dashboard.url, { headers: { host: `localhost:${Number(port) + 1}` } })).status,
      403,
    );
    const metrics = await send(`${dashboard.url}metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers['content-type'] ?? '', /^text\/plain; version=0\.0\.4/);
    await assert.rejects(startDashboard({ port: Number(port) }), {
      code: 'SALVO_ERR_OUTPUT',
      message: new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`),
    });
  } finally {
    await dashboard.close();
  }
});
