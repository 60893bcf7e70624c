import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { resolveConfig } from './config.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, sample, startStack } from './testing.ts';

describe('response hardening', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ seed: true });
  });
  after(() => stack.close());

  test('every answer says X-Content-Type-Options: nosniff (JSON, page, error, metrics)', async () => {
    const c = new Client(stack.url);
    for (const path of ['/api/posts', '/', '/api/posts/999999', '/no-such-page', '/metrics', '/api/me']) {
      const answer = await c.request('GET', path);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${path} (${answer.status})`);
    }
  });

  test('a bad percent-encoding in the path gets the blog error body and is counted', async () => {
    const requestsOf = async (): Promise<number> =>
      sample(await (await fetch(`${stack.url}/metrics`)).text(), 'http_requests_total', [
        'route="__unmatched__"',
        'status="400"',
      ]) ?? 0;
    const before = await requestsOf();
    const c = new Client(stack.url);
    for (const path of ['/post/%E0%A4%A', '/api/posts/%zz']) {
      const answer = await c.request('GET', path);
      assert.equal(answer.status, 400, path);
      assert.deepEqual(answer.json(), { error: 'The request path is not valid' });
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    }
    const page = await c.request('GET', '/%zz', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 400);
    assert.match(page.text, /<h1>400<\/h1>/, 'a browser gets the blog error page');
    assert.equal(await requestsOf(), before + 3);
  });
});

describe('trustProxy', () => {
  const twoForwardedFailures = async (stack: Stack): Promise<number[]> => {
    const c = new Client(stack.url);
    const statuses: number[] = [];
    for (const ip of ['203.0.113.1', '203.0.113.2']) {
      const answer = await c.request('POST', '/api/login', {
        json: { username: 'alice', password: 'wrong-password' },
        headers: { 'x-forwarded-for': ip },
      });
      statuses.push(answer.status);
    }
    return statuses;
  };

  test('off by default: X-Forwarded-For is ignored, one bucket for the socket address', async () => {
    const stack = await startStack({ seed: true, loginMaxFailures: 1 });
    try {
      assert.deepEqual(await twoForwardedFailures(stack), [401, 429]);
    } finally {
      await stack.close();
    }
  });

  test('on: each forwarded client has its own login bucket', async () => {
    const stack = await startStack({ seed: true, loginMaxFailures: 1, trustProxy: '127.0.0.1' });
    try {
      assert.deepEqual(await twoForwardedFailures(stack), [401, 401]);
      const c = new Client(stack.url);
      assert.equal((await c.login('alice', SEED_PASSWORD)).status, 200, 'the proxy itself is another client');
    } finally {
      await stack.close();
    }
  });
});

describe('demo seed only on loopback', () => {
  test('resolveConfig refuses seed with a non-loopback host', () => {
    assert.throws(() => resolveConfig({ seed: true, host: '0.0.0.0' }), /refusing to seed the demo accounts/);
    assert.throws(() => resolveConfig({ seed: true, host: '192.168.1.10' }), /HOST=192\.168\.1\.10/);
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) resolveConfig({ seed: true, host });
    resolveConfig({ host: '0.0.0.0' });
  });

  test('a database seeded on loopback is refused on a public host while the demo password opens it', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-seeded-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const seeded = join(dir, 'seeded.db');
    await (await buildApp({ dbPath: seeded, seed: true, host: '127.0.0.1' })).close();
    await assert.rejects(
      buildApp({ dbPath: seeded, host: '0.0.0.0' }),
      /^Error: refusing to serve on HOST=0\.0\.0\.0: the seeded accounts \(admin, alice, bob, carol\) still have the public demo password/,
    );
    // the same file still serves on loopback, and a database never seeded serves anywhere
    await (await buildApp({ dbPath: seeded, host: '127.0.0.1' })).close();
    await (await buildApp({ dbPath: join(dir, 'fresh.db'), host: '0.0.0.0' })).close();
  });

  test('main.ts with HOST=0.0.0.0 SEED=1 prints one line and exits 1', () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const run = spawnSync(process.execPath, [main], {
      env: { ...process.env, HOST: '0.0.0.0', SEED: '1', PORT: '0', LOG: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0] ?? '',
      /^blog: refusing to seed the demo accounts \(public password\) on HOST=0\.0\.0\.0/,
    );
  });
});
