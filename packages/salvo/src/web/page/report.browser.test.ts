import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  openOffline,
  screenshot,
} from '../testing/chromium.ts';
import { renderPage } from './render-page.ts';
import { HOSTILE_NAME, syntheticDocument, UNICODE_NAME } from './testing/synthetic-document.ts';

/**
 * The report in Debian's headless Chromium, from file:// with every network request
 * refused: each tab shows its content, the charts have drawn, nothing ran from user text,
 * no console error. Screenshots go to test-artifacts/ for a person to look at.
 */

const TABS = ['overview', 'requests', 'latency', 'errors', 'thresholds', 'server', 'run'] as const;
/** Far above the ~1 s a one-hour report takes to draw on a busy 2-core machine. */
const ONE_HOUR_LOAD_LIMIT_MS = 10_000;

/** The uPlot canvases in the visible panel, with their drawn size. */
function visibleCanvases(page: Page) {
  return page.$$eval('section.panel:not([hidden]) .uplot canvas', (canvases) =>
    canvases.map((c) => {
      const { width, height } = c as unknown as { width: number; height: number };
      return { width, height };
    }),
  );
}

describe('the HTML report in Chromium', { skip: chromiumMissing() }, () => {
  let chromium: Chromium;
  let dir: string;

  before(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'salvo-report-'));
  });
  after(async () => {
    await chromium?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('opens from file:// with no network, every tab draws, user text stays text', async () => {
    const doc = syntheticDocument({ seconds: 120, names: 6, openModel: true, server: true });
    const file = join(dir, 'report.html');
    writeFileSync(file, renderPage({ mode: 'report', doc }));
    const { page, network, problems } = await openOffline(chromium, file);

    for (const tab of TABS) {
      await page.click(`#tab-${tab}`);
      const panel = page.locator(`#panel-${tab}`);
      assert.equal(await panel.isVisible(), true, `${tab} is shown`);
      const canvases = await visibleCanvases(page);
      if (tab === 'requests')
        assert.equal(await panel.locator('canvas.spark').count(), 8, 'a sparkline a name');
      else if (tab !== 'thresholds') assert.ok(canvases.length > 0, `${tab} has charts`);
      for (const canvas of canvases) assert.ok(canvas.width > 0 && canvas.height > 0, `${tab}: a chart drew`);
      await screenshot(page, `report-${tab}`);
    }

    await page.click('#tab-requests');
    const names = await page.$$eval('#panel-requests tbody td:first-child', (tds) =>
      tds.map((td) => td.textContent),
    );
    assert.equal(names.length, 8);
    assert.ok(names.includes(HOSTILE_NAME), 'the hostile name is shown as text');
    assert.ok(names.includes(UNICODE_NAME));
    assert.equal(
      await page.$$eval('#panel-requests img', (imgs) => imgs.length),
      0,
      'no element from a name',
    );
    assert.equal(await page.evaluate('window.__xss'), undefined);

    // sortable: by name, ascending, then descending
    await page.click('#panel-requests th:first-child');
    const ascending = await page.$$eval('#panel-requests tbody td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => a.localeCompare(b)),
    );
    await page.click('#panel-requests th:first-child');
    const descending = await page.$$eval('#panel-requests tbody td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    assert.deepEqual(descending, [...ascending].reverse());

    await page.click('#tab-thresholds');
    const states = await page.$$eval('#panel-thresholds tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.deepEqual(states.map(([key, expression, state]) => `${key} ${expression} ${state}`).sort(), [
      'http_req_duration p(95)<50 passed',
      'http_req_duration{name:/never} p(99)<100 no data',
      'http_req_failed rate<0.01 failed',
    ]);
    await page.click('#tab-server');
    assert.equal(
      await page.locator('#panel-server .uplot').count(),
      4,
      'a chart per metric, figure and unit',
    );
    assert.match((await page.textContent('#panel-server')) ?? '', /connection refused <b>/);
    await page.click('#tab-errors');
    assert.match((await page.textContent('#panel-errors')) ?? '', /tests\/synthetic\.ts:31:27/);

    assert.deepEqual(network, [], 'no request left the file');
    assert.deepEqual(problems, [], 'no console error or warning');
    await page.context().close();
  });

  test('dark and on a phone: the charts fit the screen', async () => {
    const doc = syntheticDocument({ seconds: 60, names: 3 });
    const file = join(dir, 'phone.html');
    writeFileSync(file, renderPage({ mode: 'report', doc }));
    const { page, problems } = await openOffline(chromium, file, { phone: true, dark: true });
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, 'rgb(16, 19, 26)', 'the dark palette');
    const widest = await page.$$eval('.uplot', (plots) =>
      Math.max(...plots.map((p) => p.getBoundingClientRect().right)),
    );
    assert.ok(widest <= 390, `charts end within the 390 px screen (${widest})`);
    await screenshot(page, 'report-overview-phone-dark');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('a one-hour run at one-second resolution, 20 names: its size and time to draw', async () => {
    const doc = syntheticDocument({ seconds: 3600, names: 20, openModel: true });
    const file = join(dir, 'hour.html');
    writeFileSync(file, renderPage({ mode: 'report', doc }));
    const bytes = statSync(file).size;
    const { page, readyMs, problems } = await openOffline(chromium, file);
    const canvases = await visibleCanvases(page);
    assert.ok(canvases.length >= 5);
    process.stdout.write(
      `# one-hour report: ${(bytes / 1e6).toFixed(1)} MB, charts drawn ${readyMs.toFixed(0)} ms after navigation\n`,
    );
    assert.ok(bytes < 8e6, `${bytes} bytes`);
    assert.ok(readyMs < ONE_HOUR_LOAD_LIMIT_MS, `${readyMs} ms`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
