import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LiveMessage } from '../contract.ts';
import { type Chromium, chromiumMissing, launchChromium, screenshot } from '../testing/chromium.ts';
import { renderPage } from './render-page.ts';
import { syntheticDocument } from './testing/synthetic-document.ts';

/**
 * The page in live mode against a loopback server that speaks the contract (web/contract.ts):
 * a snapshot, ticks appended (a request name that starts late included), the stop button
 * (asks first, then POSTs the token), then the end. The real server is web/dashboard/.
 */

/** The series' entries from `from` to `to` (every array sliced, objects kept). */
function sliceColumns(value: unknown, from: number, to: number): unknown {
  if (Array.isArray(value)) return value.slice(from, to);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sliceColumns(v, from, to)]));
  return value;
}

type Server = { targets: unknown[]; series: { points: [number, number][] }[] };

/** The document's server points from `fromMs` up to `toMs`, as a tick (or snapshot) has them. */
function serverPart(doc: object, toMs: number, fromMs = 0): Server {
  const { targets, series } = (doc as { server: Server }).server;
  return {
    targets,
    series: series.map((s) => ({ ...s, points: s.points.filter(([t]) => t >= fromMs && t < toMs) })),
  };
}

// The page's CSP allows no eval, so a string predicate fails once Playwright polls it: the
// waits are self-contained functions, run in the page.
type PageDocument = {
  querySelector(selector: string): { textContent: string | null; disabled?: boolean } | null;
};
const stateIncludes = (text: string): boolean =>
  (
    (globalThis as unknown as { document: PageDocument }).document.querySelector('#state')?.textContent ?? ''
  ).includes(text);
const stopDisabled = (): boolean =>
  (globalThis as unknown as { document: PageDocument }).document.querySelector('#stop')?.disabled === true;

describe('the live page in Chromium', { skip: chromiumMissing() }, () => {
  let chromium: Chromium;
  before(async () => {
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
  });

  test('draws the snapshot, appends ticks, stops on confirm with the token, shows the end', async () => {
    const doc = syntheticDocument({ seconds: 6, names: 1, server: true });
    // the server section is typed by the scrape work (results/server.ts); here it is data
    const serverUntil = (toMs: number, fromMs = 0) => ({ server: serverPart(doc, toMs, fromMs) }) as object;
    const names = Object.keys(doc.series.byName);
    const late = names.at(-1)!;
    const { testId, test: testName, startedAt } = doc.meta;
    const running = {
      testId,
      test: testName,
      startedAt,
      plannedDurationMs: 6000,
      scenarios: ['readers'],
      state: 'running' as const,
    };
    const { histograms: _h, ...withoutHistograms } = doc;
    const snapshotSeries = sliceColumns(doc.series, 0, 3) as typeof doc.series;
    delete snapshotSeries.byName[late]; // this name's first request comes in a tick
    const snapshot: LiveMessage = {
      type: 'snapshot',
      doc: { ...withoutHistograms, meta: running, series: snapshotSeries, ...serverUntil(3000) },
    };
    const tickSeries = sliceColumns(doc.series, 3, 5) as typeof doc.series;
    const tickMetrics = {
      ...doc.metrics,
      http_reqs: { type: 'counter' as const, contains: 'default' as const, values: { count: 4242, rate: 1 } },
    };
    const tick: LiveMessage = {
      type: 'tick',
      meta: { ...running, state: 'stopping' },
      series: tickSeries,
      metrics: tickMetrics,
      errors: doc.errors,
      checks: doc.checks,
      generator: doc.generator,
      ...serverUntil(5000, 3000),
    };

    const streams: ServerResponse[] = [];
    const stops: (string | undefined)[] = [];
    const html = renderPage({
      mode: 'live',
      eventsPath: '/events',
      stopPath: '/stop',
      stopToken: 'secret-1',
    });
    const send = (message: LiveMessage) => {
      for (const res of streams) res.write(`event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`);
    };
    const server = createServer((req, res) => {
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        streams.push(res);
        res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
      } else if (req.url === '/stop' && req.method === 'POST') {
        stops.push(req.headers['x-salvo-stop'] as string | undefined);
        res.writeHead(202).end();
      } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = await chromium.context();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-ready]');
      assert.match((await page.textContent('#state')) ?? '', /live · 0:03 of 0:06/);
      assert.equal(await page.isVisible('#stop'), true);

      send(tick);
      await page.waitForFunction(stateIncludes, '0:05');
      assert.match((await page.textContent('#state')) ?? '', /stopping/);
      assert.match((await page.textContent('#panel-overview .cards')) ?? '', /4,242/);
      await page.click('#tab-requests');
      const shown = await page.$$eval('#panel-requests tbody td:first-child', (tds) =>
        tds.map((td) => td.textContent),
      );
      assert.deepEqual(shown.sort(), names.sort(), 'the name first seen in a tick has its row');
      await page.click('#tab-overview');
      await screenshot(page, 'live-overview');
      await page.click('#tab-server');
      assert.equal(await page.locator('#panel-server .uplot').count(), 4, 'the scraped series, drawn live');
      await page.click('#tab-overview');

      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await page.click('#stop');
      await page.waitForFunction(stopDisabled);
      assert.match(asked, /Stop the test\?/);
      for (let i = 0; i < 100 && stops.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(stops, ['secret-1']);

      send({ type: 'end', doc });
      await page.waitForSelector('#stop', { state: 'hidden' });
      assert.match((await page.textContent('#state')) ?? '', /thresholds crossed · 6\.0 s/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      for (const res of streams) res.end();
      server.close();
    }
  });
});
