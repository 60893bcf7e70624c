import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  openOffline,
  screenshot,
} from '../../web/testing/chromium.ts';
import { cacheDocument, capacityDocument, HOSTILE_NAME, sweepDocument } from '../testing/suite-documents.ts';
import { renderSuitePage, type SuiteDocument } from './index.ts';

/**
 * Each suite's report in Debian's headless Chromium, from file:// with every network
 * request refused: its charts draw, its tables fill, user text stays text, no console error.
 * Screenshots go to test-artifacts/ for a person to look at.
 */
describe('the suite reports in Chromium', { skip: chromiumMissing() }, () => {
  let chromium: Chromium;
  let dir: string;
  before(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'salvo-suite-page-'));
  });
  after(async () => {
    await chromium?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, () => SuiteDocument, number, RegExp][] = [
    ['sweep', sweepDocument, 2, /Knee at 20 VUs[\s\S]*USL: λ = 400/],
    [
      'cache',
      cacheDocument,
      1,
      /500x[\s\S]*95 % interval 410x to 560x[\s\S]*cold request failed: http_5xx: <b>500<\/b>/,
    ],
    ['capacity', capacityDocument, 2, /57\.5 req\/s[\s\S]*SLO: response_time p\(99\)<500/],
  ];
  for (const [name, make, charts, text] of cases) {
    test(`${name}: charts, tables and user text as text, with no network and no error`, async () => {
      const file = join(dir, `${name}.html`);
      writeFileSync(file, renderSuitePage(make()));
      const { page, network, problems } = await openOffline(chromium, file);
      assert.equal(await page.locator('.uplot canvas').count(), charts);
      const body = (await page.locator('main').textContent()) ?? '';
      assert.match(body, text);
      // the hostile name is shown as the text it is, in the header or the tables
      assert.ok(((await page.locator('body').textContent()) ?? '').includes(HOSTILE_NAME));
      assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
      if (name === 'sweep') {
        // the throughput chart: a line per endpoint, its USL fit, and its knee marked
        const legend = (await page.locator('.u-legend').first().textContent()) ?? '';
        for (const series of ['GET /', 'GET / USL fit', 'GET / knee (20 VUs)', `${HOSTILE_NAME} USL fit`]) {
          assert.ok(legend.includes(series), `${series} in ${legend}`);
        }
      }
      assert.equal(await page.locator('main img').count(), 0);
      assert.deepEqual([network, problems], [[], []]);
      await screenshot(page, `suite-${name}`);
      await page.context().close();
    });
  }
});
