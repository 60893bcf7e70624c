import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, startStack } from './testing.ts';

describe('CSRF defences', () => {
  let stack: Stack;
  let alice: Client;
  const postCount = async (): Promise<number> =>
    (await alice.request('GET', '/api/posts')).json<{ total: number }>().total;

  before(async () => {
    stack = await startStack({ seed: true });
    alice = new Client(stack.url);
    await alice.login('alice', SEED_PASSWORD);
  });
  after(() => stack.close());

  test('a form post from another origin (another port of the same host) is refused', async () => {
    const before = await postCount();
    const otherPort = `http://127.0.0.1:${Number(new URL(stack.url).port) + 1}`;
    const token = await alice.formToken();
    const forged: Record<string, string>[] = [{ origin: otherPort }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of forged) {
      const answer = await alice.request('POST', '/new', {
        form: { title: 'Forged', body: 'by another page', _csrf: token ?? '' },
        headers,
      });
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.match(answer.text, /Cross-site request refused/);
    }
    const api = await alice.request('POST', '/api/posts', {
      json: { title: 'Forged', body: 'x' },
      headers: { origin: 'http://evil.example' },
    });
    assert.equal(api.status, 403);
    assert.equal(await postCount(), before, 'no post was created');
  });

  test('a same-origin form with the page token is accepted; without it (or a wrong one) 403', async () => {
    const page = await alice.request('GET', '/new');
    assert.match(
      page.text,
      /<form method="post" action="\/new"><input type="hidden" name="_csrf" value="[^"]+">/,
    );
    const sameOrigin = { origin: stack.url, 'sec-fetch-site': 'same-origin' };
    const before = await postCount();
    const accepted = await alice.request('POST', '/new', {
      form: { title: 'Mine', body: 'typed here' },
      headers: sameOrigin,
    });
    assert.equal(accepted.status, 303);
    for (const _csrf of ['', 'not-the-token']) {
      const refused = await alice.request('POST', '/new', { form: { title: 'T', body: 'B', _csrf } });
      assert.equal(refused.status, 403);
      assert.match(refused.text, /CSRF token/);
    }
    assert.equal(await postCount(), before + 1);
  });

  test('the JSON routes take only application/json bodies (415)', async () => {
    const form = new URLSearchParams({ title: 'Urlencoded', body: 'x' }).toString();
    for (const path of ['/api/posts', '/generate-blog']) {
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
      ]) {
        const answer = await alice.request('POST', path, { headers: { 'content-type': type }, body: form });
        assert.equal(answer.status, 415, `${path} ${type}`);
      }
    }
    const json = await alice.request('POST', '/api/posts', { json: { title: 'Json', body: 'fine' } });
    assert.equal(json.status, 201);
  });
});
