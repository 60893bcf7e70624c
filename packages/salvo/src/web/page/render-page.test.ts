import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sampleDocument } from '../../outputs/testing/sample-document.ts';
import { renderPage, scriptJson } from './render-page.ts';
import { HOSTILE_NAME, syntheticDocument } from './testing/synthetic-document.ts';

/** The text of `<script ... id="ID">…</script>` in `html`. */
function scriptById(html: string, id: string): string {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  assert.ok(match, `#${id} is in the page`);
  return match[1]!;
}

test('user text cannot close the data element: < is written \\u003c and the JSON reads back the same', () => {
  const value = { name: '</script><script>alert(1)</script><!--', other: 'a<b' };
  const json = scriptJson(value);
  assert.doesNotMatch(json, /</);
  assert.deepEqual(JSON.parse(json), value);
});

test('the report holds the whole document, which reads back equal, and the hostile name only escaped', () => {
  const doc = syntheticDocument({ seconds: 5, names: 2 });
  const html = renderPage({ mode: 'report', doc });
  assert.deepEqual(JSON.parse(scriptById(html, 'salvo-doc')), JSON.parse(JSON.stringify(doc)));
  assert.equal(html.includes(HOSTILE_NAME), false, 'the raw name never appears in the HTML');
  assert.equal(html.includes('<img'), false);
  const distributions = JSON.parse(scriptById(html, 'salvo-distributions'));
  assert.equal(
    distributions.http_req_duration.counts.reduce((a: number, b: number) => a + b, 0),
    (doc.metrics.http_req_duration!.values as { count: number }).count,
    'every request is in one bar of the distribution',
  );
});

test('only the page and uPlot scripts may run: the CSP lists their hashes and allows no network in a report', () => {
  const html = renderPage({ mode: 'report', doc: sampleDocument({ openModel: false, passed: true }) });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((m) => m[1]!);
  assert.equal(scripts.length, 2);
  for (const script of scripts) {
    const hash = createHash('sha256').update(script).digest('base64');
    assert.ok(csp.includes(`'sha256-${hash}'`), 'each inline script is allowed by its hash');
  }
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
  assert.doesNotMatch(html, /<(link|img|iframe)\b|src="http|href="http/);
});

test('the same document renders the same bytes, also after a JSON round trip (as salvo report reads it)', () => {
  const doc = syntheticDocument({ seconds: 30, names: 3, openModel: true });
  const first = renderPage({ mode: 'report', doc });
  const reread = renderPage({ mode: 'report', doc: JSON.parse(JSON.stringify(doc)) });
  assert.equal(reread, first);
});

test('the live page carries its stream, stop path and token, no data, and may talk to its own server only', () => {
  const html = renderPage({ mode: 'live', eventsPath: '/events', stopPath: '/stop', stopToken: 'tok"<' });
  assert.deepEqual(JSON.parse(scriptById(html, 'salvo-config')), {
    mode: 'live',
    eventsPath: '/events',
    stopPath: '/stop',
    stopToken: 'tok"<',
  });
  assert.equal(html.includes('id="salvo-doc"'), false);
  assert.match(html, /connect-src 'self'/);
});
