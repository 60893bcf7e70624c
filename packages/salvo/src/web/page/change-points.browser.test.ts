import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResultsDocument } from '../../results/index.ts';
import { type Chromium, chromiumMissing, launchChromium, screenshot } from '../testing/chromium.ts';
import { renderPage } from './render-page.ts';
import { syntheticDocument } from './testing/synthetic-document.ts';

/** The report marks the run's change points: a line of text, and dashed lines on the time charts. */
describe('change points in the HTML report', { skip: chromiumMissing() }, () => {
  let chromium: Chromium;
  let dir: string;
  before(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'salvo-change-points-'));
  });
  after(async () => {
    await chromium?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The first latency chart's pixels, and the change-point note's text. */
  async function latencyTab(doc: ResultsDocument, name: string) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, renderPage({ mode: 'report', doc }));
    const context = await chromium.context();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready]');
    await page.click('#tab-latency');
    const pixels = await page.$eval('#panel-latency .uplot canvas', (canvas) =>
      (canvas as unknown as { toDataURL(): string }).toDataURL(),
    );
    const note =
      (await page.locator('#change-points').count()) === 0
        ? undefined
        : await page.textContent('#change-points');
    await screenshot(page, `report-latency-${name}`);
    await context.close();
    return { pixels, note, problems };
  }

  test('named above the charts and drawn on them', async () => {
    const plain = syntheticDocument({ seconds: 60, names: 2 });
    const marked: ResultsDocument = {
      ...plain,
      changePoints: [
        { series: 'p95', atMs: 20_000, before: 12, after: 30 },
        { series: 'error_rate', name: '/api/resource-1/:id', atMs: 41_000, before: 0, after: 0.25 },
      ],
    };
    const without = await latencyTab(plain, 'no-change-points');
    const withMarks = await latencyTab(marked, 'change-points');
    assert.equal(without.note, undefined);
    assert.match(withMarks.note ?? '', /all requests: p95 12(\.0)? ms → 30(\.0)? ms at t=0:20/);
    assert.match(withMarks.note ?? '', /\/api\/resource-1\/:id: error rate 0\.00 % → 25\.00 % at t=0:41/);
    assert.notEqual(withMarks.pixels, without.pixels, 'the dashed lines changed the chart');
    assert.deepEqual([...without.problems, ...withMarks.problems], []);
  });
});
