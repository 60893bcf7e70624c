import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, startStack } from './testing.ts';

const SCRIPT = '<script>alert("x")</script>';

describe('server-rendered pages', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ seed: true });
  });
  after(() => stack.close());

  test('home and post pages escape user HTML', async () => {
    const author = new Client(stack.url);
    await author.login('alice', SEED_PASSWORD);
    const created = await author.request('POST', '/api/posts', {
      json: { title: `Title ${SCRIPT}`, body: `Body ${SCRIPT} & "quotes"` },
    });
    const { post } = created.json<{ post: { id: number } }>();
    for (const path of ['/', `/post/${post.id}`]) {
      const page = await new Client(stack.url).request('GET', path);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(!page.text.includes(SCRIPT), `${path} must not contain raw user HTML`);
      assert.ok(
        page.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'),
        `${path} shows it escaped`,
      );
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    }
    const asOwner = await author.request('GET', `/post/${post.id}`);
    assert.match(asOwner.text, /action="\/post\/\d+\/delete"/, 'the author sees edit and delete');
    const asOther = await new Client(stack.url).request('GET', `/post/${post.id}`);
    assert.doesNotMatch(asOther.text, /\/delete"/);
  });

  test('forms: register, publish, edit and delete through urlencoded posts', async () => {
    const browser = new Client(stack.url);
    const registered = await browser.request('POST', '/register', {
      form: { username: 'hank', password: 'pages-password' },
    });
    assert.equal(registered.status, 303);
    assert.ok(browser.cookie, 'registering logs in');
    const published = await browser.request('POST', '/new', {
      form: { title: 'From a form', body: 'Typed by hand' },
    });
    assert.equal(published.status, 303);
    const location = published.headers.get('location') ?? '';
    assert.match(location, /^\/post\/\d+$/);
    const edited = await browser.request('POST', `${location}/edit`, {
      form: { title: 'Edited form', body: 'New' },
    });
    assert.equal(edited.status, 303);
    assert.match((await browser.request('GET', location)).text, /Edited form/);
    assert.equal((await browser.request('POST', `${location}/delete`, { form: {} })).status, 303);
    assert.equal((await browser.request('GET', location)).status, 404);
    assert.equal((await browser.request('POST', '/logout', { form: {} })).status, 303);
    assert.equal(browser.cookie, undefined, 'logout clears the cookie');
  });

  test('form validation re-renders the form with a 400 and the reason', async () => {
    const browser = new Client(stack.url);
    const short = await browser.request('POST', '/register', {
      form: { username: 'ivy', password: 'short' },
    });
    assert.equal(short.status, 400);
    assert.match(short.text, /class="error"[^>]*>[^<]*password/);
    const evil = await browser.request('POST', '/register', {
      form: { username: SCRIPT, password: 'long-enough-pw' },
    });
    assert.equal(evil.status, 400);
    assert.ok(!evil.text.includes(SCRIPT), 'the echoed username is escaped');
    await browser.login('bob', SEED_PASSWORD);
    const empty = await browser.request('POST', '/new', { form: { title: '', body: 'b' } });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /title/);
  });

  test('login page: wrong password 401, right one sets the cookie', async () => {
    const browser = new Client(stack.url);
    const wrong = await browser.request('POST', '/login', {
      form: { username: 'bob', password: 'nope-nope' },
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /Invalid username or password/);
    const right = await browser.request('POST', '/login', {
      form: { username: 'bob', password: SEED_PASSWORD },
    });
    assert.equal(right.status, 303);
    assert.match((await browser.request('GET', '/')).text, /bob \(author\)/);
  });

  test('anonymous 401, reader 403, missing post 404, as HTML pages', async () => {
    const anonymous = new Client(stack.url);
    const newPage = await anonymous.request('GET', '/new');
    assert.equal(newPage.status, 401);
    assert.match(newPage.text, /Log in first/);
    assert.equal((await anonymous.request('GET', '/generate')).status, 401);
    const reader = new Client(stack.url);
    await reader.login('carol', SEED_PASSWORD);
    assert.equal((await reader.request('GET', '/new')).status, 403);
    for (const path of ['/post/999999', '/post/abc', '/post/1%27%20OR%201=1']) {
      const missing = await anonymous.request('GET', path);
      assert.equal(missing.status, 404, path);
      assert.match(missing.headers.get('content-type') ?? '', /text\/html/);
    }
    const unknown = await anonymous.request('GET', '/no/such/page', { headers: { accept: 'text/html' } });
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /<!doctype html>/);
  });

  test('pages that exist answer 200 with the forms they need', async () => {
    const author = new Client(stack.url);
    await author.login('alice', SEED_PASSWORD);
    for (const [path, marker] of [
      ['/login', 'action="/login"'],
      ['/register', 'action="/register"'],
      ['/new', 'action="/new"'],
      ['/generate', 'src="/assets/generate.js"'],
      ['/?page=2', 'Page 2 of'],
    ] as const) {
      const page = await author.request('GET', path);
      assert.equal(page.status, 200, path);
      assert.ok(page.text.includes(marker), `${path} has ${marker}`);
    }
    const script = await author.request('GET', '/assets/generate.js');
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
  });
});
