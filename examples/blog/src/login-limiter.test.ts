import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AttemptLimiter } from './auth/attempt-limiter.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client, type Stack, startStack } from './testing.ts';

describe('AttemptLimiter (virtual clock)', () => {
  test('refuses after maxAttempts attempts until the window ends; success clears the key', () => {
    let nowMs = 0;
    const limiter = new AttemptLimiter({ maxAttempts: 3, windowMs: 60_000, now: () => nowMs });
    const key = AttemptLimiter.key('1.2.3.4', 'Bob');
    assert.equal(key, AttemptLimiter.key('1.2.3.4', 'bob'), 'usernames are case-insensitive');
    for (let i = 0; i < 3; i += 1) assert.equal(limiter.beginAttempt(key), 0);
    nowMs = 15_000;
    assert.equal(limiter.beginAttempt(key), 45);
    assert.equal(limiter.beginAttempt(AttemptLimiter.key('5.6.7.8', 'bob')), 0, 'other IPs are not affected');
    nowMs = 60_000;
    assert.equal(limiter.beginAttempt(key), 0, 'a new window');
    limiter.recordSuccess(key);
    limiter.recordSuccess(AttemptLimiter.key('5.6.7.8', 'bob'));
    assert.equal(limiter.size, 0);
  });

  test('stays bounded under a flood of distinct keys', () => {
    let nowMs = 0;
    const limiter = new AttemptLimiter({ maxAttempts: 5, windowMs: 1000, maxKeys: 100, now: () => nowMs });
    for (let i = 0; i < 1000; i += 1) {
      nowMs = i;
      limiter.beginAttempt(AttemptLimiter.key('ip', `user${i}`));
    }
    assert.ok(limiter.size <= 100, `size ${limiter.size}`);
  });
});

describe('rate-limited login over HTTP', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ seed: true, loginMaxFailures: 3 });
  });
  after(() => stack.close());

  test('429 with Retry-After after N failures, even with the right password', async () => {
    const c = new Client(stack.url);
    for (let i = 0; i < 3; i += 1) assert.equal((await c.login('alice', `wrong-${i}`)).status, 401);
    const limited = await c.login('alice', SEED_PASSWORD);
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.match(limited.json<{ error: string }>().error, /Too many failed logins/);
    const page = await c.request('POST', '/login', { form: { username: 'alice', password: SEED_PASSWORD } });
    assert.equal(page.status, 429, 'the login form shares the limit');
    assert.equal((await c.login('bob', SEED_PASSWORD)).status, 200, 'another username is not limited');
  });

  test('parallel attempts are counted when they start: 40 at once, at most 3 evaluated', async () => {
    const c = new Client(stack.url);
    const passwords = Array.from({ length: 40 }, (_, i) => (i === 39 ? SEED_PASSWORD : `wrong-${i}`));
    const statuses = (await Promise.all(passwords.map((p) => c.login('bob', p)))).map((a) => a.status);
    const evaluated = statuses.filter((s) => s === 200 || s === 401).length;
    const limited = statuses.filter((s) => s === 429).length;
    assert.equal(evaluated + limited, 40, `only 200, 401 and 429: ${statuses.join(',')}`);
    assert.ok(evaluated <= 3, `${evaluated} attempts evaluated (limit 3)`);
    assert.ok(limited >= 37, `${limited} refused with 429`);
  });
});

describe('rate-limited registration over HTTP', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ registerMaxPerWindow: 3 });
  });
  after(() => stack.close());

  test('after N registrations from one IP, 429 with Retry-After (API and form), counted at the start', async () => {
    const c = new Client(stack.url);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const answer = await c.request('POST', '/api/register', {
          json: { username: `flood${i}`, password: 'long-enough-pw' },
        });
        return answer.status;
      }),
    );
    assert.equal(statuses.filter((s) => s === 201).length, 3, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 5, statuses.join(','));
    const form = await new Client(stack.url).request('POST', '/register', {
      form: { username: 'formflood', password: 'long-enough-pw' },
    });
    assert.equal(form.status, 429);
    assert.ok(Number(form.headers.get('retry-after')) >= 1);
    assert.match(form.text, /Too many registrations/);
  });
});
