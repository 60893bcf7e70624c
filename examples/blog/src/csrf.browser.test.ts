import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page, Response } from 'playwright-core';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
} from '../../../packages/salvo/src/web/testing/chromium.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, startStack } from './testing.ts';

/** Pages of "another site" on another port of 127.0.0.1, each trying to write to the blog. */
function attackerPages(blogUrl: string): Record<string, string> {
  const form = (action: string, fields: Record<string, string>, enctype = '') =>
    `<form method="post" action="${blogUrl}${action}" ${enctype}>${Object.entries(fields)
      .map(([name, value]) => `<input name="${name}" value="${value}">`)
      .join('')}</form><script>document.forms[0].submit()</script>`;
  const post = { title: 'Forged', body: 'Posted by another page' };
  return {
    '/form-new': form('/new', post),
    '/form-new-stolen-token': form('/new', { ...post, _csrf: 'guessed-token' }),
    '/form-api-urlencoded': form('/api/posts', post),
    '/form-api-text': form(
      '/api/posts',
      { '{"title":"Forged","body":"x","pad":"': '"}' },
      'enctype="text/plain"',
    ),
    '/form-generate': form('/generate-blog', { title: 'Forged draft' }),
    // fetch without CORS: the request is sent (with the cookie), its answer is opaque.
    '/fetch-no-cors': `<script>
      fetch('${blogUrl}/api/posts', { method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'content-type': 'text/plain' }, body: JSON.stringify(${JSON.stringify(post)}) })
        .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
    </script>`,
  };
}

async function serveAttacker(pages: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body === undefined ? 'not found' : `<!doctype html><html><body>${body}</body></html>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("CSRF in a real Chromium: another port of 127.0.0.1 writing with the user's cookie", {
  skip: chromiumMissing(),
}, () => {
  let chromium: Chromium;
  let stack: Stack;
  let attacker: { url: string; server: Server };
  let page: Page;
  let alice: Client;
  const postCount = async (): Promise<number> =>
    (await alice.request('GET', '/api/posts')).json<{ total: number }>().total;

  before(async () => {
    stack = await startStack({ seed: true });
    attacker = await serveAttacker(attackerPages(stack.url));
    chromium = await launchChromium();
    page = await (await chromium.context()).newPage();
    // The user logs in through the blog's own page: the browser holds the session cookie.
    await page.goto(`${stack.url}/login`);
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', SEED_PASSWORD);
    await Promise.all([page.waitForURL(`${stack.url}/`), page.click('button[type=submit]')]);
    alice = new Client(stack.url);
    await alice.login('alice', SEED_PASSWORD);
  });
  after(async () => {
    await chromium?.close();
    attacker?.server.close();
    await stack?.close();
  });

  test('every forged write is refused, though the browser sends the session cookie', async () => {
    const before = await postCount();
    const forged: { path: string; status: number; cookie: boolean; site: string | undefined }[] = [];
    // Every answer the blog gave this browser to a POST (a no-cors fetch's answer is opaque to the
    // page, and Chromium then cancels the load, but the answer came: the listener sees it).
    const onResponse = async (response: Response): Promise<void> => {
      const request = response.request();
      if (!request.url().startsWith(stack.url) || request.method() !== 'POST') return;
      const headers = await request.allHeaders();
      forged.push({
        path: new URL(request.url()).pathname,
        status: response.status(),
        cookie: (headers.cookie ?? '').includes('sid='),
        site: headers['sec-fetch-site'],
      });
    };
    page.on('response', (response) => void onResponse(response));
    for (const path of Object.keys(attackerPages(stack.url))) {
      await page.goto(`${attacker.url}${path}`);
      if (path === '/fetch-no-cors') await page.waitForFunction("document.title !== ''");
      else await page.waitForURL((url) => url.href.startsWith(stack.url));
      await page.waitForLoadState('load');
    }
    for (let i = 0; i < 100 && forged.length < 6; i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.equal(forged.length, 6, JSON.stringify(forged));
    for (const attempt of forged) assert.equal(attempt.status, 403, JSON.stringify(attempt));
    // The form posts are top-level navigations: Chromium reports what it sent. (For the opaque
    // no-cors fetch it does not, once it has cancelled the load.)
    const navigations = forged.filter((attempt) => attempt.site !== undefined);
    assert.equal(navigations.length, 5, JSON.stringify(forged));
    for (const attempt of navigations) {
      assert.equal(attempt.cookie, true, `SameSite=Lax let the cookie through: ${JSON.stringify(attempt)}`);
      assert.equal(attempt.site, 'same-site', 'another port is the same site, not the same origin');
    }
    assert.equal(await postCount(), before, 'no post was created');
  });

  test("the blog's own form, in the same browser, still publishes", async () => {
    const before = await postCount();
    await page.goto(`${stack.url}/new`);
    await page.fill('input[name=title]', 'Written in Chromium');
    await page.fill('textarea[name=body]', 'Through the blog page, with its token');
    await Promise.all([page.waitForURL(/\/post\/\d+$/), page.click('form[action="/new"] button')]);
    assert.equal(await postCount(), before + 1);
  });
});
