import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../http/testing/index.ts';
import { startTestFile } from '../../run/testing/started-test-file.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { type Chromium, chromiumMissing, launchChromium, screenshot } from '../testing/chromium.ts';
import { startDashboard } from './server.ts';

/**
 * The live dashboard end to end: a real run on loopback, its dashboard server, and the page
 * in Debian's Chromium. The page's figures move while the run goes on, and once it ends they
 * are the results document's (what the summary prints from).
 */

let server: TestServer;
let chromium: Chromium | undefined;
const files = testFiles();
before(async () => {
  server = await startTestServer();
  if (!chromiumMissing()) chromium = await launchChromium();
});
after(async () => {
  await chromium?.close();
  await server.close();
  files.remove();
});

/** The overview's cards as label → value text. */
async function cards(page: import('playwright-core').Page): Promise<Record<string, string>> {
  const pairs = await page.$$eval('#panel-overview .card', (nodes) =>
    nodes.map((node) => [
      node.querySelector('.label')?.textContent ?? '',
      node.querySelector('.value')?.textContent ?? '',
    ]),
  );
  return Object.fromEntries(pairs);
}

const asCount = (text: string | undefined): number => Number((text ?? '').replace(/[^\d]/g, ''));

test('the live page in Chromium follows a real run and ends on its final figures', {
  skip: chromiumMissing(),
}, async () => {
  const dashboard = await startDashboard({ port: 0 });
  const context = await chromium!.context();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    const started = await startTestFile(
      files,
      `export default defineTest({
        vus: 2, duration: '4s',
        http: { baseUrl: '${server.url}' },
        thresholds: { http_req_duration: ['p(95)<5000'] },
        exec: async (vu) => { await vu.http.get('/items/' + vu.iteration); await vu.sleep(0.02); },
      });`,
      { outputs: [dashboard.output] },
    );
    await page.goto(dashboard.url);
    await page.waitForSelector('body[data-ready]');
    // two readings a second or more apart, while the run goes on: the count grows (the
    // page's CSP allows no eval: the waits are functions, run in the page)
    const shownAbove = (below: number): boolean => {
      const { document } = globalThis as unknown as {
        document: { querySelector(selector: string): { textContent: string | null } | null };
      };
      const text = document.querySelector('#panel-overview .card:nth-child(2) .value')?.textContent ?? '';
      return Number(text.replace(/[^0-9]/g, '')) > below;
    };
    await page.waitForFunction(shownAbove, 0);
    const first = asCount((await cards(page)).Requests);
    await page.waitForFunction(shownAbove, first, { timeout: 10_000 });
    assert.ok(first > 0, `requests shown early: ${first}`);
    await screenshot(page, 'dashboard-live-running');

    await started.running.done;
    const doc = started.results();
    await page.waitForSelector('#stop', { state: 'hidden' });
    const final = await cards(page);
    const requests = (doc.metrics.http_reqs!.values as { count: number }).count;
    assert.equal(asCount(final.Requests), requests, JSON.stringify(final));
    assert.match(final.Outcome ?? '', /passed/);
    assert.equal(final.Thresholds, '1/1 passed');
    await screenshot(page, 'dashboard-live-ended');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await dashboard.close();
  }
});
