import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { syntheticDocument } from './testing/synthetic-document.ts';
import { HOSTILE_MODEL, STREAMS, withStreams } from './testing/synthetic-streams.ts';

/**
 * The report's Streams tab in Debian's headless Chromium: the client's stream and LLM
 * figures beside the service's kept model histograms, from file:// with no network, user
 * text (a label value) kept as text, the charts drawn; and no tab for a run without streams.
 */

const rows = (page: Page, selector: string) =>
  page.$$eval(selector, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );

describe('the report’s Streams tab in Chromium', { skip: chromiumMissing() }, () => {
  let chromium: Chromium;
  let dir: string;

  before(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'salvo-streams-report-'));
  });
  after(async () => {
    await chromium?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the client’s figures, the service’s kept timings beside them, and their charts', async () => {
    const doc = withStreams(syntheticDocument({ seconds: 60, names: 3, server: true }));
    const file = join(dir, 'streams.html');
    writeFileSync(file, renderPage({ mode: 'report', doc }));
    const { page, network, problems } = await openOffline(chromium, file);

    const tabs = await page.$$eval('#tabs button', (buttons) => buttons.map((b) => b.textContent));
    assert.deepEqual(tabs.slice(0, 4), ['Overview', 'Requests', 'Latency', 'Streams']);
    await page.click('#tab-streams');
    const panel = page.locator('#panel-streams');
    assert.equal(await panel.isVisible(), true);

    const cards = await page.$$eval('#panel-streams .card', (els) =>
      els.map((el) => [...el.children].map((child) => child.textContent).join(' | ')),
    );
    assert.ok(cards.includes(`Streams | ${STREAMS} | 39 done · 1 error`), cards.join('\n'));
    assert.ok(cards.includes('First event p50 | 200 ms | p95 200 ms'), cards.join('\n'));
    // 40 streams × 61 events over 40 × 2 s open
    assert.ok(cards.includes('Events/s per stream | 30.5 | events ÷ time open'), cards.join('\n'));
    assert.ok(cards.includes('LLM calls | 10 | 10 usage'), cards.join('\n'));
    assert.ok(cards.includes('Goodput | 90.00 % | 9 calls met every SLO'), cards.join('\n'));

    const client = await rows(page, '#panel-streams [data-key="stream-client"] tbody tr');
    assert.deepEqual(
      client.map((row) => row[0]),
      [
        'stream_time_to_first_event',
        'stream_event_gap',
        'stream_duration',
        'llm_ttft',
        'llm_tpot',
        'llm_tokens_per_second',
        'draft_tokens_per_second',
      ],
    );
    assert.deepEqual(client[0]!.slice(2), ['40', '200 ms', '200 ms', '200 ms', '1.00 s', '1.00 s']);
    assert.deepEqual(client[5]!.slice(2, 4), ['10', '54']);
    assert.deepEqual(client[6]!.slice(1, 4), ['the test’s own trend', '3', '31']);

    const server = await rows(page, '#panel-streams [data-key="stream-server"] tbody tr');
    assert.deepEqual(server, [
      [`ai_time_to_first_token_seconds{model="${HOSTILE_MODEL}"}`, '40', '180 ms', '240 ms', '248 ms'],
      [
        `ai_generation_seconds{model="${HOSTILE_MODEL}",outcome="success"}`,
        '40',
        '2.10 s',
        '2.45 s',
        '2.49 s',
      ],
    ]);
    assert.equal(await page.evaluate('window.__xss'), undefined, 'a label value stays text');
    assert.equal(await panel.locator('img').count(), 0);

    const canvases = await page.$$eval('#panel-streams .uplot canvas', (els) =>
      els.map((c) => (c as unknown as { width: number }).width),
    );
    // a chart per kept histogram (its p50/p95/p99), and the distribution and spectrum of TTFE and TTFT
    assert.equal(await panel.locator('.uplot').count(), 2 + 4);
    assert.ok(
      canvases.every((width) => width > 0),
      'every chart drew',
    );
    await screenshot(page, 'report-streams');
    assert.deepEqual(network, []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('a run that scraped nothing says how to put the service’s timings beside; one without streams has no tab', async () => {
    const streamed = withStreams(syntheticDocument({ seconds: 10, names: 1 }));
    const file = join(dir, 'no-server.html');
    writeFileSync(file, renderPage({ mode: 'report', doc: streamed }));
    const first = await openOffline(chromium, file);
    await first.page.click('#tab-streams');
    assert.match((await first.page.textContent('#panel-streams')) ?? '', /Scrape the service’s \/metrics/);
    assert.deepEqual(first.problems, []);
    await first.page.context().close();

    const plain = join(dir, 'plain.html');
    writeFileSync(plain, renderPage({ mode: 'report', doc: syntheticDocument({ seconds: 10, names: 1 }) }));
    const second = await openOffline(chromium, plain);
    assert.equal(await second.page.locator('#tab-streams').count(), 0);
    assert.deepEqual(second.problems, []);
    await second.page.context().close();
  });
});
