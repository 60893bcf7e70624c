import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { renderPage } from '../web/page/index.ts';
import { chromiumMissing, launchChromium } from '../web/testing/chromium.ts';
import { startCountingServer } from './testing/counting-server.ts';

test('the report shows injected failures apart: the errors table says which, the faults table per name, the errors chart per second', {
  skip: chromiumMissing(),
}, async () => {
  const server = await startCountingServer();
  const files = testFiles();
  const dir = mkdtempSync(join(tmpdir(), 'salvo-faults-report-'));
  const chromium = await launchChromium();
  try {
    const started = await startTestFile(
      files,
      `export default defineTest({ vus: 4, iterations: 200, http: { baseUrl: '${server.url}' },
        exec: async (vu) => { await vu.http.get('/api/posts/' + vu.iteration); },
        faults: [{ kind: 'http-error', status: 503, share: 0.5 }] });`,
    );
    await started.running.done;
    const file = join(dir, 'report.html');
    writeFileSync(file, renderPage({ mode: 'report', doc: started.results() }));
    const page = await (await chromium.context()).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready]');
    await page.click('#tab-errors');
    const text = (await page.textContent('#panel-errors')) ?? '';
    assert.match(text, /Faults injected \(proxy 127\.0\.0\.1:\d+ in front of http:\/\/127\.0\.0\.1:\d+\)/);
    assert.match(text, /real \(not injected\)/);
    assert.match(text, /http-error#0http-error200\d+/, 'the fault with the proxy counts');
    assert.match(text, /Injected/);
    assert.match(text, /http_5xx\/api\/posts\/:id\d+http-error/);
    // the errors chart, per second: real and injected failures apart
    assert.match(text, /Errors per second by kind; failures real and injected/);
    assert.match(text, /real failures/);
    assert.match(text, /injected failures/);
    const overview = (await page.textContent('#panel-overview')) ?? '';
    assert.match(overview, /injected failures/);
    assert.deepEqual(problems, []);
  } finally {
    await chromium.close();
    await server.close();
    files.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});
