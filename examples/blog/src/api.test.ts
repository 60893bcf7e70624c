import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, startStack } from './testing.ts';

describe('JSON API', () => {
  let stack: Stack;
  const client = (): Client => new Client(stack.url);

  before(async () => {
    stack = await startStack({ seed: true });
  });
  after(() => stack.close());

  test('session flow: register, log in, /api/me, log out, then 401', async () => {
    const c = client();
    const registered = await c.request('POST', '/api/register', {
      json: { username: 'dana', password: 'long-enough-1' },
    });
    assert.equal(registered.status, 201);
    assert.deepEqual(registered.json<{ user: { role: string } }>().user.role, 'author');
    assert.equal((await c.request('GET', '/api/me')).status, 401);

    const login = await c.login('dana', 'long-enough-1');
    assert.equal(login.status, 200);
    const setCookie = login.headers.getSetCookie()[0] ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /^sid=[^;]+\.[^;]+;/, 'the session cookie is signed');

    const me = await c.request('GET', '/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.json<{ user: { username: string } }>().user.username, 'dana');

    assert.equal((await c.request('POST', '/api/logout')).status, 204);
    assert.equal((await c.request('GET', '/api/me')).status, 401);
  });

  test('a tampered or stale session cookie is anonymous', async () => {
    const c = client();
    await c.login('alice', SEED_PASSWORD);
    const valid = c.cookie ?? '';
    c.cookie = `${valid.slice(0, -2)}xx`;
    assert.equal((await c.request('GET', '/api/me')).status, 401);
    c.cookie = valid;
    await c.request('POST', '/api/logout');
    c.cookie = valid;
    assert.equal((await c.request('GET', '/api/me')).status, 401, 'the server forgot the session');
  });

  test('duplicate usernames are refused (case-insensitively)', async () => {
    const answer = await client().request('POST', '/api/register', {
      json: { username: 'ALICE', password: 'whatever-123' },
    });
    assert.equal(answer.status, 409);
    assert.match(answer.json<{ error: string }>().error, /taken/);
  });

  test('posts: create, read, list with pagination, edit, delete', async () => {
    const c = client();
    await c.signUp('erin');
    const created = await c.request('POST', '/api/posts', { json: { title: 'First', body: 'Hello there' } });
    assert.equal(created.status, 201);
    const { post } = created.json<{ post: { id: number; author: string } }>();
    assert.equal(post.author, 'erin');
    assert.equal(created.headers.get('location'), `/api/posts/${post.id}`);

    const read = await client().request('GET', `/api/posts/${post.id}`);
    assert.equal(read.json<{ post: { title: string } }>().post.title, 'First');

    const page = await client().request('GET', '/api/posts?page=1&pageSize=2');
    const list = page.json<{ posts: { id: number }[]; total: number; pageSize: number }>();
    assert.equal(list.posts.length, 2);
    assert.equal(list.posts[0]?.id, post.id, 'newest first');
    assert.ok(list.total >= 6);
    const last = await client().request('GET', `/api/posts?page=${Math.ceil(list.total / 2)}&pageSize=2`);
    assert.ok(last.json<{ posts: unknown[] }>().posts.length >= 1);

    const edited = await c.request('PUT', `/api/posts/${post.id}`, {
      json: { title: 'Second', body: 'Edited' },
    });
    assert.equal(edited.status, 200);
    assert.equal(edited.json<{ post: { title: string } }>().post.title, 'Second');

    assert.equal((await c.request('DELETE', `/api/posts/${post.id}`)).status, 204);
    assert.equal((await c.request('GET', `/api/posts/${post.id}`)).status, 404);
  });

  test('permissions: anonymous 401, reader 403, other author 403, admin allowed', async () => {
    const owner = client();
    await owner.signUp('frank');
    const { post } = (
      await owner.request('POST', '/api/posts', { json: { title: 'Mine', body: 'x' } })
    ).json<{
      post: { id: number };
    }>();
    const anonymous = client();
    assert.equal(
      (await anonymous.request('POST', '/api/posts', { json: { title: 't', body: 'b' } })).status,
      401,
    );
    assert.equal((await anonymous.request('DELETE', `/api/posts/${post.id}`)).status, 401);

    const reader = client();
    await reader.login('carol', SEED_PASSWORD);
    const refused = await reader.request('POST', '/api/posts', { json: { title: 't', body: 'b' } });
    assert.equal(refused.status, 403);
    assert.match(refused.json<{ error: string }>().error, /reader/);

    const other = client();
    await other.login('bob', SEED_PASSWORD);
    assert.equal(
      (await other.request('PUT', `/api/posts/${post.id}`, { json: { title: 'a', body: 'b' } })).status,
      403,
    );
    assert.equal((await other.request('DELETE', `/api/posts/${post.id}`)).status, 403);

    const admin = client();
    await admin.login('admin', SEED_PASSWORD);
    assert.equal(
      (await admin.request('PUT', `/api/posts/${post.id}`, { json: { title: 'Moderated', body: 'b' } }))
        .status,
      200,
    );
    assert.equal((await admin.request('DELETE', `/api/posts/${post.id}`)).status, 204);
  });

  test('validation: clear 400s for bad bodies, params and queries', async () => {
    const c = client();
    await c.login('alice', SEED_PASSWORD);
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/register', { username: 'ab', password: 'long-enough' }, /username/],
      ['POST', '/api/register', { username: 'bad name!', password: 'long-enough' }, /username/],
      ['POST', '/api/register', { username: 'gina', password: 'short' }, /password/],
      ['POST', '/api/login', { username: 'alice' }, /password/],
      ['POST', '/api/posts', { title: '', body: 'b' }, /title/],
      ['POST', '/api/posts', { title: '   ', body: 'b' }, /title must not be blank/],
      ['POST', '/api/posts', { title: 'x'.repeat(201), body: 'b' }, /title/],
      ['POST', '/api/posts', { title: 't' }, /body/],
    ];
    for (const [method, path, json, message] of cases) {
      const answer = await c.request(method, path, { json });
      assert.equal(answer.status, 400, `${method} ${path} ${JSON.stringify(json)}`);
      assert.match(answer.json<{ error: string }>().error, message);
    }
    const badJson = await c.request('POST', '/api/posts', {
      headers: { 'content-type': 'application/json' },
      json: undefined,
    });
    assert.equal(badJson.status, 400);
    const broken = await fetch(`${stack.url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: c.cookie ?? '' },
      body: '{"title": ',
    });
    assert.equal(broken.status, 400);
    assert.equal((await c.request('GET', '/api/posts/abc')).status, 400);
    assert.equal((await c.request('GET', '/api/posts?pageSize=500')).status, 400);
    assert.equal((await c.request('GET', '/api/posts/999999')).status, 404);
    assert.equal((await c.request('GET', '/api/nothing-here')).status, 404);
  });

  test('SQL injection in a title is stored as text and in a login is just a failed login', async () => {
    const c = client();
    await c.login('bob', SEED_PASSWORD);
    const title = "x'); DROP TABLE posts; --";
    const created = await c.request('POST', '/api/posts', { json: { title, body: "1' OR '1'='1" } });
    assert.equal(created.status, 201);
    const { post } = created.json<{ post: { id: number } }>();
    const read = (await c.request('GET', `/api/posts/${post.id}`)).json<{
      post: { title: string; body: string };
    }>();
    assert.equal(read.post.title, title);
    assert.equal(read.post.body, "1' OR '1'='1");
    const injected = await client().login("admin' OR '1'='1' --", 'anything');
    assert.equal(injected.status, 401);
    assert.equal((await client().request('GET', '/api/posts')).status, 200, 'posts table still there');
  });

  test('keeps serving under a flood of bad requests', async () => {
    const bad = Array.from({ length: 150 }, (_, i) =>
      fetch(`${stack.url}/api/posts${i % 3 === 0 ? '/x' : ''}`, {
        method: 'POST',
        headers: { 'content-type': i % 2 === 0 ? 'application/json' : 'text/plain' },
        body: i % 5 === 0 ? 'x'.repeat(70_000) : '{nope',
        signal: AbortSignal.timeout(15_000),
      }).then((r) => r.status),
    );
    const statuses = await Promise.all(bad);
    assert.ok(
      statuses.every((s) => s >= 400 && s < 500),
      `only 4xx: ${[...new Set(statuses)].join(',')}`,
    );
    assert.equal((await client().request('GET', '/health')).status, 200);
    assert.equal((await client().request('GET', '/api/posts')).status, 200);
  });
});
